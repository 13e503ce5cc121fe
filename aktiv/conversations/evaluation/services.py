"""Phase 3 writes: the evaluation and learning conversation. Each function checks who acts
and what is allowed, then saves in one transaction; a refusal raises ValidationError and
changes nothing.

The rules: each party assesses every agreed goal on their own and submits; neither sees the
other's assessments until both have submitted. Both write the shared texts. Both confirm the
summary; any change to it clears the confirmations, so what is confirmed is what both saw.
Once both have confirmed it is read-only, until one asks to reopen it and the other agrees."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.goals.models import PersonalGoal
from aktiv.people.models import Person

from .. import notices, rules
from ..models import ConversationRecord, Evaluation, GoalAssessment

COMMENT_MAX = 5000
TEXT_MAX = 10_000


@dataclass(frozen=True)
class Assessment:
    """What one party wrote about one goal: a rating (empty while a draft) and a comment."""

    rating: str
    comment: str


def agreed_goals(record: ConversationRecord) -> list[PersonalGoal]:
    return list(record.goals.agreed().order_by("kind", "created_at"))


def evaluation_for(record: ConversationRecord) -> Evaluation:
    """The record's evaluation, made the first time either party writes to it."""
    evaluation, _created = Evaluation.objects.get_or_create(record=record)
    evaluation.record = record
    return evaluation


def evaluation_of(record: ConversationRecord) -> Evaluation:
    """The record's evaluation to read: unsaved and empty until a party first writes."""
    evaluation = Evaluation.objects.filter(record=record).first() or Evaluation(record=record)
    evaluation.record = record
    return evaluation


def _lock(evaluation: Evaluation, actor: Person) -> Evaluation:
    """The evaluation as stored now, locked for this transaction: checks see the latest."""
    rules.require_party(evaluation.record, actor)
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.record = evaluation.record
    return locked


def _require_open(evaluation: Evaluation) -> None:
    rules.require_live(evaluation.record)
    if evaluation.is_confirmed:
        raise ValidationError(
            _(
                "Oppsummeringen er bekreftet av begge og kan ikke endres. "
                "Be om å åpne den igjen hvis noe må rettes."
            )
        )


def _changed(evaluation: Evaluation) -> list[str]:
    """A change to the summary clears any confirmation: both confirm what they saw."""
    evaluation.employee_confirmed_at = None
    evaluation.leader_confirmed_at = None
    return ["employee_confirmed_at", "leader_confirmed_at", "updated_at"]


def _check_length(text: str, maximum: int, label: str) -> str:
    text = text.strip()
    if len(text) > maximum:
        raise ValidationError(
            _("«%(field)s» kan ha høyst %(max)s tegn.") % {"field": label, "max": maximum}
        )
    return text


@transaction.atomic
def assessments_save(
    *,
    evaluation: Evaluation,
    entries: dict[str, Assessment],
    submit: bool,
    actor: Person,
) -> None:
    """The actor's own assessments, keyed by goal UUID, saved as a draft or submitted. Every
    key must be an agreed goal of this record; submitting needs a rating for each."""
    locked = _lock(evaluation, actor)
    _require_open(locked)
    role = locked.record.role_of(actor)
    goals = {str(goal.uuid): goal for goal in agreed_goals(locked.record)}
    if unknown := set(entries) - set(goals):
        raise ValidationError(
            _("Vurderingen gjelder mål som ikke er avtalt i denne samtalen (%(count)s).")
            % {"count": len(unknown)}
        )
    ratings = set(GoalAssessment.Rating.values) | {""}
    for entry in entries.values():
        if entry.rating not in ratings:
            raise ValidationError(_("Velg oppnådd, delvis oppnådd eller ikke oppnådd."))
        _check_length(entry.comment, COMMENT_MAX, _("Kommentar"))
    if submit and any(not entries.get(key, Assessment("", "")).rating for key in goals):
        raise ValidationError(_("Gi en vurdering av hvert mål før du leverer."))
    if locked.submitted_at(role) is not None and any(not e.rating for e in entries.values()):
        raise ValidationError(_("Du har levert: hvert mål må fortsatt ha en vurdering."))
    for key, entry in entries.items():
        GoalAssessment.objects.update_or_create(
            evaluation=locked,
            goal=goals[key],
            author_role=role,
            defaults={"rating": entry.rating, "comment": entry.comment.strip()},
        )
    fields = _changed(locked)
    newly_submitted = submit and locked.submitted_at(role) is None
    if newly_submitted:
        setattr(locked, f"{role}_submitted_at", timezone.now())
        fields.append(f"{role}_submitted_at")
    locked.save(update_fields=fields)
    if newly_submitted:
        notices.evaluation_submitted(locked, actor)


@transaction.atomic
def evaluation_texts_save(
    *,
    evaluation: Evaluation,
    held_on: date | None,
    results: str,
    learning: str,
    competence_note: str,
    actor: Person,
) -> None:
    """The shared texts, written by both (the views guard against lost updates)."""
    locked = _lock(evaluation, actor)
    _require_open(locked)
    if held_on is not None:
        rules.require_in_period(
            locked.record,
            held_on,
            field="held_on",
            latest=timezone.localdate(),
            message=_(
                "Velg en dato i perioden «%(name)s», fra %(start)s til %(end)s, og ikke fram i tid."
            ),
        )
    locked.held_on = held_on
    locked.results = _check_length(results, TEXT_MAX, _("Resultater og andre bidrag"))
    locked.learning = _check_length(learning, TEXT_MAX, _("Hva har jeg lært?"))
    locked.competence_note = _check_length(
        competence_note, TEXT_MAX, _("Kompetanse som er tatt i bruk eller utviklet")
    )
    locked.save(
        update_fields=["held_on", "results", "learning", "competence_note", *_changed(locked)]
    )


@transaction.atomic
def evaluation_confirm(*, evaluation: Evaluation, actor: Person) -> None:
    """The actor confirms the summary as it stands; both confirmed makes it read-only."""
    locked = _lock(evaluation, actor)
    _require_open(locked)
    if not locked.both_submitted:
        raise ValidationError(_("Dere må begge levere vurderingene før dere bekrefter."))
    role = locked.record.role_of(actor)
    if locked.confirmed_at(role) is not None:
        return
    setattr(locked, f"{role}_confirmed_at", timezone.now())
    locked.save(update_fields=[f"{role}_confirmed_at", "updated_at"])


def _require_confirmed(evaluation: Evaluation) -> None:
    if not evaluation.is_confirmed:
        raise ValidationError(_("Oppsummeringen er ikke bekreftet av begge, og er allerede åpen."))


@transaction.atomic
def evaluation_reopen_request(*, evaluation: Evaluation, actor: Person) -> None:
    """One party asks to reopen the confirmed summary; it opens when the other agrees."""
    locked = _lock(evaluation, actor)
    _require_confirmed(locked)
    if locked.reopen_requested_by_id is not None:
        raise ValidationError(_("Det er allerede bedt om å åpne oppsummeringen."))
    locked.reopen_requested_by = actor
    locked.save(update_fields=["reopen_requested_by", "updated_at"])


@transaction.atomic
def evaluation_reopen_withdraw(*, evaluation: Evaluation, actor: Person) -> None:
    locked = _lock(evaluation, actor)
    if locked.reopen_requested_by_id != actor.pk:
        raise ValidationError(_("Du har ikke bedt om å åpne oppsummeringen."))
    locked.reopen_requested_by = None
    locked.save(update_fields=["reopen_requested_by", "updated_at"])


@transaction.atomic
def evaluation_reopen_agree(*, evaluation: Evaluation, actor: Person) -> None:
    """The other party agrees: both confirmations are cleared and the summary is open."""
    locked = _lock(evaluation, actor)
    _require_confirmed(locked)
    requested_by = locked.reopen_requested_by_id
    if requested_by is None or requested_by == actor.pk:
        raise ValidationError(_("Den andre må be om å åpne oppsummeringen før du kan godta."))
    locked.reopen_requested_by = None
    locked.save(update_fields=["reopen_requested_by", *_changed(locked)])
