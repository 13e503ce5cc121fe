from django.urls import path

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.index, name="index"),
    path("enheter/ny/", views.unit_new, name="unit_new"),
    path("enheter/<uuid:uuid>/", views.unit_edit, name="unit_edit"),
    path("enheter/<uuid:uuid>/slett/", views.unit_delete, name="unit_delete"),
    path("enheter/<uuid:uuid>/under/", views.unit_rows, name="unit_rows"),
    path("personer/ny/", views.person_new, name="person_new"),
    path("personer/<uuid:uuid>/", views.person_edit, name="person_edit"),
    path("personer/<uuid:uuid>/deaktiver/", views.person_deactivate, name="person_deactivate"),
    path("personer/<uuid:uuid>/aktiver/", views.person_reactivate, name="person_reactivate"),
    path("import/", views.import_people, name="import"),
    path("import/<uuid:uuid>/", views.import_job, name="import_job"),
    path("import/<uuid:uuid>/importer/", views.import_staged, name="import_staged"),
]
