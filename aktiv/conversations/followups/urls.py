"""Phase 2: structured follow-ups. Names are in the `conversations` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("mappe/<uuid:uuid>/planlegg/", views.follow_ups_plan, name="follow_ups_plan"),
    path("mappe/<uuid:uuid>/ny-samtale/", views.follow_up_add, name="follow_up_add"),
    path("oppfolging/<uuid:uuid>/", views.follow_up, name="follow_up"),
    path("oppfolging/<uuid:uuid>/kalender.ics", views.follow_up_ics, name="follow_up_ics"),
    path("oppfolging/<uuid:uuid>/flytt/", views.follow_up_move, name="follow_up_move"),
    path("oppfolging/<uuid:uuid>/avlys/", views.follow_up_cancel, name="follow_up_cancel"),
    path("oppfolging/<uuid:uuid>/gjennomfort/", views.follow_up_held, name="follow_up_held"),
    path("oppfolging/<uuid:uuid>/forberedelse/", views.follow_up_prepare, name="follow_up_prepare"),
    path("oppfolging/<uuid:uuid>/agenda/", views.follow_up_agenda_add, name="follow_up_agenda_add"),
    path(
        "oppfolging/<uuid:uuid>/agenda/<uuid:item_uuid>/fjern/",
        views.follow_up_agenda_remove,
        name="follow_up_agenda_remove",
    ),
    path("oppfolging/<uuid:uuid>/notater/", views.follow_up_notes, name="follow_up_notes"),
    path("oppfolging/<uuid:uuid>/lykkes/", views.follow_up_support, name="follow_up_support"),
    path(
        "oppfolging/<uuid:uuid>/private-notater/",
        views.follow_up_private_note,
        name="follow_up_private_note",
    ),
    path("oppfolging/<uuid:uuid>/tiltak/", views.follow_up_action_add, name="follow_up_action_add"),
    path(
        "oppfolging/<uuid:uuid>/tiltak/<uuid:action_uuid>/",
        views.follow_up_action_done,
        name="follow_up_action_done",
    ),
]
