from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from . import views
from .api import api


def _machine_urls() -> tuple[list[Any], str, str]:
    """The API's URLs, open to requests without a session (the token is checked by each
    endpoint; the OpenAPI document and its docs page are public, as they hold no data)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns, app_name, namespace


app_name = "integrations"
urlpatterns = [
    path("hr/integrasjoner/", views.token_list, name="tokens"),
    path("hr/integrasjoner/<uuid:uuid>/trekk-tilbake/", views.token_revoke, name="token_revoke"),
    path("hr/invitasjon/<uuid:uuid>/send/", views.invitation_send, name="invitation_send"),
    path("invitasjon/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("api/v1/docs", views.api_docs, name="api_docs"),
]
