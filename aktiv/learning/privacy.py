"""What the learning app stores about a person: nothing beyond naming who added a session to
the catalogue (aktiv/lib/privacy.py)."""

from __future__ import annotations

from aktiv.lib.privacy import PersonData, nothing_to_export

CATALOGUE = "the organisation's catalogue; only names who added a session"


person_data = PersonData(
    export=nothing_to_export,
    not_exported={"learning.learningsession": CATALOGUE},
    not_erased={"learning.learningsession": CATALOGUE},
)
