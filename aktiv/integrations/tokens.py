"""Bearer tokens: made (shown once), revoked, and checked on each request of a system.

Plain HTTP is refused outside DEBUG (INTEGRATIONS_REQUIRE_HTTPS), judged by
`request.is_secure()`, which honours SECURE_PROXY_SSL_HEADER behind a proxy: a token sent
in clear text is as good as published."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from .models import TOKEN_PREFIX, IntegrationToken, Scope, token_digest

# How stale `last_used_at` may be: a busy provisioning run does not write the token's row
# on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: IntegrationToken
    secret: str  # shown once, never stored


@transaction.atomic
def token_create(*, actor: Person, name: str, scopes: list[str]) -> NewToken:
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": _("Gi nøkkelen et navn, for eksempel systemet som bruker den.")}
        )
    check_lengths(IntegrationToken, name=name)
    known = set(Scope.values)
    chosen = [scope for scope in Scope.values if scope in scopes]
    if not chosen or set(scopes) - known:
        raise ValidationError({"scopes": _("Velg minst én tilgang.")})
    secret = IntegrationToken.new_secret()
    token = IntegrationToken.objects.create(
        name=name,
        scopes=chosen,
        digest=token_digest(secret),
        hint=secret[: len(TOKEN_PREFIX) + 4],
        created_by=actor,
    )
    action_log(actor=actor, action="token_create", obj=token)
    return NewToken(token=token, secret=secret)


@transaction.atomic
def token_revoke(*, actor: Person, token: IntegrationToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    action_log(actor=actor, action="token_revoke", obj=token)


class TokenRefused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status, self.detail = status, detail


def insecure(request: HttpRequest) -> bool:
    return settings.INTEGRATIONS_REQUIRE_HTTPS and not request.is_secure()


def token_from_request(request: HttpRequest, scope: str) -> IntegrationToken:
    """The live token in the Authorization header that holds `scope`, or TokenRefused:
    401 without a valid token, 403 for a token without the scope or plain HTTP."""
    header = request.headers.get("Authorization", "")
    kind, _sep, secret = header.partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        raise TokenRefused(401, "A bearer token is required")
    if insecure(request):
        raise TokenRefused(403, "HTTPS is required")
    token = (
        IntegrationToken.objects.live()
        .select_related("created_by")
        .filter(digest=token_digest(secret.strip()))
        .first()
    )
    if token is None:
        raise TokenRefused(401, "The token is unknown or revoked")
    # A token acts with its creator's HR powers: it works only while they still have them,
    # so someone taken out of HR (or gone) cannot keep acting as HR through a kept secret.
    creator = token.created_by
    if creator is None or not creator.is_active or not creator.is_hr:
        raise TokenRefused(401, "The token's creator is no longer HR")
    if not token.allows(scope):
        raise TokenRefused(403, f"The token lacks the scope {scope}")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
