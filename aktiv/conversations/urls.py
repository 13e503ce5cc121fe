"""The employee conversation's URLs, all in the `conversations` namespace: periods and
records here, each phase's in its own package."""

from django.urls import include, path

from . import views

app_name = "conversations"
urlpatterns = [
    path("samtaler/", views.index, name="index"),
    path("samtaler/perioder/", views.periods, name="periods"),
    path("samtaler/mappe/<uuid:uuid>/", views.record_detail, name="record"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("mine-data/kalender/", views.calendar_settings, name="calendar_settings"),
    path("mal/", include("aktiv.conversations.goals.urls")),
    path("samtaler/", include("aktiv.conversations.followups.urls")),
    path("samtaler/", include("aktiv.conversations.evaluation.urls")),
]
