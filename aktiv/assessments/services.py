"""Writes to self-assessment responses. Each validates first and saves in one transaction,
so a refused change leaves nothing behind."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from . import definitions
from .models import Answer, FocusArea, Response


def response_start(*, person: Person, instrument: definitions.Instrument) -> Response:
    """Open this person's draft for the instrument, or start one."""
    if not instrument.is_for(is_leader=person.is_leader):
        raise ValidationError(_("Denne egenvurderingen er for ledere."))
    with transaction.atomic():
        draft = (
            Response.objects.drafts()
            .select_for_update()
            .filter(person=person, instrument_key=instrument.key)
            .first()
        )
        if draft is not None:
            return draft
        return Response.objects.create(
            person=person,
            instrument_key=instrument.key,
            instrument_version=instrument.version,
            language=definitions.text_language(
                instrument.key, instrument.version, person.preferred_language
            ),
        )


def _check_answers(instrument: definitions.Instrument, answers: dict[str, int]) -> None:
    if unknown := instrument.invalid_keys(answers):
        raise ValidationError(
            _("Svaret inneholder utsagn som ikke hører til denne egenvurderingen: %(keys)s")
            % {"keys": ", ".join(unknown)}
        )
    scale = instrument.scale
    if any(value not in scale.values for value in answers.values()):
        raise ValidationError(
            _("Hvert svar må være et tall fra %(min)s til %(max)s.")
            % {"min": scale.min, "max": scale.max}
        )


def _answer_rows(
    response: Response, instrument: definitions.Instrument, answers: dict[str, int]
) -> list[Answer]:
    return [
        Answer(
            response=response,
            item_key=key,
            dimension_key=instrument.item(key).dimension_key,
            value=value,
        )
        for key, value in answers.items()
    ]


@transaction.atomic
def response_save_answers(*, response: Response, answers: dict[str, int]) -> None:
    """Keep a draft's answers as they stand (answered items only)."""
    if response.is_submitted:
        raise ValidationError(_("Egenvurderingen er allerede levert og kan ikke endres."))
    instrument = response.instrument
    _check_answers(instrument, answers)
    response.answers.all().delete()
    Answer.objects.bulk_create(_answer_rows(response, instrument, answers))
    # The language the person read the items in: results compare across languages by item
    # key, and the person's own notes are marked as written in it.
    response.language = definitions.text_language(
        response.instrument_key, response.instrument_version, response.person.preferred_language
    )
    response.save(update_fields=["updated_at", "language"])
    response._answers_by_item = dict(answers)


@transaction.atomic
def response_submit(*, response: Response, answers: dict[str, int]) -> None:
    """Save the answers and submit; every item must be answered."""
    if missing := response.instrument.missing_items(answers):
        raise ValidationError(
            _("Svar på alle utsagnene før du leverer. Mangler: %(items)s")
            % {"items": "; ".join(f"«{item.text}»" for item in missing)}
        )
    response_save_answers(response=response, answers=answers)
    person = response.person
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.unit_at_submission_id = person.unit_id
    response.leader_at_submission_id = person.leader_id
    response.save(
        update_fields=[
            "status",
            "submitted_at",
            "unit_at_submission",
            "leader_at_submission",
            "updated_at",
        ]
    )


@transaction.atomic
def response_record(
    *, person: Person, instrument: definitions.Instrument, answers: dict[str, int]
) -> Response:
    """A complete response given elsewhere (in a workshop), submitted at once; any draft of
    the person's stays as it is."""
    if not instrument.is_for(is_leader=person.is_leader):
        raise ValidationError(_("Denne egenvurderingen er for ledere."))
    _check_answers(instrument, answers)
    if instrument.missing_items(answers):
        raise ValidationError(_("Svar på alle utsagnene før du leverer."))
    response = Response.objects.create(
        person=person,
        instrument_key=instrument.key,
        instrument_version=instrument.version,
        status=Response.Status.SUBMITTED,
        submitted_at=timezone.now(),
        unit_at_submission_id=person.unit_id,
        leader_at_submission_id=person.leader_id,
        # Answered in the workshop's language: the one active while it was answered.
        language=definitions.text_language(
            instrument.key, instrument.version, translation.get_language() or "nb"
        ),
    )
    Answer.objects.bulk_create(_answer_rows(response, instrument, answers))
    return response


FocusChoice = tuple[str, str]  # (item key, note)


@transaction.atomic
def focus_areas_save(
    *, response: Response, development: Sequence[FocusChoice], strengths: Sequence[FocusChoice]
) -> None:
    """Store the person's two development areas and two strengths."""
    if not response.is_submitted:
        raise ValidationError(_("Lever egenvurderingen før du velger utviklingsområder."))
    instrument = response.instrument
    for item_key, note in [*development, *strengths]:
        try:
            instrument.item(item_key)
        except KeyError:
            raise ValidationError(_("Velg utsagn fra denne egenvurderingen.")) from None
        check_lengths(FocusArea, note=note)
    response.focus_areas.all().delete()
    FocusArea.objects.bulk_create(
        FocusArea(response=response, kind=kind, position=position, item_key=key, note=note)
        for kind, choices in (
            (FocusArea.Kind.DEVELOPMENT, development),
            (FocusArea.Kind.STRENGTH, strengths),
        )
        for position, (key, note) in enumerate(choices, start=1)
    )
    response.save(update_fields=["updated_at"])


@transaction.atomic
def response_delete(*, response: Response, actor: Person) -> None:
    """A person may delete their own responses, drafts or submitted (PRODUCT.md section 3):
    answers and chosen areas go with it."""
    if response.person_id != actor.pk:
        raise ValidationError(_("Bare den som har svart, kan slette."))
    response.delete()
