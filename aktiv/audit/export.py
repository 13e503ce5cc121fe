""" "Last ned mine data": everything stored about one person, machine-readable (GDPR art. 15
and 20). Every model that points at a person must appear here; a test walks the models to
make sure none is forgotten."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_otp import user_has_device

from aktiv.assessments.models import Response
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from .models import AccessLogEntry

# Models that point at a person but hold nothing about them worth exporting, with why.
NOT_EXPORTED = {
    "admin.logentry": "the Django admin's own change log of operators",
    "axes.accessattempt": "failed login attempts, kept for minutes for throttling",
    "axes.accessfailurelog": "failed login attempts, kept for throttling",
    "axes.accesslog": "successful logins, kept for security monitoring",
    "otp_totp.totpdevice": "second-factor secrets: never exported (the export says it is on)",
    "otp_static.staticdevice": "backup codes: secrets, never exported",
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _responses(person: Person) -> list[dict[str, Any]]:
    rows = []
    for response in (
        Response.objects.owned_by(person)
        .prefetch_related("answers", "focus_areas")
        .select_related("shared_with")
    ):
        rows.append(
            {
                "id": str(response.uuid),
                "instrument": response.instrument.title,
                "instrument_key": response.instrument_key,
                "instrument_version": response.instrument_version,
                "status": response.status,
                "created_at": _iso(response.created_at),
                "submitted_at": _iso(response.submitted_at),
                "shared_with": response.shared_with.email if response.shared_with else None,
                "shared_at": _iso(response.shared_at),
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
        )
    return rows


def _worksheets(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "id": str(sheet.uuid),
            "tool": sheet.tool.title,
            "tool_key": sheet.tool_key,
            "status": sheet.status,
            "created_at": _iso(sheet.created_at),
            "completed_at": _iso(sheet.completed_at),
            "shared_with": sheet.shared_with.email if sheet.shared_with else None,
            "data": sheet.data,
        }
        for sheet in Worksheet.objects.owned_by(person).select_related("shared_with")
    ]


def export_for(person: Person) -> dict[str, Any]:
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": str(person.uuid),
            "name": person.full_name,
            "email": person.email,
            "unit": person.unit.path if person.unit else None,
            "leader": person.leader.email if person.leader else None,
            "is_hr": person.is_hr,
            "date_joined": _iso(person.date_joined),
            "last_login": _iso(person.last_login),
            "two_factor": user_has_device(person),
        },
        "assessments.response": _responses(person),
        "reflections.worksheet": _worksheets(person),
        "reflections.pendingagendaitem": [
            {
                "text": item.text,
                "created_at": _iso(item.created_at),
                "handled_at": _iso(item.handled_at),
            }
            for item in PendingAgendaItem.objects.filter(person=person)
        ],
        "audit.accesslogentry": [
            {
                "who": entry.actor.full_name if entry.actor else None,
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": str(entry.object_uuid),
                "at": _iso(entry.at),
            }
            for entry in AccessLogEntry.objects.about(person).select_related("actor")
        ],
    }
