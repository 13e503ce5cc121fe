"""What the audit app stores about a person: who read or changed their data, and what they
did to the organisation's setup (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import AccessLogEntry, ActionEntry


def _export(person: Any) -> dict[str, Any]:
    return {
        "audit.actionentry": [
            {"action": entry.action, "object_type": entry.object_type, "at": iso(entry.at)}
            for entry in ActionEntry.objects.filter(actor=person)
        ],
        "audit.accesslogentry": [
            {
                "who": entry.actor.full_name if entry.actor else None,
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": str(entry.object_uuid),
                "at": iso(entry.at),
                "times": entry.count,
                "last_at": iso(entry.last_at),
            }
            for entry in AccessLogEntry.objects.about(person).select_related("actor")
        ],
    }


# The logs hold who, what object and when, never content, so they can outlive an erasure:
# they are how the employer answers for what was done with the person's data.
person_data = PersonData(
    export=_export,
    not_erased={
        "audit.accesslogentry": "who read or changed the person's data, and when (no "
        "content): the employer's account of what was done with it",
        "audit.actionentry": "what the person did to the setup as HR or administrator (no "
        "content), and the erasure itself: the employer's account of it",
    },
)
