"""What the competence app stores about a person: their profile with its areas and history
(aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import CompetenceChange, CompetenceProfile


def _export(person: Any) -> dict[str, Any]:
    return {"competence.competenceprofile": _profile(person)}


def _profile(person: Any) -> dict[str, Any]:
    profile = CompetenceProfile.objects.owned_by(person).first()
    if profile is None:
        return {}
    return {
        "shared_with": profile.shared_with.email if profile.shared_with else None,
        "areas": [
            area.snapshot() | {"removed_at": iso(area.removed_at)} for area in profile.areas.all()
        ],
        "history": [
            {"action": change.action, "at": iso(change.at), **change.snapshot}
            for change in CompetenceChange.objects.filter(area__profile=profile)
        ],
    }


def _erase(person: Any) -> None:
    CompetenceProfile.objects.filter(person=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=(
        "competence.competenceprofile",
        "competence.competencearea",
        "competence.competencechange",
    ),
    not_erased={
        "competence.competenceprofile": "other people's profiles shared with the person as "
        "their leader stay their owners'; the share names the anonymised account",
    },
)
