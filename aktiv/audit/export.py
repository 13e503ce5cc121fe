""" "Last ned mine data": everything stored about one person, machine-readable (GDPR art. 15
and 20). Each app declares its sections in its own `privacy.py` (aktiv/lib/privacy.py); a
test walks the models to make sure every model that points at a person is exported or
excused."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from aktiv.lib.privacy import registered

if TYPE_CHECKING:
    from aktiv.people.models import Person


def export_for(person: Person) -> dict[str, Any]:
    """The "person" block first, then every app's sections in the order of INSTALLED_APPS."""
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for part in registered():
        data |= part.export(person)
    return data
