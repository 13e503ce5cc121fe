"""Expectations: drafting, publishing, acknowledging, the self-check, and HR's per-unit figures
of who has acknowledged (counts only, through the anonymity gate)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib import content as localized
from aktiv.lib.anonymity import configured_threshold, gate_counts, subtree_totals
from aktiv.lib.concurrency import one_at_a_time
from aktiv.lib.validation import check_lengths
from aktiv.notifications.models import Kind
from aktiv.notifications.services import notifications_done, notify_everyone
from aktiv.people.languages import organisation_language
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree

from .models import (
    ANSWER_MAX_LENGTH,
    SECTION_FIELDS,
    Acknowledgement,
    AcknowledgementFigure,
    AcknowledgementRefresh,
    ExpectationsVersion,
    SelfCheck,
)

CONTENT_FILE = Path(__file__).resolve().parent / "content" / "defaults.yaml"
QUESTION_KEYS = ("q1", "q2", "q3", "q4", "q5")


def defaults(language: str | None = None) -> dict[str, Any]:
    """The seed's texts a first draft starts from, and the five self-check questions, in
    `language` (default: the active one) when translated (aktiv/lib/content.py)."""
    content = localized.load(CONTENT_FILE, language)
    for name in SECTION_FIELDS:
        if not isinstance(content.get(name), str) or not content[name].strip():
            raise ValueError(f"{CONTENT_FILE.name}: '{name}' must be a non-empty text")
    questions = content.get("self_check_questions")
    if not isinstance(questions, list) or len(questions) != len(QUESTION_KEYS):
        raise ValueError(f"{CONTENT_FILE.name}: 'self_check_questions' must list five questions")
    return cast(dict[str, Any], content)


def self_check_questions() -> list[tuple[str, str]]:
    """(key, question) for q1..q5."""
    return list(zip(QUESTION_KEYS, defaults()["self_check_questions"], strict=True))


def current_published() -> ExpectationsVersion | None:
    """The version everyone is asked to read now; None until HR publishes the first one."""
    return ExpectationsVersion.objects.current()


def current_draft() -> ExpectationsVersion | None:
    return ExpectationsVersion.objects.drafts().first()


def needs_acknowledgement(person: Person) -> bool:
    """True when a version is published that this person has not acknowledged yet."""
    current = current_published()
    return (
        current is not None
        and not Acknowledgement.objects.filter(version=current, person=person).exists()
    )


def acknowledgement_of(person: Person, version: ExpectationsVersion) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(version=version, person=person).first()


def acknowledgement_record(*, person: Person, version: ExpectationsVersion) -> Acknowledgement:
    """Once per version: acknowledging again keeps the first time."""
    if not version.is_published:
        raise ValidationError(_("Bare publiserte forventninger kan bekreftes."))
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        version=version, person=person, defaults={"unit_id": person.unit_id}
    )
    notifications_done(person=person, once_key=f"expectations:{version.uuid}")
    return acknowledgement


def draft_start(*, actor: Person) -> ExpectationsVersion:
    """The draft HR edits: the one already open, or a new one copied from the current
    published version (from the seed's defaults the first time)."""
    existing = current_draft()
    if existing is not None:
        return existing
    base = current_published()
    # A first draft starts from the defaults in the organisation's language, whoever opens it.
    seed = defaults(organisation_language())
    texts = {name: getattr(base, name) if base else seed[name] for name in SECTION_FIELDS}
    highest = ExpectationsVersion.objects.aggregate(n=Max("number"))["n"] or 0
    try:
        with transaction.atomic():
            draft = ExpectationsVersion.objects.create(
                number=highest + 1, created_by=actor, **texts
            )
    except IntegrityError:
        # Another HR person started the draft at the same moment: theirs is the draft.
        return ExpectationsVersion.objects.drafts().get()
    action_log(actor=actor, action="expectations_draft_start", obj=draft)
    return draft


@transaction.atomic
def draft_save(*, draft: ExpectationsVersion, actor: Person, values: Mapping[str, str]) -> None:
    if draft.is_published:
        raise ValidationError(_("En publisert versjon kan ikke endres. Lag et nytt utkast."))
    check_lengths(ExpectationsVersion, **{name: values[name] for name in SECTION_FIELDS})
    for name in SECTION_FIELDS:
        setattr(draft, name, values[name])
    draft.save(update_fields=[*SECTION_FIELDS, "updated_at"])
    action_log(actor=actor, action="expectations_draft_save", obj=draft)


@transaction.atomic
def version_publish(*, draft: ExpectationsVersion, actor: Person) -> None:
    """Publishing asks everyone to read and acknowledge the version (needs_acknowledgement)."""
    locked = ExpectationsVersion.objects.select_for_update().get(pk=draft.pk)
    if locked.is_published:
        raise ValidationError(_("Denne versjonen er allerede publisert."))
    empty = locked.empty_sections()
    if empty:
        raise ValidationError(
            [
                _("«%(heading)s» er tom. Skriv teksten før du publiserer.") % {"heading": h}
                for h in empty
            ]
        )
    locked.published_at = timezone.now()
    locked.save(update_fields=["published_at", "updated_at"])
    draft.published_at, draft.updated_at = locked.published_at, locked.updated_at
    action_log(actor=actor, action="expectations_publish", obj=locked)
    notify_everyone(
        kind=Kind.EXPECTATIONS_NEW,
        url=reverse("expectations:current"),
        subject=locked.uuid,
        once_key=f"expectations:{locked.uuid}",
    )


def self_check_save(*, actor: Person, answers: Mapping[str, str]) -> SelfCheck:
    stored = {key: answers.get(key, "").strip() for key in QUESTION_KEYS}
    if not any(stored.values()):
        raise ValidationError(_("Svar på minst ett av spørsmålene."))
    if any(len(text) > ANSWER_MAX_LENGTH for text in stored.values()):
        raise ValidationError(
            _("Hvert svar kan ha høyst %(max)s tegn.") % {"max": ANSWER_MAX_LENGTH}
        )
    with transaction.atomic():
        check = SelfCheck.objects.create(answers=stored, created_by=actor)
        action_log(actor=actor, action="self_check_save", obj=check)
    return check


@dataclass(frozen=True)
class UnitAcknowledgements:
    unit: Unit
    depth: int
    shown: bool
    acknowledged: int  # 0 when hidden
    people: int  # 0 when hidden
    has_children: bool = False

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.people) if self.people else 0


def acknowledgements_by_unit(
    version: ExpectationsVersion,
    threshold: int | None = None,
    rows: Iterable[tuple[Unit, int, bool]] | None = None,
) -> list[UnitAcknowledgements]:
    """For each unit with the units below it: how many acknowledged `version` while they
    belonged to it, of how many belong to it now. The acknowledged people go through the
    anonymity gate; both numbers are shown only for units it lets through, so a small group's
    count is never on screen. `rows` (unit, depth, has units below) are the units wanted, the
    whole tree when not given; the gate always runs over the whole tree, on a count per unit
    (a person acknowledges a version once, in one unit, and belongs to one unit now)."""
    parents: dict[int, int | None] = dict(Unit.objects.values_list("pk", "parent_id"))
    acknowledged = dict(
        Acknowledgement.objects.filter(version=version, unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    active = dict(
        Person.objects.filter(is_active=True, unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    k = threshold or configured_threshold()
    # Unit ids are ints; the gate takes any hashable ids (Mapping keys are invariant).
    result = gate_counts(cast(Any, parents), cast(Any, acknowledged), k)
    # Only the subtree head counts are wanted here, summed as the gate sums them.
    headcount = subtree_totals(cast(Any, parents), cast(Any, active))
    if rows is None:
        units = list(Unit.objects.all())
        with_children = {u.parent_id for u in units}
        rows = [(n.unit, n.depth, n.unit.pk in with_children) for n in build_tree(units)]
    # "6 av 7" also tells how many have NOT acknowledged: that number must be none or at least
    # the threshold too. It is a difference of counts (headcount now, acknowledgements where
    # people stood then), so moving a person out changes it the same way whatever they did.
    shown_rows = []
    for unit, depth, has_children in rows:
        missing = max(headcount.get(unit.pk, 0) - result.totals.get(unit.pk, 0), 0)
        shown = result.allows(unit.pk) and (missing == 0 or missing >= k)
        shown_rows.append(
            UnitAcknowledgements(
                unit=unit,
                depth=depth,
                shown=shown,
                acknowledged=result.totals.get(unit.pk, 0) if shown else 0,
                people=headcount.get(unit.pk, 0) if shown else 0,
                has_children=has_children,
            )
        )
    return shown_rows


@dataclass(frozen=True)
class AcknowledgementFigures:
    rows: list[UnitAcknowledgements]
    counted_at: datetime | None  # when the sweep counted them; None: just now


def acknowledgement_figures(
    version: ExpectationsVersion, rows: Iterable[tuple[Unit, int, bool]]
) -> AcknowledgementFigures:
    """The rows HR's pages show (unit, depth, has units below), read from what the worker's
    sweep stored under today's threshold, so a page reads as many rows as it shows. Until the
    sweep has counted this version (or when the threshold has changed since), they are
    counted now, over every person."""
    wanted = list(rows)
    k = configured_threshold()
    refresh = AcknowledgementRefresh.objects.filter(version=version, threshold=k).first()
    if refresh is None:
        return AcknowledgementFigures(acknowledgements_by_unit(version, k, wanted), None)
    stored = {
        figure.unit_id: figure
        for figure in AcknowledgementFigure.objects.filter(
            version=version, unit__in=[unit.pk for unit, _depth, _children in wanted]
        )
    }
    shown = []
    for unit, depth, has_children in wanted:
        # A unit made after the count has no row: hidden, as any unit too small to show.
        figure = stored.get(unit.pk)
        visible = figure is not None and figure.shown
        shown.append(
            UnitAcknowledgements(
                unit=unit,
                depth=depth,
                shown=visible,
                acknowledged=figure.acknowledged if figure is not None and visible else 0,
                people=figure.people if figure is not None and visible else 0,
                has_children=has_children,
            )
        )
    return AcknowledgementFigures(shown, refresh.computed_at)


# Two workers' sweeps replace the rows one after the other (lib/concurrency.py).
ACKNOWLEDGEMENTS_LOCK = "expectations.AcknowledgementFigure"


def acknowledgements_refresh() -> int:
    """The worker's sweep: count the current version's acknowledgements for every unit,
    through one gate, and replace the stored rows (those of older versions go: only the
    current one is shown). Returns how many rows were stored."""
    version = current_published()
    if version is None:
        AcknowledgementRefresh.objects.all().delete()
        AcknowledgementFigure.objects.all().delete()
        return 0
    k = configured_threshold()
    rows = acknowledgements_by_unit(version, k)
    with transaction.atomic():
        one_at_a_time(ACKNOWLEDGEMENTS_LOCK)
        AcknowledgementFigure.objects.all().delete()
        AcknowledgementFigure.objects.bulk_create(
            (
                AcknowledgementFigure(
                    version=version,
                    unit=row.unit,
                    shown=row.shown,
                    acknowledged=row.acknowledged,
                    people=row.people,
                )
                for row in rows
            ),
            batch_size=2000,
        )
        AcknowledgementRefresh.objects.exclude(version=version).delete()
        AcknowledgementRefresh.objects.update_or_create(
            version=version, defaults={"threshold": k, "computed_at": timezone.now()}
        )
    return len(rows)
