from django.urls import include, path

from . import views

app_name = "conversations"
urlpatterns = [
    path("", views.index, name="index"),
    path("perioder/", views.periods, name="periods"),
    path("mappe/<uuid:uuid>/", views.record_detail, name="record"),
    # Phase 2: follow-ups (views_followups.py).
    path("", include("aktiv.conversations.urls_followups")),
    # Phase 3: evaluation and learning (views_evaluation.py).
    path("", include("aktiv.conversations.urls_evaluation")),
]
