"""What the reflections app stores about a person: their worksheets and the items they bring
to the next follow-up (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import PendingAgendaItem, Worksheet

# The leader's worksheet that holds one short plan per direct report, by the report's UUID.
PLANS_TOOL = "mestringsorientert-ledelse"


def _plans_about(person: Any) -> list[tuple[Worksheet, dict[str, Any]]]:
    """(worksheet, entry) for each plan a leader wrote about this person. Looked through in
    Python: JSON containment is not a lookup SQLite has, and only leaders' sheets of one tool
    are read."""
    wanted = str(person.uuid)
    found = []
    for sheet in Worksheet.objects.filter(tool_key=PLANS_TOOL).exclude(person=person):
        people = sheet.data.get("people") if isinstance(sheet.data, dict) else None
        for entry in people if isinstance(people, list) else []:
            if isinstance(entry, dict) and entry.get("uuid") == wanted:
                found.append((sheet, entry))
    return found


def _export(person: Any) -> dict[str, Any]:
    return {
        # What leaders wrote about the person in their own worksheets: the law gives the
        # person access to it, as to the leader's private follow-up notes.
        "reflections.leader_plan": [
            {
                "leader": sheet.person.email,
                "tool": sheet.tool.title,
                "created_at": iso(sheet.created_at),
                "plan": entry.get("plan", ""),
            }
            for sheet, entry in _plans_about(person)
        ],
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
    # Plans leaders wrote about the person go too; the rest of the leader's sheet stays.
    for sheet, entry in _plans_about(person):
        sheet.data["people"] = [e for e in sheet.data["people"] if e is not entry]
        Worksheet.objects.filter(pk=sheet.pk).update(data=sheet.data)
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
