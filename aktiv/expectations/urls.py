from django.urls import path

from . import views

app_name = "expectations"
urlpatterns = [
    path("", views.current, name="current"),
    path("versjon/<uuid:uuid>/", views.version_detail, name="version"),
    path("versjon/<uuid:uuid>/bekreft/", views.acknowledge, name="acknowledge"),
    path("hr/", views.manage, name="manage"),
    path("hr/nytt-utkast/", views.draft_start, name="draft_start"),
    path("hr/utkast/", views.edit, name="edit"),
    path("hr/versjon/<uuid:uuid>/publiser/", views.publish, name="publish"),
    path("hr/egensjekk/", views.self_check, name="self_check"),
    path("hr/egensjekk/<uuid:uuid>/", views.self_check_detail, name="self_check_detail"),
]
