"""What the insights app stores about a person: a leader's participation counts (how many of
their pairs held their conversations), precomputed for HR's page. See aktiv/lib/privacy.py."""

from __future__ import annotations

from aktiv.lib.privacy import PersonData, nothing_to_export

PRACTICE = (
    "participation counts per leader, recomputed from the conversations every few minutes: "
    "the leader's practice, shown to HR; no content"
)

person_data = PersonData(
    export=nothing_to_export,
    not_exported={"insights.participationfigure": PRACTICE},
    not_erased={"insights.participationfigure": PRACTICE},
)
