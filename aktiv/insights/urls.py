from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("deltakelse/", views.participation_view, name="participation"),
]
