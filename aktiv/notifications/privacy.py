"""What the notifications app stores about a person: what happened to them (kind, who, a
link; never content) and their e-mail choices (aktiv/lib/privacy.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from aktiv.lib.privacy import PersonData, iso

from .models import EmailPreference, Notification


def _export(person: Any) -> dict[str, Any]:
    return {
        "notifications.notification": [
            {
                "kind": n.kind,
                "who": n.actor.full_name if n.actor else None,
                "link": n.url,
                "created_at": iso(n.created_at),
                "read_at": iso(n.read_at),
                "emailed_at": iso(n.emailed_at),
            }
            for n in Notification.objects.filter(person=person).select_related("actor")
        ],
        "notifications.emailpreference": {
            p.kind: p.choice for p in EmailPreference.objects.filter(person=person)
        },
    }


def _erase(person: Any) -> None:
    # Also what others were told the person did: it led to what the erasure deletes.
    Notification.objects.filter(Q(person=person) | Q(actor=person)).delete()
    EmailPreference.objects.filter(person=person).delete()


def _retain(cutoff: Any) -> int:
    # Read notifications are only a trail of what happened; they go with the content.
    deleted, _ = Notification.objects.filter(created_at__date__lt=cutoff).delete()
    return deleted


person_data = PersonData(
    export=_export,
    erase=_erase,
    retain=_retain,
    erased=("notifications.notification", "notifications.emailpreference"),
)
