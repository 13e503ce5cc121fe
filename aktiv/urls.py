from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_GET

from aktiv.insights import views as insights_views
from aktiv.integrations.urls import _machine_urls as _api_urls


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and bookmarks ask for /favicon.ico whatever the page says."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("", include("aktiv.home.urls")),
    path("", include("aktiv.people.urls")),
    path("team/", insights_views.team, name="team"),
    path("hr/", insights_views.hr_home, name="hr_home"),
    path("egenvurderinger/", include("aktiv.assessments.urls")),
    path("verktoy/", include("aktiv.reflections.urls")),
    path("mine-data/", include("aktiv.audit.urls")),
    path("varsler/", include("aktiv.notifications.urls")),
    path("", include("aktiv.conversations.urls")),
    path("mal/", include("aktiv.goals.urls")),
    path("kompetanse/", include("aktiv.competence.urls")),
    path("innsikt/", include("aktiv.insights.urls")),
    path("organisasjon/", include("aktiv.people.organisation.urls")),
    path("forventninger/", include("aktiv.expectations.urls")),
    path("laering/", include("aktiv.learning.urls")),
    path("tilbakemelding/", include("aktiv.feedback.urls")),  # upward and 180° (issue #15)
    path("helse/", include("aktiv.health.urls")),
    path("kurs/", include("aktiv.workshops.urls")),
    # The team pulse and helsenærvær (aktiv/pulse).
    path("puls/", include("aktiv.pulse.urls")),
    path("", include("aktiv.integrations.urls")),
    path("scim/v2/", include("aktiv.integrations.scim.urls")),
    path("api/v1/", _api_urls()),
    path("tilgjengelighet/", include("aktiv.accessibility.urls")),
    path("admin/", admin.site.urls),
]
