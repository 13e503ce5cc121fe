from django.urls import path

from . import views_org

app_name = "organisation"
urlpatterns = [
    path("", views_org.index, name="index"),
    path("enheter/ny/", views_org.unit_new, name="unit_new"),
    path("enheter/<uuid:uuid>/", views_org.unit_edit, name="unit_edit"),
    path("enheter/<uuid:uuid>/slett/", views_org.unit_delete, name="unit_delete"),
    path("personer/ny/", views_org.person_new, name="person_new"),
    path("personer/<uuid:uuid>/", views_org.person_edit, name="person_edit"),
    path("personer/<uuid:uuid>/deaktiver/", views_org.person_deactivate, name="person_deactivate"),
    path("personer/<uuid:uuid>/aktiver/", views_org.person_reactivate, name="person_reactivate"),
    path("import/", views_org.import_people, name="import"),
]
