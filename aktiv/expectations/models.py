"""The organisation's explicit expectations (forventningsavklaring, seed 000; PRODUCT.md 2.5):
of leaders, of employees and of the employer, versioned; people acknowledge each published
version; HR answers the seed's five questions as the organisation's own check.

A version is a draft until it is published; a published version is never edited again (the
next change is a new draft), so an acknowledgement always points at the exact texts read."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Generous for a charter of a few pages, small enough that one field cannot fill the database.
TEXT_MAX_LENGTH = 20_000
ANSWER_MAX_LENGTH = 10_000
SECTION_FIELDS = ("of_leaders", "of_employees", "of_employer")


class VersionQuerySet(models.QuerySet["ExpectationsVersion"]):
    def published(self) -> VersionQuerySet:
        return self.filter(published_at__isnull=False)

    def drafts(self) -> VersionQuerySet:
        return self.filter(published_at__isnull=True)

    def visible_to(self, viewer: Any) -> VersionQuerySet:
        """Everyone reads published versions; only HR sees the draft they are writing."""
        return self if getattr(viewer, "is_hr", False) else self.published()

    def current(self) -> ExpectationsVersion | None:
        return self.published().order_by("-number").first()


class ExpectationsVersion(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unique: a new draft takes the next number, so two drafts at once cannot exist.
    number = models.PositiveIntegerField(_("versjon"), unique=True)
    of_leaders = models.TextField(
        _("Forventninger til ledere"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    of_employees = models.TextField(
        _("Forventninger til medarbeidere"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    of_employer = models.TextField(
        _("Forventninger til arbeidsgiveren"), blank=True, max_length=TEXT_MAX_LENGTH
    )
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The lost-update token of the draft (aktiv/lib/concurrency.py).
    updated_at = models.DateTimeField(auto_now=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("forventninger (versjon)")
        verbose_name_plural = _("forventninger (versjoner)")

    def __str__(self) -> str:
        return f"Forventninger v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def sections(self) -> list[tuple[str, Promise | str, str]]:
        """(field name, heading, text) in reading order."""
        return [
            (
                name,
                cast(models.Field[Any, Any], self._meta.get_field(name)).verbose_name,
                getattr(self, name),
            )
            for name in SECTION_FIELDS
        ]

    def empty_sections(self) -> list[Promise | str]:
        return [heading for _name, heading, text in self.sections() if not text.strip()]


class Acknowledgement(models.Model):
    """A person has read and understood one published version."""

    version = models.ForeignKey(
        ExpectationsVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="expectations_acknowledgements",
    )
    at = models.DateTimeField(auto_now_add=True)
    # Counted in the unit the person belonged to when they acknowledged: moving people
    # afterwards changes no figure (PRODUCT.md section 3).
    unit = models.ForeignKey(
        "people.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("bekreftelse")
        verbose_name_plural = _("bekreftelser")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "person"], name="acknowledgement_once_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} v{self.version.number}"


class SelfCheck(models.Model):
    """One dated round of HR's answers to the five questions; each save is a new row, so
    earlier answers stay readable."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    answers = models.JSONField(default=dict)  # {"q1": "...", …, "q5": "..."}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("egensjekk")
        verbose_name_plural = _("egensjekker")

    def __str__(self) -> str:
        return f"Egensjekk {self.created_at:%Y-%m-%d}"


class AcknowledgementFigure(models.Model):
    """One unit's acknowledgements of one version as HR's pages show them: how many
    acknowledged while they belonged to it or a unit below it, of how many belong there now.
    Every unit's row is computed at once by the worker's sweep, through one gate under one
    threshold, so the gate holds across them; the pages then read only the rows they show, and
    their cost does not grow with the number of people."""

    version = models.ForeignKey(ExpectationsVersion, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("people.Unit", on_delete=models.CASCADE, related_name="+")
    shown = models.BooleanField()
    acknowledged = models.PositiveIntegerField(default=0)  # 0 when hidden
    people = models.PositiveIntegerField(default=0)  # 0 when hidden

    class Meta:
        verbose_name = _("bekreftelsestall")
        verbose_name_plural = _("bekreftelsestall")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "unit"], name="acknowledgement_figure_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.unit_id}"


class AcknowledgementRefresh(models.Model):
    """That a version's AcknowledgementFigure rows are computed, when, and under which
    threshold (rows computed under another one are not shown: the page counts anew)."""

    version = models.OneToOneField(ExpectationsVersion, on_delete=models.CASCADE, related_name="+")
    threshold = models.PositiveSmallIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("beregning av bekreftelsestall")
        verbose_name_plural = _("beregninger av bekreftelsestall")

    def __str__(self) -> str:
        return f"{self.version_id} {self.computed_at}"
