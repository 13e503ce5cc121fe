from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from aktiv.workshops import services
from aktiv.workshops.models import Workshop


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def workshop(org) -> Workshop:
    """The leader's workshop with three steps: an instrument (9 statements), a reflection
    question and a quick question of their own; free text is collected."""
    workshop = services.workshop_open(
        facilitator=org.leader, title="Ledersamling", threshold=3, collect_text=True
    )
    services.step_add(workshop=workshop, source="instrument:aktivt-medarbeiderskap")
    services.step_add(workshop=workshop, source="reflection:tre-sporsmal:want")
    services.step_add(workshop=workshop, source="scale", text="Jeg får brukt det jeg kan")
    return workshop


def guest_joins(workshop: Workshop, client: Client | None = None) -> Client:
    client = client or Client()
    response = client.post(reverse("workshops:join_submit"), {"code": workshop.code})
    assert response.status_code == 302, response.content.decode()
    return client


def all_items(value: int = 3) -> dict[str, int]:
    from aktiv.assessments import definitions

    instrument = definitions.latest("aktivt-medarbeiderskap")
    return {f"item_{item.key}": value for item in instrument.items}
