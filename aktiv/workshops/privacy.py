"""What the workshop mode stores about a person (aktiv/lib/privacy.py): the workshops they
ran (with their frozen figures), that they took part in one, and a facilitator grant. What a
participant answered is not linked to them and is deleted WORKSHOP_RETENTION_DAYS after the
workshop closes (tasks.workshops_sweep)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import Facilitator, Participant, Workshop


def _export(person: Any) -> dict[str, Any]:
    return {
        "workshops.workshop": [
            {
                "id": str(workshop.uuid),
                "title": workshop.title,
                "created_at": iso(workshop.created_at),
                "closed_at": iso(workshop.closed_at),
                "summary": workshop.summary,
            }
            for workshop in Workshop.objects.filter(facilitator=person)
        ],
        "workshops.participant": [
            {"workshop": p.workshop.title, "joined_at": iso(p.joined_at)}
            for p in Participant.objects.filter(person=person).select_related("workshop")
        ],
        "workshops.facilitator": [
            {"granted_at": iso(grant.granted_at)}
            for grant in Facilitator.objects.filter(person=person)
        ],
    }


def _erase(person: Any) -> None:
    Workshop.objects.filter(facilitator=person).delete()
    Participant.objects.filter(person=person).delete()
    Facilitator.objects.filter(person=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=("workshops.workshop", "workshops.participant", "workshops.facilitator"),
    not_erased={
        "workshops.facilitator": "a grant HR gave names HR as its giver; it stays the "
        "facilitator's, and the giver becomes the anonymised account",
    },
)
