"""What the reflections app stores about a person: their worksheets and the items they bring
to the next follow-up (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import PendingAgendaItem, Worksheet


def _export(person: Any) -> dict[str, Any]:
    return {
        "reflections.worksheet": [
            {
                "id": str(sheet.uuid),
                "tool": sheet.tool.title,
                "tool_key": sheet.tool_key,
                "status": sheet.status,
                "created_at": iso(sheet.created_at),
                "completed_at": iso(sheet.completed_at),
                "shared_with": sheet.shared_with.email if sheet.shared_with else None,
                "data": sheet.data,
            }
            for sheet in Worksheet.objects.owned_by(person).select_related("shared_with")
        ],
        "reflections.pendingagendaitem": [
            {
                "text": item.text,
                "created_at": iso(item.created_at),
                "handled_at": iso(item.handled_at),
            }
            for item in PendingAgendaItem.objects.filter(person=person)
        ],
    }


def _erase(person: Any) -> None:
    Worksheet.objects.filter(person=person).delete()
    PendingAgendaItem.objects.filter(person=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=("reflections.worksheet", "reflections.pendingagendaitem"),
    not_erased={
        "reflections.worksheet": "other people's worksheets shared with the person as their "
        "leader stay their owners'; the share names the anonymised account",
    },
)
