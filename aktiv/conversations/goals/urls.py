"""Phase 1: one record's goal conversation. Mounted under "mal/"; names are in the
`conversations` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("mappe/<uuid:uuid>/", views.record_goals, name="record_goals"),
    path("mappe/<uuid:uuid>/nytt/", views.personal_goal_create, name="personal_goal_create"),
    path("mappe/<uuid:uuid>/samtale/", views.record_notes, name="record_notes"),
    path("mappe/<uuid:uuid>/gjennomfort/", views.record_held, name="record_held"),
    path("personlig/<uuid:uuid>/endre/", views.personal_goal_edit, name="personal_goal_edit"),
    path("personlig/<uuid:uuid>/lagre/", views.personal_goal_save, name="personal_goal_save"),
    path(
        "personlig/<uuid:uuid>/foresla/",
        views.personal_goal_propose,
        name="personal_goal_propose",
    ),
    path("personlig/<uuid:uuid>/avtal/", views.personal_goal_agree, name="personal_goal_agree"),
    path(
        "personlig/<uuid:uuid>/send-tilbake/",
        views.personal_goal_send_back,
        name="personal_goal_send_back",
    ),
    path(
        "personlig/<uuid:uuid>/framdrift/",
        views.personal_goal_progress,
        name="personal_goal_progress",
    ),
    path("personlig/<uuid:uuid>/slett/", views.personal_goal_delete, name="personal_goal_delete"),
]
