"""Writes to upward rounds and 180° requests. Each checks its rules first and saves in one
transaction, so a refusal leaves nothing behind."""

from __future__ import annotations

import random
from dataclasses import dataclass
from statistics import fmean

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.assessments.definitions import Dimension, Instrument, Item
from aktiv.assessments.models import Response
from aktiv.lib.anonymity import configured_threshold
from aktiv.people.models import Person
from aktiv.reflections.models import AGENDA_TEXT_MAX, PendingAgendaItem

from . import definitions, tasks
from .models import UpwardParticipation, UpwardRound, UpwardSubmission, ViewRequest

SELF_ASSESSMENT = "lederferdigheter"
EMPLOYEE_ASSESSMENT = "aktivt-medarbeiderskap"


def _check_complete(instrument: Instrument, answers: dict[str, int]) -> None:
    if unknown := instrument.invalid_keys(answers):
        raise ValidationError(
            _("Svaret inneholder utsagn som ikke hører hit: %(keys)s")
            % {"keys": ", ".join(unknown)}
        )
    if any(value not in instrument.scale.values for value in answers.values()):
        raise ValidationError(_("Hvert svar må være et tall fra 1 til 5."))
    if missing := instrument.missing_items(answers):
        raise ValidationError(
            _("Svar på alle utsagnene før du leverer. %(count)s mangler svar.")
            % {"count": len(missing)}
        )


# Upward feedback ---------------------------------------------------------------------------


def _require_round_keeper(leader: Person, actor: Person) -> None:
    if actor.pk != leader.pk and not actor.is_hr:
        raise ValidationError(_("Bare lederen selv eller HR kan åpne og lukke en runde."))


def upward_round_open(*, leader: Person, actor: Person) -> UpwardRound:
    """Open a round in which the leader's reports may answer about them; invite them."""
    _require_round_keeper(leader, actor)
    if not leader.is_active or not leader.is_leader:
        raise ValidationError(_("Bare en leder med aktive medarbeidere kan få en runde."))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=leader.pk).first()
        if UpwardRound.objects.open().filter(leader=leader).exists():
            raise ValidationError(_("Det er allerede en åpen runde for denne lederen."))
        round = UpwardRound.objects.create(
            leader=leader, opened_by=actor, instrument_version=definitions.upward().version
        )
        tasks.send_upward_invitations.enqueue(str(round.uuid))
    return round


@transaction.atomic
def upward_round_close(*, round: UpwardRound, actor: Person) -> None:
    _require_round_keeper(round.leader, actor)
    closed = UpwardRound.objects.filter(pk=round.pk, closed_on__isnull=True).update(
        closed_on=timezone.localdate()
    )
    if not closed:
        raise ValidationError(_("Runden er allerede lukket."))
    round.refresh_from_db(fields=["closed_on"])


def can_answer(round: UpwardRound, person: Person) -> bool:
    return (
        round.is_open
        and person.is_active
        and person.leader_id == round.leader_id
        and not UpwardParticipation.objects.filter(round=round, person=person).exists()
    )


def upward_answer(*, round: UpwardRound, person: Person, answers: dict[str, int]) -> None:
    """Store a report's answers without any link to them, and that they have answered."""
    _check_complete(round.instrument, answers)
    with transaction.atomic():
        locked = UpwardRound.objects.select_for_update().get(pk=round.pk)
        if not locked.is_open:
            raise ValidationError(_("Runden er lukket."))
        if not person.is_active or person.leader_id != locked.leader_id:
            raise ValidationError(_("Bare lederens egne medarbeidere kan svare."))
        if UpwardParticipation.objects.filter(round=locked, person=person).exists():
            raise ValidationError(_("Du har allerede svart i denne runden."))
        UpwardParticipation.objects.create(round=locked, person=person)
        # Rewrite the round's answers in a random order with new keys: the order rows were
        # stored in, and the keys, say nothing about who answered when.
        stored = [dict(s.values) for s in UpwardSubmission.objects.filter(round=locked)]
        stored.append(dict(answers))
        random.SystemRandom().shuffle(stored)
        UpwardSubmission.objects.filter(round=locked).delete()
        UpwardSubmission.objects.bulk_create(
            UpwardSubmission(round=locked, values=values) for values in stored
        )


@dataclass(frozen=True)
class Gap:
    label: str
    team: float | None
    own: float | None

    @property
    def gap(self) -> float | None:
        if self.team is None or self.own is None:
            return None
        return self.team - self.own


@dataclass(frozen=True)
class ItemGap(Gap):
    item: Item


@dataclass(frozen=True)
class DimensionGap(Gap):
    dimension: Dimension
    items: tuple[ItemGap, ...]


@dataclass(frozen=True)
class UpwardResults:
    count: int
    threshold: int
    own: Response | None
    dimensions: tuple[DimensionGap, ...]


def upward_results(round: UpwardRound) -> UpwardResults | None:
    """The team's means per dimension and item beside the leader's latest own
    self-assessment: only for a closed round with at least k answers (the anonymity
    threshold), so no mean is ever seen that one more answer would change."""
    submissions = [s.values for s in UpwardSubmission.objects.filter(round=round)]
    k = configured_threshold()
    if round.is_open or len(submissions) < k:
        return None
    own = (
        Response.objects.owned_by(round.leader)
        .submitted()
        .for_instrument(SELF_ASSESSMENT)
        .prefetch_related("answers")
        .first()
    )
    own_answers = own.answers_by_item() if own else {}
    dimensions = []
    for dimension in round.instrument.dimensions:
        items = []
        for item in dimension.items:
            values = [s[item.key] for s in submissions if item.key in s]
            items.append(
                ItemGap(
                    item.text,
                    fmean(values) if values else None,
                    own_answers.get(item.key),
                    item,
                )
            )
        team_values = [s[i.key] for s in submissions for i in dimension.items if i.key in s]
        own_values = [own_answers[i.key] for i in dimension.items if i.key in own_answers]
        dimensions.append(
            DimensionGap(
                dimension.title,
                fmean(team_values) if team_values else None,
                fmean(own_values) if own_values else None,
                dimension,
                tuple(items),
            )
        )
    return UpwardResults(len(submissions), k, own, tuple(dimensions))


# 180° ---------------------------------------------------------------------------------------


def view_request_create(*, response: Response, actor: Person) -> ViewRequest:
    """The employee asks their current leader for their view; the leader cannot start it."""
    if response.person_id != actor.pk:
        raise ValidationError(_("Bare den som har svart, kan be om lederens syn."))
    if not response.is_submitted or response.instrument_key != EMPLOYEE_ASSESSMENT:
        raise ValidationError(_("Lever egenevalueringen av aktivt medarbeiderskap først."))
    if actor.leader_id is None or not actor.leader.is_active:  # type: ignore[union-attr]
        raise ValidationError(_("Du har ingen leder registrert i Aktiv."))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=actor.pk).first()
        # A request still waiting for a former leader can never be answered: it goes.
        ViewRequest.objects.waiting().filter(employee=actor).exclude(
            leader_id=actor.leader_id
        ).delete()
        if ViewRequest.objects.waiting().filter(employee=actor).exists():
            raise ValidationError(
                _("Du har allerede en forespørsel som venter. Trekk den tilbake først.")
            )
        request = ViewRequest.objects.create(
            employee=actor,
            leader_id=actor.leader_id,
            response=response,
            instrument_version=definitions.one_eighty().version,
        )
        tasks.send_view_request_notice.enqueue(str(request.uuid))
    return request


def view_request_withdraw(*, request: ViewRequest, actor: Person) -> None:
    if request.employee_id != actor.pk:
        raise ValidationError(_("Bare den som spurte, kan trekke forespørselen."))
    deleted, _rows = ViewRequest.objects.filter(pk=request.pk, answered_at__isnull=True).delete()
    if not deleted:
        raise ValidationError(_("Lederen har allerede svart; forespørselen kan ikke trekkes."))


def _require_current_leader(request: ViewRequest, actor: Person) -> None:
    if actor.pk != request.leader_id or request.employee.leader_id != actor.pk:
        raise ValidationError(_("Bare lederen som ble spurt, kan svare."))


def view_request_answer(*, request: ViewRequest, actor: Person, answers: dict[str, int]) -> None:
    _require_current_leader(request, actor)
    _check_complete(request.instrument, answers)
    with transaction.atomic():
        updated = ViewRequest.objects.filter(pk=request.pk, answered_at__isnull=True).update(
            leader_values=dict(answers), answered_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Du har allerede svart."))
        tasks.send_view_request_notice.enqueue(str(request.uuid))
    request.refresh_from_db()


@dataclass(frozen=True)
class Pair:
    item: Item
    own: int | None
    leader: int | None

    @property
    def difference(self) -> int | None:
        if self.own is None or self.leader is None:
            return None
        return self.leader - self.own

    @property
    def difference_text(self) -> str:
        """The leader's answer minus the employee's, with a real minus sign."""
        difference = self.difference
        if difference is None:
            return "–"
        return f"+{difference}" if difference > 0 else f"−{-difference}" if difference else "0"


def view_pairs(request: ViewRequest) -> list[tuple[Dimension, list[Pair]]]:
    """Both answers per item, side by side: only once the leader has submitted."""
    if not request.is_answered:
        return []
    own = request.response.answers_by_item()
    theirs = request.leader_values or {}
    return [
        (dim, [Pair(item, own.get(item.key), theirs.get(item.key)) for item in dim.items])
        for dim in request.response.instrument.dimensions
    ]


def view_differences_text(request: ViewRequest) -> str:
    """The items the two answered differently, largest difference first, as agenda text."""
    pairs = [pair for _dim, rows in view_pairs(request) for pair in rows if pair.difference]
    pairs.sort(key=lambda pair: -abs(pair.difference or 0))
    lines = [_("180°: der vi ser ulikt (jeg / leder):")]
    for pair in pairs:
        lines.append(f"- {pair.item.text}: {pair.own} / {pair.leader}")
    text = "\n".join(lines)
    return text if len(text) <= AGENDA_TEXT_MAX else text[: AGENDA_TEXT_MAX - 1] + "…"


def view_request_to_agenda(*, request: ViewRequest, actor: Person) -> PendingAgendaItem:
    """Put the differences on the pair's next follow-up agenda, once."""
    if actor.pk != request.employee_id:
        _require_current_leader(request, actor)
    if not request.is_answered:
        raise ValidationError(_("Lederen har ikke svart ennå."))
    if not any(pair.difference for _dim, rows in view_pairs(request) for pair in rows):
        raise ValidationError(_("Dere svarte likt på alle utsagnene; det er ingen forskjeller."))
    with transaction.atomic():
        claimed = ViewRequest.objects.filter(pk=request.pk, agenda_added_at__isnull=True).update(
            agenda_added_at=timezone.now()
        )
        if not claimed:
            raise ValidationError(_("Forskjellene står allerede på agendaen."))
        return PendingAgendaItem.objects.create(
            person=request.employee, text=view_differences_text(request)
        )
