"""Writes of the pulse: HR schedules a round; a person answers one.

`pulse_submit` is where anonymity is made: the participation row and the answer row are
written in one transaction but share nothing, and the answers of the respondent's unit in
that round are deleted and written again in a random order with new random ids, so the
newest answer cannot be told by its id, its place in the table or its row id."""

from __future__ import annotations

import secrets
import uuid
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.dates import add_months
from aktiv.lib.validation import check_days, check_lengths
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree

from . import definitions
from .models import Answer, Participation, Round

# A round longer than this is not a pulse; rounds are short so the figures are fresh.
MAX_ROUND_DAYS = 92


def round_scope(round_: Round) -> set[int] | None:
    """The unit ids a round asks (the chosen units and every unit below them); None when it
    asks the whole organisation."""
    chosen = {unit.pk for unit in round_.units.all()}
    if not chosen:
        return None
    return {
        pk
        for node in build_tree(Unit.objects.all())
        if node.unit.pk in chosen
        for pk in node.descendant_ids
    }


def is_invited(round_: Round, person: Person, scope: set[int] | None = None) -> bool:
    """Whether the round asks this person: active, and in its units (any unit, or none,
    when it asks the whole organisation)."""
    if not person.is_active:
        return False
    scope = round_scope(round_) if scope is None else scope
    return scope is None or person.unit_id in scope


def invited_people(round_: Round) -> list[Person]:
    scope = round_scope(round_)
    people = Person.objects.filter(is_active=True).exclude(email="")
    if scope is not None:
        people = people.filter(unit_id__in=scope)
    return list(people.order_by("pk"))


def rounds_open_to(person: Person, day: date) -> list[tuple[Round, bool]]:
    """The rounds open today that ask this person, each with whether they have answered."""
    answered = set(Participation.objects.filter(person=person).values_list("round_id", flat=True))
    return [
        (round_, round_.pk in answered)
        for round_ in Round.objects.open_on(day).prefetch_related("units")
        if is_invited(round_, person)
    ]


MAX_SERIES = 12


@transaction.atomic
def round_create(
    *,
    actor: Person,
    name: str,
    opens_on: date,
    closes_on: date,
    units: list[Unit],
    repeat: int = 0,
    count: int = 1,
) -> list[Round]:
    """One round, or a series of `count` rounds every `repeat` months (1: monthly, 3:
    quarterly), each open as long as the first; each named with its month when repeated."""
    if repeat not in (0, 1, 3) or not 1 <= count <= MAX_SERIES:
        raise ValidationError(
            {"count": _("Velg mellom 1 og %(max)s runder.") % {"max": MAX_SERIES}}
        )
    rounds = []
    for n in range(count if repeat else 1):
        start = add_months(opens_on, n * repeat)
        end = start + (closes_on - opens_on)
        label = f"{name} ({start:%m.%Y})" if repeat and count > 1 else name
        rounds.append(
            _round_create(actor=actor, name=label, opens_on=start, closes_on=end, units=units)
        )
    return rounds


def _round_create(
    *, actor: Person, name: str, opens_on: date, closes_on: date, units: list[Unit]
) -> Round:
    check_lengths(Round, name=name)
    check_days(opens_on=opens_on, closes_on=closes_on)
    if closes_on < opens_on:
        raise ValidationError(
            {"closes_on": _("Runden må stenge samme dag som den åpner eller senere.")}
        )
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("Runden kan ikke stenge før i dag.")})
    if closes_on - opens_on > timedelta(days=MAX_ROUND_DAYS):
        raise ValidationError(
            {
                "closes_on": _("En pulsrunde kan være åpen i høyst %(days)s dager.")
                % {"days": MAX_ROUND_DAYS}
            }
        )
    round_ = Round.objects.create(
        name=name,
        opens_on=opens_on,
        closes_on=closes_on,
        pulse_version=definitions.latest().version,
    )
    round_.units.set(units)
    action_log(actor=actor, action="pulse_round_create", obj=round_)
    return round_


def pulse_submit(*, round_: Round, person: Person, answers: dict[str, int]) -> None:
    """Record one person's answers, anonymously. Refused when the round is not open, does not
    ask the person, has their answer already, or an item is missing."""
    today = timezone.localdate()
    if not round_.is_open(today):
        raise ValidationError(_("Denne runden er ikke åpen."))
    if not is_invited(round_, person):
        raise ValidationError(_("Denne runden gjelder ikke deg."))
    pulse = definitions.get(round_.pulse_version)
    if pulse.check_answers(answers):
        raise ValidationError(_("Svar på alle utsagnene før du sender."))
    values = {item.key: answers[item.key] for item in pulse.items}
    try:
        with transaction.atomic():
            # One writer per round at a time: the rewrite below must see every answer.
            Round.objects.select_for_update().get(pk=round_.pk)
            Participation.objects.create(round=round_, person=person)
            _rewrite_shuffled(round_, person.unit_id, values)
    except IntegrityError as error:
        raise ValidationError(_("Du har allerede svart på denne runden.")) from error


def _rewrite_shuffled(round_: Round, unit_id: int | None, new: dict[str, int]) -> None:
    """Delete the unit's answers to the round and write them again, with the new one, in a
    random order and with new random ids."""
    same_unit = {"unit_id": unit_id} if unit_id is not None else {"unit__isnull": True}
    mine = Answer.objects.filter(round=round_, **same_unit)
    rows = [*mine.values_list("values", flat=True), new]
    mine.delete()
    secrets.SystemRandom().shuffle(rows)
    Answer.objects.bulk_create(
        Answer(id=uuid.uuid4(), round=round_, unit_id=unit_id, values=values) for values in rows
    )
