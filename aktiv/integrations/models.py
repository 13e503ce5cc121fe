"""What the organisation's other systems use to reach Aktiv: integration tokens (SCIM
provisioning, and later the API), the link between a provisioned person and the identity
system's record of them, and the welcome e-mail every new person gets."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    SCIM = "scim", _("SCIM-provisjonering (personer)")
    ORGANISATION_READ = "organisation:read", _("Lese organisasjonen")
    ORGANISATION_WRITE = "organisation:write", _("Endre organisasjonen")
    INSIGHTS_READ = "insights:read", _("Lese anonymiserte tall")


TOKEN_PREFIX = "aktiv_"  # noqa: S105  # nosec B105 (a visible prefix, not a secret)


def token_digest(raw: str) -> str:
    """A token carries 256 random bits, so a plain SHA-256 is enough to store it: nothing
    can be guessed from the digest, and lookup by digest needs no per-row salt."""
    return hashlib.sha256(raw.encode()).hexdigest()


class TokenQuerySet(models.QuerySet["IntegrationToken"]):
    def live(self) -> TokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class IntegrationToken(models.Model):
    """A bearer token for one system. Only its digest is stored: the token itself is shown
    once, when it is made, and nobody can read it again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=100)
    scopes = models.JSONField(_("tilganger"), default=list)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so HR can tell which token a system holds.
    hint = models.CharField(max_length=16, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("opprettet av"),
    )
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("integrasjonsnøkkel")
        verbose_name_plural = _("integrasjonsnøkler")

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def new_secret() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def allows(self, scope: str) -> bool:
        return self.revoked_at is None and scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]


class ScimLink(models.Model):
    """What the identity system (Entra ID, an HR system) knows a person by, and the SCIM
    attributes Aktiv keeps as it sent them, so that what it reads back is what it wrote."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scim_link"
    )
    external_id = models.CharField(max_length=200, blank=True, db_index=True)
    user_name = models.CharField(max_length=254, db_index=True)
    attributes: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)
    # Deleted over SCIM: the person is deactivated and no longer seen by SCIM.
    deleted = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("SCIM-kobling")
        verbose_name_plural = _("SCIM-koblinger")

    def __str__(self) -> str:
        return self.user_name


class Invitation(models.Model):
    """The welcome e-mail of one person. `sent_at` is claimed with a conditional UPDATE
    before sending, so two workers (or a sweep run twice) never both send it; HR's resend
    sets it back to empty."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitation"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    times_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")

    def __str__(self) -> str:
        return str(self.person_id)
