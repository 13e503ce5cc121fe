"""HR's organisation page at any size: the unit table shows the top units and the units right
under them (a unit's children opened by HTMX, or with `?enhet=` without JavaScript), the
people filter takes its unit from the table, and the queries per page are the same for 5
units and people as for 50."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktiv.people import units
from aktiv.people.models import Unit
from tests.conftest import client_for
from tests.factories import PersonFactory, UnitFactory


def count_cells(page: str, unit: str) -> tuple[str, str]:
    """A unit row's "Aktive personer" and "Med underenheter"."""
    cells = page.split(f'<span class="org-unit-name">{unit}</span>')[1].split('<td class="num">')
    return cells[1].split("<")[0], cells[2].split("<")[0]


@pytest.fixture
def deep(org):
    """Oppvekst > Skole > Klasse > Gruppe, two active people in each and one deactivated."""
    skole = UnitFactory.create(name="Skole", parent=org.unit)
    klasse = UnitFactory.create(name="Klasse", parent=skole)
    gruppe = UnitFactory.create(name="Gruppe", parent=klasse)
    for unit in (skole, klasse, gruppe):
        PersonFactory.create_batch(2, unit=unit)
    PersonFactory.create(unit=gruppe, is_active=False, full_name="Borte Borgersen")
    return {"skole": skole, "klasse": klasse, "gruppe": gruppe}


def test_the_table_shows_the_top_units_and_their_children_with_counts(org, deep):
    page = client_for(org.hr).get(reverse("organisation:index")).content.decode()
    # Oppvekst: the leader, the employee, the colleague and HR, and six below.
    assert count_cells(page, "Oppvekst") == ("4", "10")
    assert count_cells(page, "Skole") == ("2", "6")
    assert ">Klasse</span>" not in page and ">Gruppe</span>" not in page
    opener = reverse("organisation:unit_rows", args=[deep["skole"].uuid])
    assert f'hx-get="{opener}?dybde=1"' in page
    assert f'href="/organisasjon/?enhet={deep["skole"].uuid}"' in page
    assert f"?enhet={org.unit.uuid}" + '"' not in page  # already open: no button
    assert "Vis enhetene under Oppvekst / Skole" in page


def test_opening_a_unit_returns_its_row_and_its_childrens_rows(org, deep):
    hr = client_for(org.hr)
    url = reverse("organisation:unit_rows", args=[deep["skole"].uuid])
    response = hr.get(url, {"dybde": "1"}, headers={"HX-Request": "true"})
    rows = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in rows and rows.count("<tr>") == 2
    assert count_cells(rows, "Skole") == ("2", "6")
    assert count_cells(rows, "Klasse") == ("2", "4")
    assert re.search(r'org-depth-2">\s*<span class="org-unit-name">Klasse<', rows)
    assert f'?enhet={deep["skole"].uuid}"' not in rows
    assert f'?enhet={deep["klasse"].uuid}"' in rows
    assert hr.get(url, {"dybde": "x" * 50}).status_code == 200


def test_without_javascript_the_link_shows_the_unit_and_its_children(org, deep):
    hr = client_for(org.hr)
    response = hr.get(reverse("organisation:index"), {"enhet": str(deep["klasse"].uuid)})
    page = response.content.decode()
    assert count_cells(page, "Klasse") == ("2", "4") and count_cells(page, "Gruppe") == ("2", "2")
    assert ">Oppvekst</span>" not in page and ">Skole</span>" not in page
    assert "Viser Oppvekst / Skole / Klasse og enhetene rett under." in page
    assert "Tilbake til hele organisasjonen" in page
    assert hr.get(reverse("organisation:index"), {"enhet": "nope"}).status_code == 404


def test_vis_personer_filters_by_the_unit_and_shows_its_path(org, deep):
    hr = client_for(org.hr)
    page = hr.get(reverse("organisation:index")).content.decode()
    link = f"?enhet={org.unit.uuid}&amp;unit={deep['skole'].uuid}#people-heading"
    assert link in page
    page = hr.get(
        reverse("organisation:index"),
        {"enhet": str(org.unit.uuid), "unit": str(deep["skole"].uuid)},
    ).content.decode()
    assert "Personer i Oppvekst / Skole, med enhetene under." in page
    assert "6 personer" not in page and "7 personer" in page  # the deactivated one too
    assert "Borte Borgersen" in page and "Emma Medarbeider" not in page
    assert f'name="unit" value="{deep["skole"].uuid}"' in page  # kept when searching
    assert "Vis personer i alle enheter" in page
    assert "<select" not in page


def test_a_unit_is_found_by_name_with_its_path(org, deep, monkeypatch):
    hr = client_for(org.hr)
    page = hr.get(reverse("organisation:index"), {"enhetsok": "KLAS"}).content.decode()
    found = page.split('class="org-found"')[1].split("</ul>")[0]
    assert "Oppvekst / Skole / Klasse" in found and "Gruppe" not in found
    assert f"?enhet={deep['klasse'].uuid}" in found
    assert f"?enhet={deep['skole'].uuid}&amp;unit={deep['klasse'].uuid}#people-heading" in found
    monkeypatch.setattr(units, "FOUND_MAX", 1)
    page = hr.get(reverse("organisation:index"), {"enhetsok": "e"}).content.decode()
    assert page.split('class="org-found"')[1].split("</ul>")[0].count("<li>") == 1
    assert "Viser de 1 første." in page
    page = hr.get(reverse("organisation:index"), {"enhetsok": "Havn"}).content.decode()
    assert "Ingen enhet har «Havn» i navnet." in page
    assert hr.get(reverse("organisation:index"), {"enhetsok": "x" * 201}).status_code == 400


def test_only_hr_opens_a_unit(org, deep):
    url = reverse("organisation:unit_rows", args=[deep["skole"].uuid])
    for persona in ("employee", "leader", "other_leader", "admin"):
        assert client_for(getattr(org, persona)).get(url).status_code == 404
    missing = reverse("organisation:unit_rows", args=["00000000-0000-0000-0000-000000000000"])
    assert client_for(org.hr).get(missing).status_code == 404


def _grow(org, n: int) -> Unit:
    """n units under a top unit (each with one below it) and n people in them."""
    top = Unit.objects.create(name=f"Topp {n}")
    for _ in range(n):
        unit = UnitFactory.create(parent=top)
        UnitFactory.create(parent=unit)
        PersonFactory.create(unit=unit, leader=org.leader)
    return top


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "a", "side": "1"}, "unit", "enhet", {"enhetsok": "enhet"}],
    ids=["page", "searched", "a unit's people", "a unit opened", "units found by name"],
)
def test_queries_per_page_are_the_same_for_5_and_for_50(org, params, django_assert_num_queries):
    client = client_for(org.hr)
    client.get(reverse("organisation:index"))  # warm the session

    def load(top: Unit) -> None:
        given = {params: str(top.uuid)} if isinstance(params, str) else params
        assert client.get(reverse("organisation:index"), given).status_code == 200

    small = _grow(org, 5)
    with CaptureQueriesContext(connection) as counted:
        load(small)
    big = _grow(org, 50)
    with django_assert_num_queries(len(counted.captured_queries)):
        load(big)


def test_opening_a_unit_costs_the_same_for_5_and_for_50(org, django_assert_num_queries):
    client = client_for(org.hr)
    small, big = _grow(org, 5), _grow(org, 50)
    client.get(reverse("organisation:unit_rows", args=[small.uuid]))
    with CaptureQueriesContext(connection) as counted:
        client.get(reverse("organisation:unit_rows", args=[small.uuid]))
    with django_assert_num_queries(len(counted.captured_queries)):
        rows = client.get(reverse("organisation:unit_rows", args=[big.uuid])).content.decode()
    assert rows.count("<tr>") == 51


def test_the_forms_offer_paths_only_while_the_organisation_is_small(org, monkeypatch):
    hr = client_for(org.hr)
    page = hr.get(reverse("organisation:person_new")).content.decode()
    assert '<datalist id="unit-paths">' in page and '<option value="Oppvekst">' in page
    assert 'list="unit-paths"' in page and "<select" not in page
    monkeypatch.setattr(units, "FEW_UNITS", 1)
    page = hr.get(reverse("organisation:unit_new")).content.decode()
    assert "<datalist" not in page and 'list="unit-paths"' not in page


def test_a_loop_made_outside_aktiv_never_hangs_the_sums_or_the_paths(org):
    first = Unit.objects.create(name="Første")
    second = Unit.objects.create(name="Andre", parent=first)
    PersonFactory.create(unit=second)
    Unit.objects.filter(pk=first.pk).update(parent=second)
    first.refresh_from_db()
    tree = units.outline()
    assert sorted(tree.below(first.pk)) == sorted([first.pk, second.pk])
    assert tree.active_below(first.pk) == 1
    assert units.paths_of([first]) == {first.pk: "Andre / Første"}


def test_a_units_path_is_one_query_however_deep_and_ends_at_a_loop(org, django_assert_num_queries):
    parent = None
    for depth in range(9):
        parent = Unit.objects.create(name=f"Nivå {depth}", parent=parent)
    with django_assert_num_queries(1):
        path = units.path_of(parent)
    assert path == " / ".join(f"Nivå {depth}" for depth in range(9))
    top = Unit.objects.get(name="Nivå 0")
    Unit.objects.filter(pk=top.pk).update(parent=parent)  # a loop, made outside Aktiv
    with django_assert_num_queries(1):
        looped = units.path_of(parent)
    assert looped.endswith("Nivå 8") and looped.count("Nivå 8") == 1
    assert [pk for pk, _name in units.ancestry(top.pk)][-1] == top.pk
