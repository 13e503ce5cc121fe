from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("eksport.json", views.my_data_export, name="export"),
]
