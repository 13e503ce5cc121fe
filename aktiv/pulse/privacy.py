"""What the pulse stores about a person (aktiv/lib/privacy.py): only that they answered a
round. Their answers are not theirs to export or erase: nothing links them to the person (that
is the point), so Aktiv cannot find them."""

from __future__ import annotations

from datetime import date
from typing import Any

from aktiv.lib.privacy import PersonData

from .models import Participation


def _export(person: Any) -> dict[str, Any]:
    return {
        "pulse.participation": [
            {
                "round": p.round.name,
                "round_id": str(p.round.uuid),
                "closes_on": str(p.round.closes_on),
            }
            for p in Participation.objects.filter(person=person).select_related("round")
        ]
    }


def _erase(person: Any) -> None:
    Participation.objects.filter(person=person).delete()


def _retain(cutoff: date) -> int:
    """Who answered a round long closed is of no use; the anonymous answers stay."""
    deleted, _rows = Participation.objects.filter(round__closes_on__lt=cutoff).delete()
    return deleted


person_data = PersonData(
    export=_export, erase=_erase, retain=_retain, erased=["pulse.participation"]
)
