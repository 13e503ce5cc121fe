"""What the integrations store about a person (aktiv/lib/privacy.py): the identity system's
record of them (SCIM), their invitation, and the tokens HR made."""

from __future__ import annotations

from typing import Any

from aktiv.lib.privacy import PersonData, iso

from .models import Invitation, ScimLink


def _export(person: Any) -> dict[str, Any]:
    link = ScimLink.objects.filter(person=person).first()
    invitation = Invitation.objects.filter(person=person).first()
    return {
        "integrations.scimlink": (
            {
                "user_name": link.user_name,
                "external_id": link.external_id,
                "attributes": link.attributes,
            }
            if link
            else {}
        ),
        "integrations.invitation": (
            {"sent_at": iso(invitation.sent_at), "times_sent": invitation.times_sent}
            if invitation
            else {}
        ),
    }


def _erase(person: Any) -> None:
    ScimLink.objects.filter(person=person).delete()
    Invitation.objects.filter(person=person).delete()


person_data = PersonData(
    export=_export,
    erase=_erase,
    erased=("integrations.scimlink", "integrations.invitation"),
    not_exported={
        "integrations.integrationtoken": "a token is the organisation's, not the person's; "
        "it names who made it, as the action log does",
    },
    not_erased={
        "integrations.integrationtoken": "the token stays the organisation's; its creator "
        "is the anonymised account",
    },
)
