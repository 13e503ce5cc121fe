"""What the accessibility feedback stores about a person (aktiv/lib/privacy.py): only who on
the staff answered a message. The sender is a visitor, signed in or not, who gave an address
of their own choosing; nothing links the message to an account."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData


def _export(person: Any) -> dict[str, Any]:
    return {}


person_data = PersonData(
    export=_export,
    not_exported={
        "accessibility.feedback": "a visitor's message; the person only answered it as HR "
        "or administrator, and the answer is the organisation's",
    },
    not_erased={
        "accessibility.feedback": "the organisation's answer to a visitor stays; it names "
        "the anonymised account, and the link is cleared when the account is deleted",
    },
)
