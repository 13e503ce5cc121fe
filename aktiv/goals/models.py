"""Goals: the organisation's and each unit's goals and ambitions (a tree), and each
employee's personal goals agreed in partnership with their leader (seed 003, phase 1)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aktiv.people.units import ancestry


class GoalQuerySet(models.QuerySet["Goal"]):
    def visible_to(self, viewer: Any) -> GoalQuerySet:
        """The organisation's goals, and the goals of the viewer's own unit and the units
        above it; a leader also sees the goals of the units they lead people in."""
        if not viewer.is_authenticated or not viewer.is_active:
            return self.none()
        units = {pk for pk, _name in ancestry(viewer.unit_id)} if viewer.unit_id else set()
        led_units = viewer.direct_reports.filter(is_active=True).values("unit")
        return self.filter(
            Q(level=Goal.Level.ORGANISATION) | Q(unit__in=units) | Q(unit__in=led_units)
        )

    def editable_by(self, person: Any) -> GoalQuerySet:
        """HR writes the organisation's goals; a leader writes the goals of their own unit."""
        if not person.is_authenticated or not person.is_active:
            return self.none()
        allowed = Q(pk__in=[])
        if person.is_hr:
            allowed |= Q(level=Goal.Level.ORGANISATION)
        if person.unit_id is not None and person.is_leader:
            allowed |= Q(level=Goal.Level.UNIT, unit=person.unit_id)
        return self.filter(allowed)


class Goal(models.Model):
    """An organisation goal (HR) or a unit goal with its ambitions (the unit's leader),
    optionally under an organisation goal."""

    class Level(models.TextChoices):
        ORGANISATION = "organisation", _("Organisasjonsmål")
        UNIT = "unit", _("Enhetsmål")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(
        "conversations.Period", on_delete=models.CASCADE, related_name="goals"
    )
    level = models.CharField(_("nivå"), max_length=12, choices=Level.choices)
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="goals"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("under organisasjonsmålet"),
    )
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("ambisjon og beskrivelse"), blank=True, max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["level", "title"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            models.CheckConstraint(
                condition=Q(level="organisation", unit__isnull=True)
                | Q(level="unit", unit__isnull=False),
                name="goal_unit_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PersonalGoalQuerySet(models.QuerySet["PersonalGoal"]):
    def visible_to(self, viewer: Any) -> PersonalGoalQuerySet:
        from aktiv.conversations.models import ConversationRecord

        return self.filter(record__in=ConversationRecord.objects.visible_to(viewer))

    def agreed(self) -> PersonalGoalQuerySet:
        return self.filter(state=PersonalGoal.State.AGREED)


class PersonalGoal(models.Model):
    """A professional or personal goal the employee drafts and the two agree on:
    draft → proposed → agreed; the leader may send it back with a comment."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Faglig mål")
        PERSONAL = "personal", _("Personlig mål")

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PROPOSED = "proposed", _("Foreslått")
        AGREED = "agreed", _("Avtalt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(
        "conversations.ConversationRecord", on_delete=models.CASCADE, related_name="goals"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=5000)
    success_measure = models.TextField(
        _("hvordan vi ser at det går framover"), blank=True, max_length=2000
    )
    serves = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="personal_goals",
        verbose_name=_("tjener målet"),
    )
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    leader_comment = models.TextField(_("lederens kommentar"), blank=True, max_length=2000)
    progress = models.PositiveSmallIntegerField(_("framdrift (%)"), default=0)
    agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonalGoalQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at"]
        verbose_name = _("personlig mål")
        verbose_name_plural = _("personlige mål")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="personal_goal_progress_max_100"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def data_subject(self) -> Any:
        """The employee: the leader's reads and changes are logged for them."""
        return self.record.employee


class PersonalGoalRevision(models.Model):
    """The goal as it stood at each step (proposed, sent back, agreed, revised): history."""

    goal = models.ForeignKey(PersonalGoal, on_delete=models.CASCADE, related_name="revisions")
    state = models.CharField(max_length=10, choices=PersonalGoal.State.choices)
    snapshot = models.JSONField(default=dict)
    comment = models.TextField(blank=True, max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.state} {self.at:%Y-%m-%d}"
