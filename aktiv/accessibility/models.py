"""Feedback on accessibility, sent from the accessibility statement (open without signing
in) and answered by HR or an administrator by e-mail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX = 4000
REPLY_MAX = 4000


class FeedbackQuerySet(models.QuerySet["Feedback"]):
    def unanswered(self) -> FeedbackQuerySet:
        return self.filter(answered_at__isnull=True)


class Feedback(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.TextField(_("melding"), max_length=MESSAGE_MAX)
    email = models.EmailField(_("e-post for svar"), blank=True)
    page = models.CharField(_("side"), max_length=500, blank=True)
    # The language the sender read the statement in; the answer is written in it.
    language = models.CharField(_("språk"), max_length=8, default="nb")
    created_at = models.DateTimeField(_("mottatt"), auto_now_add=True)
    reply = models.TextField(_("svar"), max_length=REPLY_MAX, blank=True)
    answered_at = models.DateTimeField(_("besvart"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvart av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilbakemelding om tilgjengelighet")
        verbose_name_plural = _("tilbakemeldinger om tilgjengelighet")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
