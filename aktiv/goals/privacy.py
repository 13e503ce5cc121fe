"""What the goals app stores about a person: nothing of its own beyond naming who wrote an
organisation or unit goal. Personal goals are conversation content and are declared with
the conversations (aktiv/conversations/privacy.py). See aktiv/lib/privacy.py."""

from __future__ import annotations

from aktiv.lib.privacy import PersonData, nothing_to_export

SHARED_SETUP = "the organisation's and units' goals: shared setup; only names who wrote it"


person_data = PersonData(
    export=nothing_to_export,
    not_exported={"goals.goal": SHARED_SETUP},
    not_erased={"goals.goal": SHARED_SETUP},
)
