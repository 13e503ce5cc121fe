"""Workshops (kursmodus): a facilitator takes a room through instruments, reflection questions
and quick questions; participants answer on their phones, signed in or as guests.

What a participant answered is stored apart from who they are: a `Submission` says that a
participant answered a step (so nobody answers twice), a `StepAnswer` says what was answered,
with no link to anyone. Group figures come from the answers only, and only when the
anonymity gate lets them through."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.assessments import definitions
from aktiv.reflections import registry

# No 0/O, 1/I/L: a code read off a projector is typed without guessing.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
TITLE_MAX = 200
QUESTION_MAX = 300
TEXT_MAX = 2000
SCALE = range(1, 6)


class Facilitator(models.Model):
    """A person HR lets run workshops without being a leader or HR themselves."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_grant"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kursholder")
        verbose_name_plural = _("kursholdere")
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return str(self.person)


def can_facilitate(person: Any) -> bool:
    """Leaders, HR and the people HR has made facilitators may open workshops."""
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return False
    return bool(
        person.is_hr or person.is_leader or Facilitator.objects.filter(person=person).exists()
    )


class WorkshopQuerySet(models.QuerySet["Workshop"]):
    def run_by(self, person: Any) -> WorkshopQuerySet:
        """The one way to a workshop's control and presenter pages: its facilitator's."""
        if not getattr(person, "is_authenticated", False):
            return self.none()
        return self.filter(facilitator=person)

    def past_retention(self, now: datetime) -> WorkshopQuerySet:
        cutoff = now - timedelta(days=settings.WORKSHOP_RETENTION_DAYS)
        return self.filter(status=Workshop.Status.CLOSED, closed_at__lt=cutoff)


class Workshop(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Åpent")
        CLOSED = "closed", _("Avsluttet")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    title = models.CharField(_("tittel"), max_length=TITLE_MAX)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshops_run"
    )
    code = models.CharField(_("kode"), max_length=CODE_LENGTH, unique=True)
    threshold = models.PositiveSmallIntegerField(_("minste antall svar før tall vises"))
    collect_text = models.BooleanField(_("samle inn fritekst"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    current_position = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    # The group's figures as they stood at the close: what stays once the answers are gone.
    summary = models.JSONField(default=list, blank=True)
    answers_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("kurs")
        verbose_name_plural = _("kurs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(threshold__gte=3), name="workshop_threshold_min_3"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="workshop_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workshops:control", args=[self.uuid])

    def join_url(self) -> str:
        return reverse("workshops:participate", args=[self.code])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    def takes_answers(self) -> bool:
        return self.is_open and not self.is_expired()

    def current_step(self) -> Step | None:
        if self.current_position is None:
            return None
        return self.steps.filter(position=self.current_position).first()


class Step(models.Model):
    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", _("Egenvurdering")
        REFLECTION = "reflection", _("Refleksjonsspørsmål")
        SCALE = "scale", _("Spørsmål med svar fra 1 til 5")

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    instrument_key = models.CharField(max_length=60, blank=True)
    instrument_version = models.PositiveIntegerField(null=True, blank=True)
    tool_key = models.CharField(max_length=60, blank=True)
    question_key = models.CharField(max_length=60, blank=True)
    # The facilitator's own question, or the reflection question as it read when chosen.
    text = models.CharField(_("spørsmål"), max_length=QUESTION_MAX, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "position"], name="step_unique_position")
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def instrument(self) -> definitions.Instrument:
        return definitions.get(self.instrument_key, self.instrument_version or 1)

    @property
    def question(self) -> str:
        """The question in the reader's language: a reflection question from its tool's texts
        (as stored when chosen, if the tool no longer has it); the facilitator's own as typed."""
        if self.kind == self.Kind.REFLECTION:
            try:
                questions = registry.get(self.tool_key).content.get("questions", [])
            except KeyError:
                return self.text
            for question in questions:
                if question.get("key") == self.question_key:
                    return str(question["question"])
        return self.text

    @property
    def title(self) -> str:
        if self.kind == self.Kind.INSTRUMENT:
            return self.instrument.title
        if self.kind == self.Kind.REFLECTION:
            try:
                return f"{registry.get(self.tool_key).title}: {self.question}"
            except KeyError:
                return self.text
        return self.text

    def items(self) -> list[tuple[str, str]]:
        """The statements answered on the 1–5 scale: (key, text)."""
        if self.kind == self.Kind.INSTRUMENT:
            return [(item.key, item.text) for item in self.instrument.items]
        if self.kind == self.Kind.SCALE:
            return [("svar", self.text)]
        return []

    @property
    def scale_labels(self) -> tuple[str, str]:
        if self.kind == self.Kind.INSTRUMENT:
            return self.instrument.scale.low_label, self.instrument.scale.high_label
        return str(_("Helt uenig")), str(_("Helt enig"))

    def takes_text(self) -> bool:
        return self.kind == self.Kind.REFLECTION and self.workshop.collect_text


class Participant(models.Model):
    """Someone in the room: a signed-in person, or a guest known only by the random token in
    their signed cookie. No name is asked."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    token = models.UUIDField(default=uuid4, unique=True, editable=False)
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="workshop_participations",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"],
                condition=Q(person__isnull=False),
                name="participant_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop}: {'person' if self.person_id else 'gjest'}"

    @property
    def is_guest(self) -> bool:
        return self.person_id is None


class Submission(models.Model):
    """That a participant answered a step; what they answered is not linked to them."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="submissions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step", "participant"], name="submission_once_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.step_id}/{self.participant_id}"


class StepAnswer(models.Model):
    """One answer to one statement, or one free text, with no link to who gave it."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=60, blank=True)
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(max_length=TEXT_MAX, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=5),
                name="step_answer_value_on_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.item_key}"
