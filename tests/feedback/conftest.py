from __future__ import annotations

import pytest

from aktiv.feedback import definitions
from aktiv.people.models import Person

from ..factories import PersonFactory


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.ANONYMITY_THRESHOLD = 3


def all_items(value: int = 3, key: str = definitions.UPWARD) -> dict[str, str]:
    instrument = definitions.upward() if key == definitions.UPWARD else definitions.one_eighty()
    return {f"item-{item.key}": str(value) for item in instrument.items}


@pytest.fixture
def team(org) -> list[Person]:
    """The leader's reports: the employee, the colleague and two more (four in all)."""
    extra = [
        PersonFactory.create(full_name=name, unit=org.unit, leader=org.leader)
        for name in ("Per Tredje", "Siri Fjerde")
    ]
    return [org.employee, org.colleague, *extra]
