"""What the expectations app stores about a person: which versions of the expectations they
acknowledged (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import Acknowledgement

# Written by HR on behalf of the organisation, about the organisation: not data about the
# person who typed it, only naming them (like goals.goal and conversations.period). Who
# published or saved is also in the person's own action log, which is exported.
SHARED_SETUP = {
    "expectations.expectationsversion": "the organisation's expectations charter (shared "
    "setup); only names the HR person who drafted it",
    "expectations.selfcheck": "HR's answers for the organisation to its self-check, about the "
    "organisation, not a person; only names who saved them",
}


def _export(person: Any) -> dict[str, Any]:
    """Which versions of the expectations the person acknowledged, and when."""
    return {
        "expectations.acknowledgement": [
            {
                "version": ack.version.number,
                "version_id": str(ack.version.uuid),
                "published_at": iso(ack.version.published_at),
                "acknowledged_at": ack.at.isoformat(),
            }
            for ack in Acknowledgement.objects.filter(person=person).select_related("version")
        ]
    }


person_data = PersonData(
    export=_export,
    not_exported=SHARED_SETUP,
    not_erased={
        **SHARED_SETUP,
        "expectations.acknowledgement": "that the account acknowledged a version holds no "
        "text; it stays with the anonymised account so the counts per unit keep their shape",
    },
)
