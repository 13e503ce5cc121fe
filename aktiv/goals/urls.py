from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    # The goal tree, and the organisation's (HR) and a unit's (its leader) goals. A record's
    # personal goals are in aktiv/conversations/goals/urls.py, under the same "mal/".
    path("", views.tree, name="tree"),
    path("organisasjon/", views.organisation, name="organisation"),
    path("organisasjon/nytt/", views.organisation_create, name="organisation_create"),
    path("enhet/", views.unit, name="unit"),
    path("enhet/nytt/", views.unit_create, name="unit_create"),
    path("<uuid:uuid>/endre/", views.goal_edit, name="goal_edit"),
    path("<uuid:uuid>/lagre/", views.goal_save, name="goal_save"),
    path("<uuid:uuid>/slett/", views.goal_delete, name="goal_delete"),
]
