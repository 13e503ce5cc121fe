from django.urls import path

from . import views

urlpatterns = [
    path("live", views.live, name="health_live"),
    path("klar", views.ready, name="health_ready"),
]
