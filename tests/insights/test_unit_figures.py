"""The figures page read from the rows the worker's sweep stores (issue #11): the same figures
as computed from the answers, computed again when the unit tree or the threshold changes, and
a page that shows the top units and their children, opening a unit with `?enhet=`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.insights.figures import (
    STORED_QUARTERS,
    closed_figures_refresh,
    closed_quarters,
    closed_quarters_freeze,
    figures_page,
    instrument_figures,
)
from aktiv.insights.models import FiguresRefresh, UnitFigure
from aktiv.insights.tasks import refresh_figures
from aktiv.lib import hooks
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .test_figures import KEY, answers, submitted_response
from .test_frozen import shown

URL = reverse("insights:figures")


@pytest.fixture
def deep(db, settings):
    """Kommunen › Oppvekst › Skole A (4) and Skole B (2), Kommunen › Helse (3): three levels,
    Skole B too small, and so Skole A hidden too (Oppvekst minus A would give B)."""
    settings.ANONYMITY_THRESHOLD = 3
    root = Unit.objects.create(name="Kommunen")
    oppvekst = Unit.objects.create(name="Oppvekst", parent=root)
    units = {
        "root": root,
        "oppvekst": oppvekst,
        "a": Unit.objects.create(name="Skole A", parent=oppvekst),
        "b": Unit.objects.create(name="Skole B", parent=oppvekst),
        "helse": Unit.objects.create(name="Helse", parent=root),
    }
    for name, count, values in (("a", 4, [4, 4, 5]), ("b", 2, [1, 1, 1]), ("helse", 3, [3, 3, 2])):
        for _ in range(count):
            submitted_response(PersonFactory.create(unit=units[name]), KEY, answers(values))
    return units


def latest_quarter():
    return closed_quarters(timezone.localdate())[0]


def test_stored_figures_are_the_computed_ones(org, deep):
    instrument = definitions.latest(KEY)
    computed = shown(instrument_figures(instrument=instrument, quarter=latest_quarter()))
    assert closed_quarters_freeze() and closed_figures_refresh()
    assert FiguresRefresh.objects.filter(instrument_key=KEY).count() == STORED_QUARTERS
    stored = shown(instrument_figures(instrument=instrument, quarter=latest_quarter()))
    assert stored == computed
    # Hidden rows keep no figures in the database either.
    assert not UnitFigure.objects.filter(shown=False).exclude(dimensions={}).exists()
    assert not UnitFigure.objects.filter(unit=deep["b"], shown=True).exists()


def test_the_page_shows_the_top_units_and_opens_one(org, deep):
    client = client_for(org.hr)
    closed_quarters_freeze(), closed_figures_refresh()
    page = client.get(URL, {"instrument": KEY}).content.decode()
    table = page.split('id="units-heading"')[1].split("</table>")[0]
    assert "Oppvekst" in table and "Helse" in table and "Skole A" not in table
    opener = f"enhet={deep['oppvekst'].uuid}"
    assert opener in table and f"enhet={deep['helse'].uuid}" not in table
    opened = client.get(URL, {"instrument": KEY, "enhet": str(deep["oppvekst"].uuid)})
    assert opened.status_code == 200
    table = opened.content.decode().split('id="units-heading"')[1].split("</table>")[0]
    assert "Kommunen / Oppvekst" in opened.content.decode()
    assert "Skole A" in table and "Skole B" in table and "Helse" not in table
    # Skole B has two people and Skole A is hidden with it, as the gate over the whole tree says.
    for name in ("Skole A", "Skole B"):
        row = table.split(f">{name}</span>")[1].split("</tr>")[0]
        assert "skjult" in row
    assert '<td class="num">6</td>' in table.split(">Oppvekst</span>")[1].split("</tr>")[0]


def test_a_unit_that_does_not_exist_is_a_404(org, deep):
    client = client_for(org.hr)
    for value in ("00000000-0000-0000-0000-000000000000", "nei"):
        assert client.get(URL, {"instrument": KEY, "enhet": value}).status_code == 404


def test_the_sweep_computes_again_only_when_the_tree_or_threshold_changes(org, deep, settings):
    assert refresh_figures in hooks.sweep_tasks()
    closed_quarters_freeze()
    instruments = len(definitions.all_latest())
    assert closed_figures_refresh() == STORED_QUARTERS * instruments
    assert closed_figures_refresh() == 0
    Unit.objects.filter(pk=deep["helse"].pk).update(name="Helse og omsorg")  # a name: no
    assert closed_figures_refresh() == 0
    deep["b"].parent = deep["root"]
    deep["b"].save()
    assert closed_figures_refresh() == STORED_QUARTERS * instruments
    settings.ANONYMITY_THRESHOLD = 4
    assert closed_figures_refresh() == STORED_QUARTERS * instruments


def test_a_moved_unit_is_shown_with_the_stored_figures_until_the_sweep(org, deep):
    """Between a change of the tree and the next sweep the page shows the figures of the last
    computation: all from one gate, so none can be subtracted from another."""
    instrument = definitions.latest(KEY)
    closed_quarters_freeze(), closed_figures_refresh()
    before = {
        r.name: r.shown
        for r in instrument_figures(instrument=instrument, quarter=latest_quarter()).rows
    }
    deep["b"].parent = deep["root"]
    deep["b"].save()
    page = figures_page(instrument=instrument, quarter=latest_quarter())
    names = ("Kommunen", "Oppvekst", "Helse", "Skole B")
    assert {r.name: r.shown for r in page.rows if r.name in names} == {
        name: before[name] for name in names
    }
    closed_figures_refresh()
    after = figures_page(instrument=instrument, quarter=latest_quarter())
    # Now Skole B (2) sits under Kommunen beside Oppvekst (4) and Helse (3): hidden, and so is
    # the smallest sibling it could be worked out from.
    rows = {r.name: r for r in after.rows}
    assert (
        not rows["Skole B"].shown and rows["Kommunen"].shown and rows["Kommunen"].respondents == 9
    )


def test_a_unit_made_after_the_computation_is_hidden(org, deep):
    closed_quarters_freeze(), closed_figures_refresh()
    Unit.objects.create(name="Ny enhet", parent=deep["root"])
    page = figures_page(instrument=definitions.latest(KEY), quarter=latest_quarter())
    new = next(row for row in page.rows if row.name == "Ny enhet")
    assert not new.shown and new.respondents == 0


def _count(client, **params):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"instrument": KEY, **params}).status_code == 200
    return len(captured)


def test_stored_page_queries_do_not_grow_with_units(org, deep):
    client = client_for(org.hr)
    closed_quarters_freeze(), closed_figures_refresh()
    _count(client)
    first = _count(client)
    opened = _count(client, enhet=str(deep["oppvekst"].uuid))
    for n in range(30):
        unit = Unit.objects.create(
            name=f"Lag {n}", parent=deep["oppvekst"] if n % 2 else deep["root"]
        )
        for _ in range(3):
            submitted_response(PersonFactory.create(unit=unit), KEY, 3)
    FiguresRefresh.objects.all().delete()
    closed_figures_refresh()
    assert _count(client) == first
    assert _count(client, enhet=str(deep["oppvekst"].uuid)) == opened
    assert first <= 10
