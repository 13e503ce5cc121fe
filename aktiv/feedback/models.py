"""Upward feedback (the reports' anonymous view of their leader, in rounds) and the 180° view
(an employee's self-assessment beside their leader's view of them).

Upward answers are anonymous by construction: an `UpwardSubmission` has no person, no
timestamp and a random primary key; the separate `UpwardParticipation` row that stops a
second answer shares nothing with it but the round. Every submission rewrites the round's
submissions in a random order with new keys (`services.upward_answer`), so neither a key
nor the order rows were stored in tells whose answer is whose."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.assessments.definitions import Instrument

from . import definitions


class UpwardRoundQuerySet(models.QuerySet["UpwardRound"]):
    def open(self) -> UpwardRoundQuerySet:
        return self.filter(closed_on__isnull=True)

    def answerable_by(self, person: Any) -> UpwardRoundQuerySet:
        """Open rounds of the person's current leader."""
        if not person.leader_id or not person.is_active:
            return self.none()
        return self.open().filter(leader_id=person.leader_id)


class UpwardRound(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leder"),
        on_delete=models.CASCADE,
        related_name="upward_rounds",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    instrument_version = models.PositiveIntegerField(_("versjon"))
    opened_on = models.DateField(_("åpnet"), default=timezone.localdate)
    closed_on = models.DateField(_("lukket"), null=True, blank=True)

    objects = UpwardRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("runde med tilbakemelding oppover")
        verbose_name_plural = _("runder med tilbakemelding oppover")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["leader"],
                condition=Q(closed_on__isnull=True),
                name="upward_round_one_open_per_leader",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.opened_on}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:round", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def instrument(self) -> Instrument:
        return definitions.get(definitions.UPWARD, self.instrument_version)


class UpwardSubmission(models.Model):
    """One report's answers about their leader: no person, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(UpwardRound, on_delete=models.CASCADE, related_name="submissions")
    values = models.JSONField()  # {item key: 1–5}

    class Meta:
        verbose_name = _("anonymt svar oppover")
        verbose_name_plural = _("anonyme svar oppover")

    def __str__(self) -> str:
        return str(_("anonymt svar"))


class UpwardParticipation(models.Model):
    """That this person has answered this round, and nothing about what or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(UpwardRound, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("har svart oppover")
        verbose_name_plural = _("har svart oppover")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="upward_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.round})"


class ViewRequestQuerySet(models.QuerySet["ViewRequest"]):
    def visible_to(self, viewer: Any) -> ViewRequestQuerySet:
        """The employee who asked; the leader asked, while they are still the leader."""
        return self.filter(Q(employee=viewer) | Q(leader=viewer, employee__leader=viewer))

    def waiting(self) -> ViewRequestQuerySet:
        return self.filter(answered_at__isnull=True)


class ViewRequest(models.Model):
    """An employee asks their leader to answer the 180° instrument about them. The
    employee's own answers are their submitted self-assessment (`response`); neither sees
    the other's answers before the leader has submitted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="view_requests"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="view_requests_to_me"
    )
    response = models.ForeignKey("assessments.Response", on_delete=models.CASCADE, related_name="+")
    instrument_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    leader_values = models.JSONField(null=True, blank=True)  # {item key: 1–5}
    answered_at = models.DateTimeField(null=True, blank=True)
    agenda_added_at = models.DateTimeField(null=True, blank=True)

    objects = ViewRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("180°-forespørsel")
        verbose_name_plural = _("180°-forespørsler")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(answered_at__isnull=True),
                name="view_request_one_waiting",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True, leader_values__isnull=True)
                | Q(answered_at__isnull=False, leader_values__isnull=False),
                name="view_request_answered_has_values",
            ),
        ]

    def __str__(self) -> str:
        return f"180° {self.employee} / {self.leader}"

    def get_absolute_url(self) -> str:
        return reverse("feedback:view", args=[self.uuid])

    def data_subject(self) -> Any:
        """The employee: the leader's reads are logged for them to see."""
        return self.employee

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def instrument(self) -> Instrument:
        return definitions.get(definitions.ONE_EIGHTY, self.instrument_version)
