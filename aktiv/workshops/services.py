"""Writes in the workshop mode. Each checks first and saves in one transaction, so a refused
step (an expired code, a closed workshop, an answer sent twice) stores nothing."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.assessments.services import response_record
from aktiv.audit.services import action_log
from aktiv.lib.anonymity import MINIMUM_THRESHOLD, configured_threshold
from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person
from aktiv.reflections import registry

from .models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SCALE,
    Facilitator,
    Participant,
    Step,
    StepAnswer,
    Submission,
    Workshop,
    can_facilitate,
)
from .results import workshop_results

MAX_STEPS = 30


def normalise_code(code: str) -> str:
    """What a person types from the projector: any case, with spaces or dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _new_code() -> str:
    for _attempt in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Workshop.objects.filter(code=code).exists():
            return code
    raise ValidationError(_("Fant ingen ledig kode. Prøv igjen."))


def check_threshold(threshold: int) -> None:
    """A workshop may show figures from 3 answers, never fewer, and never need more than the
    organisation's own threshold."""
    highest = configured_threshold()
    if not MINIMUM_THRESHOLD <= threshold <= highest:
        raise ValidationError(
            {
                "threshold": _("Velg et tall fra %(low)s til %(high)s.")
                % {"low": MINIMUM_THRESHOLD, "high": highest}
            }
        )


@transaction.atomic
def workshop_open(
    *, facilitator: Person, title: str, threshold: int, collect_text: bool
) -> Workshop:
    if not can_facilitate(facilitator):
        raise ValidationError(_("Bare ledere, HR og kursholdere kan åpne kurs."))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Gi kurset en tittel.")})
    check_lengths(Workshop, title=title)
    check_threshold(threshold)
    now = timezone.now()
    return Workshop.objects.create(
        facilitator=facilitator,
        title=title,
        threshold=threshold,
        collect_text=collect_text,
        code=_new_code(),
        expires_at=now + timedelta(hours=settings.WORKSHOP_CODE_HOURS),
    )


def _require_open(workshop: Workshop) -> None:
    if not workshop.is_open:
        raise ValidationError(_("Kurset er avsluttet."))
    if workshop.is_expired():
        raise ValidationError(_("Koden til kurset er utløpt. Avslutt kurset og åpne et nytt."))


def step_fields(source: str, text: str) -> dict[str, Any]:
    """What a choice on the step form ("instrument:<key>", "reflection:<tool>:<question>" or
    "scale") stores on the step; an unknown choice is refused."""
    kind, _sep, rest = source.partition(":")
    try:
        if kind == Step.Kind.INSTRUMENT:
            instrument = definitions.latest(rest)
            return {
                "kind": kind,
                "instrument_key": instrument.key,
                "instrument_version": instrument.version,
            }
        if kind == Step.Kind.REFLECTION:
            tool_key, _sep, question_key = rest.partition(":")
            questions = registry.get(tool_key).content.get("questions", [])
            question = next(q for q in questions if q["key"] == question_key)
            return {
                "kind": kind,
                "tool_key": tool_key,
                "question_key": question_key,
                "text": question["question"],
            }
    except (KeyError, StopIteration):
        pass
    if kind == Step.Kind.SCALE and not rest:
        if not text.strip():
            raise ValidationError({"text": _("Skriv spørsmålet deltakerne skal svare på.")})
        check_lengths(Step, text=text.strip())
        return {"kind": kind, "text": text.strip()}
    raise ValidationError({"source": _("Velg et steg fra listen.")})


@transaction.atomic
def step_add(*, workshop: Workshop, source: str, text: str = "") -> Step:
    _require_open(workshop)
    fields = step_fields(source, text)
    workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
    count = workshop.steps.count()
    if count >= MAX_STEPS:
        raise ValidationError(_("Et kurs kan ha høyst %(max)s steg.") % {"max": MAX_STEPS})
    return Step.objects.create(workshop=workshop, position=count + 1, **fields)


@transaction.atomic
def step_start(*, step: Step) -> None:
    """Open this step for the room: participants' pages move to it."""
    workshop = step.workshop
    _require_open(workshop)
    workshop.current_position = step.position
    workshop.save(update_fields=["current_position"])
    if step.opened_at is None:
        step.opened_at = timezone.now()
        step.save(update_fields=["opened_at"])


@transaction.atomic
def workshop_close(*, workshop: Workshop) -> None:
    """Freeze the group's figures; the answers themselves go after the retention period."""
    if not workshop.is_open:
        raise ValidationError(_("Kurset er allerede avsluttet."))
    workshop.summary = workshop_results(workshop)
    workshop.status = Workshop.Status.CLOSED
    workshop.closed_at = timezone.now()
    workshop.current_position = None
    workshop.save(update_fields=["summary", "status", "closed_at", "current_position"])


def participant_join(*, code: str, person: Person | None, token: str | None = None) -> Participant:
    """Let someone into the workshop with this code. A signed-in person, or a guest whose
    cookie already names a participant here, comes back as who they were."""
    workshop = Workshop.objects.filter(code=normalise_code(code)).first()
    if workshop is None:
        raise ValidationError(_("Vi fant ikke noe kurs med den koden. Sjekk koden og prøv igjen."))
    if not workshop.is_open:
        raise ValidationError(_("Dette kurset er avsluttet. Takk for at du var med!"))
    if workshop.is_expired():
        raise ValidationError(_("Koden er utløpt. Be kursholderen om en ny."))
    if person is not None:
        with transaction.atomic():
            participant, _created = Participant.objects.get_or_create(
                workshop=workshop, person=person
            )
        return participant
    if token is not None:
        known = Participant.objects.filter(workshop=workshop, token=token, person=None).first()
        if known is not None:
            return known
    return Participant.objects.create(workshop=workshop)


def _check_answer(step: Step, values: dict[str, int], text: str) -> None:
    keys = [key for key, _text in step.items()]
    if sorted(values) != sorted(keys) or any(v not in SCALE for v in values.values()):
        raise ValidationError(_("Svar på alle utsagnene med et tall fra 1 til 5."))
    if step.takes_text():
        check_lengths(StepAnswer, text=text)
    elif text:
        raise ValidationError(_("Kursholderen samler ikke inn tekst på dette steget."))


def can_keep(participant: Participant, step: Step, keep: bool = True) -> bool:
    """A signed-in participant who asked to keep an instrument meant for them (a leaders'
    instrument is not kept for an employee)."""
    person = participant.person
    return bool(
        keep
        and person is not None
        and step.kind == Step.Kind.INSTRUMENT
        and step.instrument.is_for(is_leader=person.is_leader)
    )


def answer_submit(
    *,
    participant: Participant,
    step: Step,
    values: dict[str, int],
    text: str = "",
    keep: bool = False,
) -> Response | None:
    """Store a participant's answer to the open step, once. What they answered is stored
    without a link to them; with `keep`, a signed-in participant also gets it in their own
    history. Returns the kept response, if any."""
    workshop = participant.workshop
    _require_open(workshop)
    if step.workshop_id != workshop.pk or step.position != workshop.current_position:
        raise ValidationError(_("Dette steget er ikke åpent nå. Gå tilbake til kurset."))
    text = text.strip()
    _check_answer(step, values, text)
    try:
        with transaction.atomic():
            Submission.objects.create(step=step, participant=participant)
            StepAnswer.objects.bulk_create(
                [StepAnswer(step=step, item_key=key, value=v) for key, v in values.items()]
                + ([StepAnswer(step=step, text=text)] if text else [])
            )
            if can_keep(participant, step, keep) and participant.person is not None:
                return response_record(
                    person=participant.person, instrument=step.instrument, answers=values
                )
    except IntegrityError:
        raise ValidationError(_("Du har allerede svart på dette steget.")) from None
    return None


@transaction.atomic
def facilitator_grant(*, actor: Person, person: Person) -> Facilitator:
    if not actor.is_hr:
        raise ValidationError(_("Bare HR kan gjøre noen til kursholder."))
    if not person.is_active:
        raise ValidationError(_("Personen har sluttet."))
    grant, _created = Facilitator.objects.get_or_create(
        person=person, defaults={"granted_by": actor}
    )
    action_log(actor=actor, action="workshops.facilitator_grant", obj=grant)
    return grant


@transaction.atomic
def facilitator_revoke(*, actor: Person, grant: Facilitator) -> None:
    if not actor.is_hr:
        raise ValidationError(_("Bare HR kan fjerne en kursholder."))
    action_log(actor=actor, action="workshops.facilitator_revoke", obj=grant)
    grant.delete()


def workshops_sweep_run(now: Any = None) -> tuple[int, int]:
    """Close workshops whose code has expired, and delete the answers and participants of
    workshops closed longer ago than WORKSHOP_RETENTION_DAYS: the frozen figures stay."""
    now = now or timezone.now()
    closed = 0
    for workshop in Workshop.objects.filter(status=Workshop.Status.OPEN, expires_at__lte=now):
        with transaction.atomic():
            workshop_close(workshop=workshop)
            closed += 1
    deleted = 0
    for workshop in Workshop.objects.past_retention(now).filter(answers_deleted_at=None):
        with transaction.atomic():
            deleted += StepAnswer.objects.filter(step__workshop=workshop).delete()[0]
            workshop.participants.all().delete()  # their submissions go with them
            workshop.answers_deleted_at = now
            workshop.save(update_fields=["answers_deleted_at"])
    return closed, deleted
