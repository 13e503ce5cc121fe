"""The pulse's and helsenærvær's figures stored by the worker's sweep (issue #11): the same as
computed, used only while they match the database, and pages that show the top of the tree
and open a unit with `?enhet=`."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.lib import hooks
from aktiv.pulse.results import ORGANISATION, closed_rounds, health_presence, round_figures
from aktiv.pulse.stored import (
    current,
    health_shown,
    page_units,
    snapshot_refresh,
    stored_round_figures,
)
from aktiv.pulse.tasks import refresh_snapshot

from ..conftest import client_for
from ..factories import PersonFactory, UnitFactory
from .helpers import add_answers, closed_round
from .test_sick_leave import _sick


@pytest.fixture
def deep(org, settings):
    """Kommunen › Oppvekst › Skole A (6) and Skole B (2), Kommunen › Helse (5): answers in a
    closed round and sick leave in each."""
    settings.ANONYMITY_THRESHOLD = 3
    root = UnitFactory.create(name="Kommunen")
    oppvekst = UnitFactory.create(name="Oppvekst", parent=root)
    units = {
        "root": root,
        "oppvekst": oppvekst,
        "a": UnitFactory.create(name="Skole A", parent=oppvekst),
        "b": UnitFactory.create(name="Skole B", parent=oppvekst),
        "helse": UnitFactory.create(name="Helse", parent=root),
    }
    round_ = closed_round(name="Vårpuls")
    for name, count, value in (("a", 6, 4), ("b", 2, 1), ("helse", 5, 3)):
        add_answers(round_, units[name], count, value)
        _sick(units[name], 5 + count, count)
    return units


def plain(response) -> str:
    """The page without its CSRF token (masked anew on every request)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def rows_of(figures):
    return {
        round_id: [(r.key, r.shown, r.respondents, r.means) for r in found.rows]
        for round_id, found in figures.items()
    }


def test_stored_figures_are_the_computed_ones(deep):
    today = timezone.localdate()
    rounds = closed_rounds(today)
    shown = [(ORGANISATION, "Hele", 0)] + [(u.pk, u.name, 1) for u in deep.values()]
    computed = round_figures(rounds)
    expected = {
        round_id: [row for row in rows if row[0] in {key for key, *_rest in shown}]
        for round_id, rows in rows_of(computed).items()
    }
    live_health = health_shown(today, shown)
    assert current(rounds) is None
    assert snapshot_refresh() and not snapshot_refresh()
    snapshot = current(rounds)
    assert snapshot is not None
    stored = rows_of(stored_round_figures(snapshot, rounds, shown))
    assert {k: sorted(v, key=str) for k, v in stored.items()} == {
        k: sorted(v, key=str) for k, v in expected.items()
    }
    stored_health = {unit.key: unit for unit in health_shown(today, shown)[1]}
    assert stored_health == {unit.key: unit for unit in live_health[1]}
    # Skole B's two are hidden, and Skole A with them (Oppvekst minus A would give B).
    assert dict((key, shown_) for key, shown_, *_ in stored[rounds[0].pk])[deep["b"].pk] is False


def test_a_change_of_what_goes_in_is_computed_now_until_the_sweep(deep, settings):
    assert refresh_snapshot in hooks.sweep_tasks()
    assert refresh_snapshot.call()
    rounds = closed_rounds(timezone.localdate())
    assert current(rounds) is not None
    new = UnitFactory.create(name="Ny enhet", parent=deep["root"])
    _sick(new, 12, 7)
    assert current(rounds) is None  # the page computes, and shows Ny enhet's figures
    page = plain(client_for_hr(deep).get(reverse("pulse:health")))
    assert "Ny enhet" in page
    assert refresh_snapshot.call() and not refresh_snapshot.call()
    assert plain(client_for_hr(deep).get(reverse("pulse:health"))) == page
    settings.ANONYMITY_THRESHOLD = 4
    assert current(rounds) is None


def client_for_hr(deep):
    from aktiv.people.models import Person

    return client_for(Person.objects.filter(is_hr=True).first())


@pytest.mark.parametrize("swept", [False, True])
def test_the_pulse_page_shows_the_top_and_opens_a_unit(deep, swept):
    if swept:
        snapshot_refresh()
    client = client_for_hr(deep)
    page = client.get(reverse("pulse:hr")).content.decode()
    table = page.split('id="units-heading"')[1].split("</table>")[0]
    assert "Oppvekst" in table and "Helse" in table and "Skole A" not in table
    assert f"enhet={deep['oppvekst'].uuid}" in table
    opened = client.get(reverse("pulse:hr"), {"enhet": str(deep["oppvekst"].uuid)})
    table = opened.content.decode().split('id="units-heading"')[1].split("</table>")[0]
    assert "Skole A" in table and "Skole B" in table and "Helse" not in table
    assert "Kommunen / Oppvekst" in opened.content.decode()
    assert client.get(reverse("pulse:hr"), {"enhet": "nei"}).status_code == 404


@pytest.mark.parametrize("swept", [False, True])
def test_helsenaervaer_shows_the_top_and_opens_a_unit(deep, swept):
    if swept:
        snapshot_refresh()
    client = client_for_hr(deep)
    page = client.get(reverse("pulse:health")).content.decode()
    assert "<caption>Oppvekst</caption>" in page and "<caption>Skole A</caption>" not in page
    assert f"?enhet={deep['oppvekst'].uuid}" in page
    opened = client.get(reverse("pulse:health"), {"enhet": str(deep["oppvekst"].uuid)})
    text = opened.content.decode()
    assert "<caption>Oppvekst</caption>" in text and "<caption>Helse</caption>" not in text
    assert "Kommunen / Oppvekst" in text
    # Skole B's two never show, nor Skole A, which with Oppvekst would give them away.
    assert "<caption>Skole B</caption>" not in text and "<caption>Skole A</caption>" not in text


def test_the_leaders_team_page_is_the_same_stored_or_computed(deep):
    leader = PersonFactory.create(unit=deep["oppvekst"])
    for _ in range(3):
        PersonFactory.create(unit=deep["a"], leader=leader)
    client = client_for(leader)
    computed = plain(client.get(reverse("pulse:team")))
    snapshot_refresh()
    stored = plain(client.get(reverse("pulse:team")))
    assert stored == computed and "Skole A" in stored


def test_the_pulse_pages_read_a_constant_number_of_rows(deep):
    snapshot_refresh()
    client = client_for_hr(deep)

    def count(name):
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    before = (count("pulse:hr"), count("pulse:health"))
    round_ = closed_rounds(timezone.localdate())[0]
    for n in range(20):
        unit = UnitFactory.create(
            name=f"Lag {n}", parent=deep["oppvekst"] if n % 2 else deep["root"]
        )
        _sick(unit, 6, 4)
    add_answers(round_, deep["a"], 0)
    snapshot_refresh()
    assert (count("pulse:hr"), count("pulse:health")) == before
    _pulse, every = health_presence(timezone.localdate())
    assert len(every) > 10  # the whole tree has them; the page reads its own rows
    assert page_units(None)[0][0][0] == ORGANISATION
