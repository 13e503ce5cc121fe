"""What each app stores about a person, collected in one place.

Each app declares its part in its own `privacy.py` as a module-level
`person_data = PersonData(...)`: what goes into the person's data export (GDPR art. 15 and
20), what erasure deletes (art. 17) and what the retention period deletes (art. 5(1)(e)).
The low layers (`people`, `audit`) then assemble the export and run erasure and retention
through `registered()` without importing the domain apps, and tests walk every model that
points at a person to make sure each one is declared somewhere."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import Any

from django.apps import apps


@dataclass(frozen=True)
class PersonData:
    """What one app stores about a person.

    `export(person)` returns the app's sections of the export: key "app.model" to rows that
    JSON can hold (the people app also gives the "person" block). `erase(person)` deletes
    what the person wrote or owns; `retain(cutoff)` deletes content older than the cutoff
    and says how many rows it deleted. The labels ("app.model") in `not_exported`,
    `erased` and `not_erased` say, for every model that points at a person, whether
    it is left out of the export and whether erasure deletes the person's rows in it; the
    mappings say why. A label can be both erased (the person's own rows) and not erased
    (rows where they only appear, e.g. as another employee's leader)."""

    export: Callable[[Any], dict[str, Any]]
    erase: Callable[[Any], None] | None = None
    retain: Callable[[date], int] | None = None
    not_exported: Mapping[str, str] = field(default_factory=dict)
    erased: Collection[str] = ()
    not_erased: Mapping[str, str] = field(default_factory=dict)


def registered() -> list[PersonData]:
    """Every app's `person_data`, in the order of INSTALLED_APPS (which is the order of the
    export's sections). Imported at call time, so this bottom layer names no app."""
    found = []
    for config in apps.get_app_configs():
        module = _privacy_module(config.name)
        if module is not None:
            found.append(module.person_data)
    return found


def _privacy_module(app: str) -> Any:
    """`<app>.privacy` for Aktiv's own apps, or None when the app stores nothing about a
    person. An import error inside an existing module is not swallowed."""
    name = f"{app}.privacy"
    if not app.startswith("aktiv.") or name == __name__:
        return None
    try:
        return import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:
            raise
        return None


def nothing_to_export(person: Any) -> dict[str, Any]:
    """The export of an app that only names a person in shared setup (its not_exported
    says why)."""
    return {}


def iso(value: Any) -> str | None:
    """A date or time as ISO 8601 for the export; None stays None."""
    return value.isoformat() if value else None
