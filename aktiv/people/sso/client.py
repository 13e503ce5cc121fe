"""The one Authlib client for the configured provider, made from the settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from authlib.integrations.django_client import OAuth
from django.conf import settings


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


@cache
def _client(issuer: str, client_id: str, client_secret: str, scopes: str, timeout: int) -> Any:
    oauth = OAuth()
    return oauth.register(
        name="aktiv",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url(issuer),
        client_kwargs={
            "scope": scopes,
            "code_challenge_method": "S256",
            "default_timeout": timeout,
        },
    )


def client() -> Any:
    """Keyed by the settings, so a change of configuration (or a test's) gets a fresh client;
    the provider's metadata and keys are fetched once per client."""
    return _client(
        settings.OIDC_ISSUER,
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
        settings.OIDC_TIMEOUT,
    )


def claims_options() -> dict[str, Any]:
    """What the ID token must say beyond what Authlib always checks: the issuer exactly as
    configured (not only as the discovery document says), and for Entra ID the tenant."""
    options: dict[str, Any] = {"iss": {"essential": True, "values": [settings.OIDC_ISSUER]}}
    if settings.OIDC_TENANT:
        options["tid"] = {"essential": True, "values": [settings.OIDC_TENANT]}
    return options


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's sign-out page (RP-initiated logout), when it has one."""
    oidc = client()
    metadata = oidc.load_server_metadata()
    if not metadata.get("end_session_endpoint"):
        return None
    result = oidc.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=settings.OIDC_CLIENT_ID,
    )
    return str(result["url"])
