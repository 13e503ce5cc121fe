"""What the insights app stores about a person: a leader's participation counts (how many of
their pairs held their conversations), precomputed for HR's page; and the exports an HR
person asked for. See aktiv/lib/privacy.py."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, nothing_to_export

from .models import ExportJob

PRACTICE = (
    "participation counts per leader, recomputed from the conversations every few minutes: "
    "the leader's practice, shown to HR; no content"
)
EXPORTS = (
    "exports of the organisation's figures an HR person asked for: group figures, nothing "
    "about the person; the file is deleted after an hour and the row after 30 days"
)


def _erase(person: Any) -> None:
    ExportJob.objects.filter(requester=person).delete()


person_data = PersonData(
    export=nothing_to_export,
    erase=_erase,
    not_exported={"insights.participationfigure": PRACTICE, "insights.exportjob": EXPORTS},
    erased=["insights.exportjob"],
    not_erased={"insights.participationfigure": PRACTICE},
)
