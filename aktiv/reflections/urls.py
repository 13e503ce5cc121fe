from django.urls import path

from . import views

app_name = "reflections"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.tool_detail, name="tool"),
    path("<slug:key>/start/", views.worksheet_start, name="start"),
    path("ark/<uuid:uuid>/", views.worksheet_detail, name="worksheet"),
    path("ark/<uuid:uuid>/lagre/", views.worksheet_save, name="save"),
    path("ark/<uuid:uuid>/kjerne/", views.worksheet_core, name="core"),
    path("ark/<uuid:uuid>/deling/", views.worksheet_sharing, name="sharing"),
    path("ark/<uuid:uuid>/slett/", views.worksheet_delete, name="delete"),
    path("saker/<uuid:uuid>/fjern/", views.agenda_item_remove, name="agenda_remove"),
]
