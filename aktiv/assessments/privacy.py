"""What the assessments app stores about a person: their self-assessments (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import Response, ResponseShare


def _export(person: Any) -> dict[str, Any]:
    responses = (
        Response.objects.owned_by(person)
        .prefetch_related("answers", "focus_areas")
        .select_related("shared_with")
    )
    shares = ResponseShare.objects.filter(response__person=person).select_related(
        "response", "leader"
    )
    return {
        "assessments.response": [_response(response) for response in responses],
        # Every leader a response was ever shared with (it keeps their team figure hidden).
        "assessments.responseshare": [
            {
                "response": str(share.response.uuid),
                "leader": share.leader.email,
                "shared_at": iso(share.at),
            }
            for share in shares
        ],
    }


def _response(response: Response) -> dict[str, Any]:
    return {
        "id": str(response.uuid),
        "instrument": response.instrument.title,
        "instrument_key": response.instrument_key,
        "instrument_version": response.instrument_version,
        "answered_in_language": response.language,
        "status": response.status,
        "created_at": iso(response.created_at),
        "submitted_at": iso(response.submitted_at),
        "shared_with": response.shared_with.email if response.shared_with else None,
        "shared_at": iso(response.shared_at),
        "answers": {
            a.item_key: {
                "statement": response.instrument.item(a.item_key).text,
                "value": a.value,
            }
            for a in response.answers.all()
        },
        "focus_areas": [
            {
                "kind": f.kind,
                "position": f.position,
                "statement": f.item.text,
                "note": f.note,
            }
            for f in response.focus_areas.all()
        ],
    }


def _erase(person: Any) -> None:
    Response.objects.filter(person=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=(
        "assessments.response",
        "assessments.answer",
        "assessments.focusarea",
        "assessments.responseshare",
    ),
    not_erased={
        "assessments.response": "other people's responses shared with the person as their "
        "leader stay their owners'; the share names the anonymised account",
        "assessments.responseshare": "that someone once shared a response with the person as "
        "their leader stays with that response (it keeps the leader's team figure hidden)",
    },
)
