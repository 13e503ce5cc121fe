"""Filled-in reflection worksheets. Every return to a tool makes a new worksheet (a
version) prefilled from the last one, so a person can see how they moved."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aktiv.people.sharing import Shareable, ShareableQuerySet

from . import registry

# What a worksheet puts on the next follow-up's agenda is an agenda point there, with that
# point's limit (conversations.AgendaItem.text).
AGENDA_TEXT_MAX = 2000


class WorksheetQuerySet(ShareableQuerySet["Worksheet"]):
    def done(self) -> WorksheetQuerySet:
        return self.filter(status=Worksheet.Status.DONE)

    def drafts(self) -> WorksheetQuerySet:
        return self.filter(status=Worksheet.Status.DRAFT)

    def for_tool(self, key: str) -> WorksheetQuerySet:
        return self.filter(tool_key=key)


class Worksheet(Shareable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Under arbeid")
        DONE = "done", _("Ferdig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tool_key = models.CharField(_("verktøy"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("innhold"), default=dict, blank=True)
    created_at = models.DateTimeField(_("påbegynt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    completed_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    objects = WorksheetQuerySet.as_manager()

    class Meta:
        verbose_name = _("arbeidsark")
        verbose_name_plural = _("arbeidsark")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "tool_key"],
                condition=Q(status="draft"),
                name="worksheet_one_draft_per_tool",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", completed_at__isnull=True)
                | Q(status="done", completed_at__isnull=False),
                name="worksheet_done_has_time",
            ),
        ]
        indexes = [models.Index(fields=["person", "tool_key", "status"])]

    def __str__(self) -> str:
        return f"{self.tool.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reflections:worksheet", args=[self.uuid])

    @classmethod
    def shareable_q(cls) -> Q:
        return Q(status=cls.Status.DONE)

    def can_be_shared(self) -> bool:
        return self.is_done

    not_ready_message = _("Marker arbeidsarket som ferdig før du deler det.")

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def tool(self) -> registry.Tool:
        return registry.get(self.tool_key)

    def earlier(self, viewer: Any) -> list[Worksheet]:
        """Finished versions of the same tool before this one that the viewer may see,
        oldest first."""
        return list(
            Worksheet.objects.visible_to(viewer)
            .done()
            .filter(
                person_id=self.person_id,
                tool_key=self.tool_key,
                created_at__lt=self.created_at,
            )
            .order_by("created_at")
        )


class PendingAgendaItem(models.Model):
    """Something a person wants to bring to their next follow-up conversation ("bestille
    ledelse"): the conversation module takes these onto the agenda."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pending_agenda_items"
    )
    text = models.TextField(_("tekst"), max_length=AGENDA_TEXT_MAX)
    source = models.ForeignKey(
        Worksheet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("sak til neste oppfølgingssamtale")
        verbose_name_plural = _("saker til neste oppfølgingssamtale")

    def __str__(self) -> str:
        return self.text[:60]

    @classmethod
    def pending_for(cls, person: Any) -> models.QuerySet[PendingAgendaItem]:
        return cls.objects.filter(person=person, handled_at__isnull=True)
