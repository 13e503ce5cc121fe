"""HR's participation page reads only the rows it shows: the top two levels of the unit tree
(a unit's children opened by HTMX, or with `?enhet=` without JavaScript) and 50 leaders a
page, searchable by name; the same number of queries for 5 units and leaders as for 50. The
export keeps every unit and every leader."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.insights.participation import participation_refresh
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import exported


def period_now() -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )


def led_unit(period: Period, name: str, parent: Unit | None, size: int = 1) -> Unit:
    """A unit with a leader (named after it) and `size` people with records."""
    unit = Unit.objects.create(name=name, parent=parent)
    leader = PersonFactory.create(unit=unit, full_name=f"Leder {name}")
    for _ in range(size):
        employee = PersonFactory.create(unit=unit, leader=leader)
        ConversationRecord.objects.create(period=period, employee=employee, leader=leader)
    return unit


def people_cell(page: str, unit: str) -> str:
    return page.split(f">{unit}</span>")[1].split('<td class="num">')[1].split("<")[0]


@pytest.fixture
def tree(org):
    """Kommune > Skole > Klasse > Gruppe, with two people in each unit."""
    period = period_now()
    kommune = led_unit(period, "Kommune", None, 2)
    skole = led_unit(period, "Skole", kommune, 2)
    klasse = led_unit(period, "Klasse", skole, 2)
    gruppe = led_unit(period, "Gruppe", klasse, 2)
    participation_refresh(period)
    return {"kommune": kommune, "skole": skole, "klasse": klasse, "gruppe": gruppe}


def test_the_page_shows_two_levels_each_with_the_people_below_it(org, tree):
    page = client_for(org.hr).get(reverse("insights:participation")).content.decode()
    assert people_cell(page, "Kommune") == "8"
    assert people_cell(page, "Skole") == "6"
    assert ">Klasse</span>" not in page and ">Gruppe</span>" not in page
    opener = reverse("insights:participation_unit", args=[tree["skole"].uuid])
    assert f'hx-get="{opener}?dybde=1"' in page
    assert f'href="?enhet={tree["skole"].uuid}"' in page
    # The top unit's children are already shown: it has no button.
    assert f"?enhet={tree['kommune'].uuid}" not in page
    assert "Vis enhetene under" in page


def test_opening_a_unit_returns_its_row_and_its_childrens_rows(org, tree):
    hr = client_for(org.hr)
    url = reverse("insights:participation_unit", args=[tree["skole"].uuid])
    response = hr.get(url, {"dybde": "1"}, headers={"HX-Request": "true"})
    rows = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in rows and rows.count("<tr>") == 2
    assert people_cell(rows, "Skole") == "6" and people_cell(rows, "Klasse") == "4"
    assert 'class="depth-2"><span class="unit-name">Klasse' in rows
    # Skole is open now; Klasse can be opened in turn.
    assert f"?enhet={tree['skole'].uuid}" not in rows
    assert f"?enhet={tree['klasse'].uuid}" in rows
    assert hr.get(url, {"dybde": "x" * 50}).status_code == 200


def test_without_javascript_the_link_shows_the_unit_and_its_children(org, tree):
    hr = client_for(org.hr)
    page = hr.get(reverse("insights:participation"), {"enhet": str(tree["klasse"].uuid)})
    text = page.content.decode()
    assert people_cell(text, "Klasse") == "4" and people_cell(text, "Gruppe") == "2"
    assert ">Kommune</span>" not in text
    assert "Tilbake til hele organisasjonen" in text
    assert hr.get(reverse("insights:participation"), {"enhet": "nope"}).status_code == 404


def test_only_hr_opens_a_unit(org, tree):
    url = reverse("insights:participation_unit", args=[tree["skole"].uuid])
    for persona in ("employee", "leader"):
        assert client_for(getattr(org, persona)).get(url).status_code == 404
    missing = reverse("insights:participation_unit", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(org.hr).get(missing).status_code == 404


def test_leaders_fifty_a_page_by_name_and_searchable(org):
    period = period_now()
    for n in range(120):
        led_unit(period, f"Enhet {n:03}", None)
    participation_refresh(period)
    hr = client_for(org.hr)
    first = hr.get(reverse("insights:participation")).content.decode()
    leaders = first.split('id="leaders-heading"')[1]
    assert "120 ledere, side 1 av 3" in leaders
    assert leaders.count("Leder Enhet") == 50
    assert "Leder Enhet 000" in leaders and "Leder Enhet 050" not in leaders
    third = hr.get(reverse("insights:participation"), {"side": "3"}).content.decode()
    assert third.split('id="leaders-heading"')[1].count("Leder Enhet") == 20
    assert "Leder Enhet 119" in third and "side 3 av 3" in third
    found = hr.get(reverse("insights:participation"), {"q": "enhet 11"}).content.decode()
    part = found.split('id="leaders-heading"')[1]
    assert "10 ledere, side 1 av 1" in part
    assert "Leder Enhet 110" in part and "Leder Enhet 010" not in part
    none = hr.get(reverse("insights:participation"), {"q": "Ingen slik"}).content.decode()
    assert "Ingen ledere med det navnet." in none
    # A page past the end shows the last one rather than failing.
    assert hr.get(reverse("insights:participation"), {"side": "999"}).status_code == 200
    # The export keeps every leader and every unit.
    export = exported(hr, "insights:participation_export", {"format": "csv"})
    csv = export.content.decode("utf-8-sig")
    assert csv.count("Leder Enhet") == 120 and "Enhet 119;1;" in csv


def test_as_many_queries_for_five_units_and_leaders_as_for_fifty(org):
    period = period_now()
    hr = client_for(org.hr)
    root = led_unit(period, "Rot", None)

    def queries(**params: str) -> int:
        participation_refresh(period)
        with CaptureQueriesContext(connection) as captured:
            assert hr.get(reverse("insights:participation"), params).status_code == 200
        with CaptureQueriesContext(connection) as opened:
            url = reverse("insights:participation_unit", args=[root.uuid])
            assert hr.get(url).status_code == 200
        return len(captured) + len(opened)

    for n in range(5):
        child = led_unit(period, f"Liten {n}", root)
        led_unit(period, f"Under {n}", child)
    queries()  # the first request of a session writes the session
    small, small_search = queries(), queries(q="Leder", side="2")
    for n in range(45):
        child = led_unit(period, f"Stor {n}", root)
        led_unit(period, f"Dypere {n}", child)
    assert queries() == small
    assert queries(q="Leder", side="2") == small_search
