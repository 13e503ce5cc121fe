"""The competence profile (kompetanseprofil, seed 003): what a person can, in breadth and
in depth, with a level, evidence and when. It is the person's own and shareable with their
leader like a self-assessment; every change is kept so the person can see how it grew."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from aktiv.people.sharing import Shareable, ShareableQuerySet


class CompetenceProfileQuerySet(ShareableQuerySet["CompetenceProfile"]):
    pass


class CompetenceProfile(Shareable):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompetenceProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("kompetanseprofil")
        verbose_name_plural = _("kompetanseprofiler")
        constraints = [
            models.UniqueConstraint(fields=["person"], name="competence_one_profile_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}"

    def get_absolute_url(self) -> str:
        return reverse("competence:profile", args=[self.uuid])

    not_ready_message = _("Legg til minst ett kompetanseområde før du deler profilen.")

    def can_be_shared(self) -> bool:
        return self.areas.current().exists()


class AreaQuerySet(models.QuerySet["CompetenceArea"]):
    def current(self) -> AreaQuerySet:
        return self.filter(removed_at__isnull=True)


class CompetenceArea(models.Model):
    class Kind(models.TextChoices):
        BREADTH = "breadth", _("Bredde")
        DEPTH = "depth", _("Spiss")

    class Level(models.IntegerChoices):
        BEGINNER = 1, _("1 – Nybegynner")
        SOME = 2, _("2 – Noe erfaring")
        SOLID = 3, _("3 – Selvstendig")
        ADVANCED = 4, _("4 – Erfaren, kan veilede andre")
        EXPERT = 5, _("5 – Ekspert")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("kompetanseområde"), max_length=200)
    kind = models.CharField(_("bredde eller spiss"), max_length=10, choices=Kind.choices)
    level = models.PositiveSmallIntegerField(_("nivå"), choices=Level.choices)
    evidence = models.TextField(
        _("hva viser det (erfaring, utdanning, oppgaver)"), blank=True, max_length=3000
    )
    acquired = models.CharField(
        _("når"), blank=True, max_length=100, help_text=_("For eksempel «2024» eller «våren 2025».")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-level", "name"]
        verbose_name = _("kompetanseområde")
        verbose_name_plural = _("kompetanseområder")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="competence_level_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def snapshot(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "level": self.level,
            "evidence": self.evidence,
            "acquired": self.acquired,
        }


class CompetenceChange(models.Model):
    """One step in the profile's history: an area added, changed or removed."""

    class Action(models.TextChoices):
        ADDED = "added", _("lagt til")
        CHANGED = "changed", _("endret")
        REMOVED = "removed", _("fjernet")

    area = models.ForeignKey(CompetenceArea, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=10, choices=Action.choices)
    snapshot = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.area_id} {self.action}"
