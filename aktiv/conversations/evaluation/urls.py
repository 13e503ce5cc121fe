"""Phase 3: the evaluation and learning conversation, one per record. Names are in the
`conversations` namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("mappe/<uuid:uuid>/evaluering/", views.evaluation, name="evaluation"),
    path(
        "mappe/<uuid:uuid>/evaluering/vurdering/",
        views.evaluation_assess,
        name="evaluation_assess",
    ),
    path(
        "mappe/<uuid:uuid>/evaluering/oppsummering/",
        views.evaluation_texts,
        name="evaluation_texts",
    ),
    path(
        "mappe/<uuid:uuid>/evaluering/bekreft/", views.evaluation_confirm, name="evaluation_confirm"
    ),
    path(
        "mappe/<uuid:uuid>/evaluering/gjenapne/", views.evaluation_reopen, name="evaluation_reopen"
    ),
    path(
        "mappe/<uuid:uuid>/evaluering/oppsummering.pdf", views.evaluation_pdf, name="evaluation_pdf"
    ),
]
