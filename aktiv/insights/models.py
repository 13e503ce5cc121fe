"""Figures frozen when a quarter has closed. Each row holds what the people who answered one
instrument in one closed quarter contributed to one unit (the unit they belonged to when they
answered): how many, the sum and number of their item answers per dimension, and how many fell
in each band. Counts and sums only: no person, no answer, nothing to join back to anyone.

Frozen, a quarter's figures never change again (not when people move, leave or delete an
answer later), and a page reads a few rows per unit instead of every answer: the anonymity
gate and the HR pages' speed rest on the same rows."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class QuarterFigure(models.Model):
    instrument_key = models.CharField(max_length=60)
    quarter_end = models.DateField()
    unit = models.ForeignKey("people.Unit", null=True, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField()
    # {dimension: [sum of item values, number of item answers, band 1, band 2, band 3, band 4]}
    dimensions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("frosset kvartalstall")
        verbose_name_plural = _("frosne kvartalstall")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_key", "quarter_end", "unit"], name="quarter_figure_once"
            )
        ]
        indexes = [models.Index(fields=["instrument_key", "quarter_end"])]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.quarter_end} {self.unit_id}"


class FrozenQuarter(models.Model):
    """That a quarter's figures for an instrument are frozen (also when nobody answered)."""

    instrument_key = models.CharField(max_length=60)
    quarter_end = models.DateField()
    frozen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("frosset kvartal")
        verbose_name_plural = _("frosne kvartaler")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_key", "quarter_end"], name="frozen_quarter_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.quarter_end}"


class ParticipationFigure(models.Model):
    """A period's participation, precomputed by the worker: for one unit (its people and
    those of every unit below it) or for one leader (their pairs). Counts and the last date
    only."""

    period = models.ForeignKey("conversations.Period", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("people.Unit", null=True, on_delete=models.CASCADE, related_name="+")
    leader = models.ForeignKey(
        "people.Person", null=True, on_delete=models.CASCADE, related_name="+"
    )
    people = models.PositiveIntegerField()
    goals_agreed = models.PositiveIntegerField()
    followed_up = models.PositiveIntegerField()
    follow_ups_held = models.PositiveIntegerField()
    last_follow_up = models.DateTimeField(null=True)
    evaluations_confirmed = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("deltakelsestall")
        verbose_name_plural = _("deltakelsestall")
        indexes = [models.Index(fields=["period"])]

    def __str__(self) -> str:
        return f"{self.period_id} {self.unit_id or ''} {self.leader_id or ''}"


class ParticipationRefresh(models.Model):
    """When a period's participation figures were last computed, and the whole
    organisation's (everyone with a record, with a unit or not: HR's start page)."""

    period = models.OneToOneField(
        "conversations.Period", on_delete=models.CASCADE, related_name="+"
    )
    computed_at = models.DateTimeField()
    people = models.PositiveIntegerField(default=0)
    goals_agreed = models.PositiveIntegerField(default=0)
    followed_up = models.PositiveIntegerField(default=0)
    follow_ups_held = models.PositiveIntegerField(default=0)
    last_follow_up = models.DateTimeField(null=True)
    evaluations_confirmed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("beregning av deltakelse")
        verbose_name_plural = _("beregninger av deltakelse")

    def __str__(self) -> str:
        return f"{self.period_id} {self.computed_at}"


class UnitFigure(models.Model):
    """One unit's figures for one instrument and closed quarter, as the page shows them:
    whether the gate shows it and, if so, what the people of the unit and every unit below it
    contributed (sums and band counts, as QuarterFigure). Every unit's row of a quarter is
    computed at once by the worker's sweep, under one unit tree and one threshold, so the gate
    holds across them; the page then reads only the rows it shows."""

    instrument_key = models.CharField(max_length=60)
    quarter_end = models.DateField()
    # None: the whole organisation, a row of its own when there are several top units.
    unit = models.ForeignKey("people.Unit", null=True, on_delete=models.CASCADE, related_name="+")
    shown = models.BooleanField()
    people = models.PositiveIntegerField(default=0)
    dimensions = models.JSONField(default=dict)  # empty when not shown

    class Meta:
        verbose_name = _("enhetstall")
        verbose_name_plural = _("enhetstall")
        indexes = [models.Index(fields=["instrument_key", "quarter_end", "unit"])]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.quarter_end} {self.unit_id}"


class FiguresRefresh(models.Model):
    """That a quarter's UnitFigure rows are computed, under which threshold and unit tree
    (a hash of every unit's parent), and the whole organisation's total for the figures over
    time."""

    instrument_key = models.CharField(max_length=60)
    quarter_end = models.DateField()
    threshold = models.PositiveSmallIntegerField()
    tree_key = models.CharField(max_length=64)
    people = models.PositiveIntegerField(default=0)
    dimensions = models.JSONField(default=dict)
    # The organisation's own figure (the one top unit, or the whole organisation above
    # several) is shown: the over-time figures of this quarter may be shown with it.
    organisation_shown = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("beregning av enhetstall")
        verbose_name_plural = _("beregninger av enhetstall")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument_key", "quarter_end"], name="figures_refresh_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument_key} {self.quarter_end}"


class MonthFigure(models.Model):
    """HR's start page: follow-ups held, goals agreed and evaluations confirmed in one
    calendar month across the organisation, counted by the worker's sweep."""

    month = models.DateField(unique=True)  # its first day
    follow_ups_held = models.PositiveIntegerField()
    goals_agreed = models.PositiveIntegerField()
    evaluations_confirmed = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("månedstall")
        verbose_name_plural = _("månedstall")

    def __str__(self) -> str:
        return f"{self.month}"


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def requested_by(self, person: Any) -> ExportJobQuerySet:
        """The jobs this person asked for: nobody else's job is ever found."""
        return self.filter(requester=person)


class ExportJob(models.Model):
    """One of HR's exports, built by the worker while the person who asked waits on the
    job's page: the kind and its checked parameters, the language it is written in, and
    when done the file itself, deleted EXPIRE_MINUTES after it was made."""

    EXPIRE_MINUTES = 60
    SLOW_MINUTES = 2

    class Status(models.TextChoices):
        QUEUED = "queued", _("Venter på bakgrunnsjobben")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Ferdig")
        FAILED = "failed", _("Stoppet")
        EXPIRED = "expired", _("Slettet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A key of exports.KINDS: the apps above insights (the pulse) add theirs.
    kind = models.CharField(max_length=30)
    params = models.JSONField(default=dict)
    file_format = models.CharField(max_length=4)
    language = models.CharField(max_length=10)
    requester = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("bestilt av")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    content = models.BinaryField(default=b"")
    content_type = models.CharField(max_length=100, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("eksportjobb")
        verbose_name_plural = _("eksportjobber")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.status}"

    @property
    def waiting(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def slow(self) -> bool:
        """Still waiting after SLOW_MINUTES: the worker may be stopped, HR should know."""
        return self.waiting and timezone.now() - self.created_at > timedelta(
            minutes=self.SLOW_MINUTES
        )

    @property
    def expires_at(self) -> datetime | None:
        if self.status != self.Status.DONE or self.finished_at is None:
            return None
        return self.finished_at + timedelta(minutes=self.EXPIRE_MINUTES)
