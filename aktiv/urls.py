from django.contrib import admin
from django.urls import include, path

from aktiv.insights import views as insights_views

urlpatterns = [
    path("", include("aktiv.home.urls")),
    path("", include("aktiv.people.urls")),
    path("team/", insights_views.team, name="team"),
    path("egenvurderinger/", include("aktiv.assessments.urls")),
    path("verktoy/", include("aktiv.reflections.urls")),
    path("mine-data/", include("aktiv.audit.urls")),
    path("", include("aktiv.conversations.urls")),
    path("mal/", include("aktiv.goals.urls")),
    path("kompetanse/", include("aktiv.competence.urls")),
    path("innsikt/", include("aktiv.insights.urls")),
    path("organisasjon/", include("aktiv.people.organisation.urls")),
    path("forventninger/", include("aktiv.expectations.urls")),
    path("laering/", include("aktiv.learning.urls")),
    path("helse/", include("aktiv.health.urls")),
    path("tilgjengelighet/", include("aktiv.accessibility.urls")),
    path("admin/", admin.site.urls),
]
