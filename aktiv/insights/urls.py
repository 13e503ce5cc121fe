from django.urls import include, path

from . import views

app_name = "insights"
urlpatterns = [
    path("deltakelse/", views.participation_view, name="participation"),
    path("deltakelse/enhet/<uuid:uuid>/", views.participation_unit, name="participation_unit"),
    path("deltakelse/eksport/", views.participation_export, name="participation_export"),
    path("egenvurderinger/", views.figures_view, name="figures"),
    path("egenvurderinger/eksport/", views.figures_export, name="export"),
    path("", include("aktiv.insights.downloads.urls")),
]
