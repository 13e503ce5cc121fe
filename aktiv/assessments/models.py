"""Self-assessment responses: a person's answers to one exact instrument version, their
chosen development areas and strengths, and whether they share it with their leader."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.lib import numbers
from aktiv.people.sharing import Shareable, ShareableQuerySet

from . import definitions


class ResponseQuerySet(ShareableQuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(status=Response.Status.SUBMITTED)

    def drafts(self) -> ResponseQuerySet:
        return self.filter(status=Response.Status.DRAFT)

    def for_instrument(self, key: str) -> ResponseQuerySet:
        return self.filter(instrument_key=key)


@dataclass(frozen=True)
class DimensionResult:
    dimension: definitions.Dimension
    mean: float | None
    previous_mean: float | None

    @property
    def change(self) -> float | None:
        if self.mean is None or self.previous_mean is None:
            return None
        return numbers.change(self.mean, self.previous_mean)


class Response(Shareable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        SUBMITTED = "submitted", _("Levert")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    instrument_key = models.CharField(_("instrument"), max_length=60)
    instrument_version = models.PositiveIntegerField(_("versjon"))
    # The language of the texts it was answered in (definitions.text_language).
    language = models.CharField(_("språk"), max_length=8, default="nb", editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("påbegynt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)
    # Where the person stood when they submitted: figures count a response here, so a later
    # move, deactivation or change of leader changes no figure (PRODUCT.md section 3).
    unit_at_submission = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    leader_at_submission = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("svar på egenvurdering")
        verbose_name_plural = _("svar på egenvurderinger")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "instrument_key"],
                condition=Q(status="draft"),
                name="response_one_draft_per_instrument",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["person", "instrument_key", "status"])]

    def __str__(self) -> str:
        return f"{self.instrument.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("assessments:response", args=[self.uuid])

    @classmethod
    def shareable_q(cls) -> Q:
        return Q(status=cls.Status.SUBMITTED)

    def can_be_shared(self) -> bool:
        return self.is_submitted

    not_ready_message = _("Lever egenvurderingen før du deler den.")

    def share_with_leader(self) -> None:
        super().share_with_leader()
        # Kept after a withdrawal or a change of leader: what the leader could read once
        # counts as seen in their team figure for good (insights/team.py).
        ResponseShare.objects.get_or_create(response=self, leader_id=self.shared_with_id)

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def instrument(self) -> definitions.Instrument:
        return definitions.get(self.instrument_key, self.instrument_version)

    def answers_by_item(self) -> dict[str, int]:
        cached = getattr(self, "_answers_by_item", None)
        if cached is None:
            cached = {a.item_key: a.value for a in self.answers.all()}
            self._answers_by_item = cached
        return cached

    def previous(self, viewer: Any) -> Response | None:
        """The same person's submitted response to the same instrument before this one,
        among those the viewer may see: a leader compares only with what was shared."""
        if not self.is_submitted:
            return None
        return (
            Response.objects.visible_to(viewer)
            .submitted()
            .filter(
                person_id=self.person_id,
                instrument_key=self.instrument_key,
                submitted_at__lt=self.submitted_at,
            )
            .order_by("-submitted_at")
            .first()
        )

    def dimension_results(self, previous: Response | None = None) -> list[DimensionResult]:
        means = self.instrument.dimension_means(self.answers_by_item())
        before: dict[str, Any] = (
            previous.instrument.dimension_means(previous.answers_by_item()) if previous else {}
        )
        return [
            DimensionResult(dim, means[dim.key], before.get(dim.key))
            for dim in self.instrument.dimensions
        ]

    def proposed_focus(self) -> tuple[list[definitions.Item], list[definitions.Item]]:
        """Two development areas (lowest scores) and two strengths (highest), ties broken by
        the instrument's order; the person decides in the end."""
        answers = self.answers_by_item()
        items = [item for item in self.instrument.items if item.key in answers]
        lowest = sorted(items, key=lambda item: answers[item.key])[:2]
        rest = [item for item in items if item not in lowest]
        highest = sorted(rest, key=lambda item: -answers[item.key])[:2]
        return lowest, highest


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    dimension_key = models.CharField(max_length=60)
    item_key = models.CharField(max_length=60)
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item_key"], name="answer_once_per_item"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="answer_value_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_key}={self.value}"


class FocusArea(models.Model):
    """One of the two development areas or two strengths chosen after a response."""

    NOTE_MAX = 2000

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", _("Utviklingsområde")
        STRENGTH = "strength", _("Styrke")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="focus_areas")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    position = models.PositiveSmallIntegerField()
    item_key = models.CharField(max_length=60)
    note = models.TextField(blank=True, max_length=NOTE_MAX)

    class Meta:
        ordering = ["kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "kind", "position"], name="focus_area_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(position__in=[1, 2]), name="focus_area_position_1_or_2"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.position}: {self.item_key}"

    @property
    def item(self) -> definitions.Item:
        return self.response.instrument.item(self.item_key)


class ResponseShare(models.Model):
    """That a response was once shared with this leader. A leader's team figure is hidden
    when the respondents whose answers the leader has not seen one by one number 1 to k-1:
    a response the leader could read once stays seen after it is withdrawn, or after the
    person gets another leader, or the figure would appear with a mean the shared answers
    could be subtracted from."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="shares")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("deling med leder")
        verbose_name_plural = _("delinger med leder")
        constraints = [
            models.UniqueConstraint(fields=["response", "leader"], name="response_share_once")
        ]

    def __str__(self) -> str:
        return f"{self.response_id} → {self.leader_id}"
