from django.urls import path

from . import views

urlpatterns = [
    path("eksport/<uuid:uuid>/", views.export_job, name="export_job"),
    path("eksport/<uuid:uuid>/fil/", views.export_file, name="export_file"),
    path("eksport/<uuid:uuid>/igjen/", views.export_again, name="export_again"),
]
