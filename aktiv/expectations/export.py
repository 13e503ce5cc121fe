"""The expectations part of "Last ned mine data" (aktiv/audit/export.py)."""

from __future__ import annotations

from typing import Any

from .models import Acknowledgement

# Written by HR on behalf of the organisation, about the organisation: not data about the
# person who typed it, only naming them (like goals.goal and conversations.period). Who
# published or saved is also in the person's own action log, which is exported.
NOT_EXPORTED = {
    "expectations.expectationsversion": "the organisation's expectations charter (shared "
    "setup); only names the HR person who drafted it",
    "expectations.selfcheck": "HR's answers for the organisation to its self-check, about the "
    "organisation, not a person; only names who saved them",
}


def expectations_export(person: Any) -> dict[str, list[dict[str, Any]]]:
    """Which versions of the expectations the person acknowledged, and when."""
    return {
        "expectations.acknowledgement": [
            {
                "version": ack.version.number,
                "version_id": str(ack.version.uuid),
                "published_at": ack.version.published_at.isoformat()
                if ack.version.published_at
                else None,
                "acknowledged_at": ack.at.isoformat(),
            }
            for ack in Acknowledgement.objects.filter(person=person).select_related("version")
        ]
    }
