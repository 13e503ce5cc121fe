from django.urls import path

from . import views

app_name = "learning"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("okter/<uuid:uuid>/", views.session_detail, name="session"),
    path("forvalt/", views.manage, name="manage"),
    path("forvalt/okter/<uuid:uuid>/", views.session_edit, name="session_edit"),
    path("forvalt/okter/<uuid:uuid>/synlighet/", views.session_active, name="session_active"),
    path("forvalt/anbefalinger/<slug:key>/", views.mapping_edit, name="mapping_edit"),
]
