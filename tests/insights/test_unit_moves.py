"""A unit moved after a period closed: the period's figures stay drawn on the tree as it was
(people/units.py `units_at`). Before, HR could move a unit of one person from one shown
parent to another and read that person's answers off the two parents' changed figures; a
pulse round's figures the same way."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from aktiv.insights.figures import (
    closed_figures_refresh,
    closed_quarters,
    closed_quarters_freeze,
    instrument_figures,
)
from aktiv.people.models import Unit, UnitMove
from aktiv.people.organisation.services import unit_update
from aktiv.people.units import end_of, units_at
from aktiv.pulse import definitions as pulse_definitions
from aktiv.pulse.models import Answer, Round
from aktiv.pulse.results import round_figures

from ..conftest import client_for
from ..factories import PersonFactory, UnitFactory, submitted_response
from .test_figures import KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(settings):
    """Kommune › P1 (5 people) › Lite (1 person), Kommune › P2 (6 people)."""
    settings.ANONYMITY_THRESHOLD = 5
    root = UnitFactory.create(name="Kommune")
    units = {
        "root": root,
        "p1": UnitFactory.create(name="P1", parent=root),
        "p2": UnitFactory.create(name="P2", parent=root),
    }
    units["small"] = UnitFactory.create(name="Lite", parent=units["p1"])
    return units


def _figures(quarter):
    from aktiv.assessments import definitions

    figures = instrument_figures(instrument=definitions.latest(KEY), quarter=quarter)
    return {row.name: (row.shown, row.respondents, row.means) for row in figures.rows}


@pytest.mark.parametrize("stored", [False, True], ids=["computed", "stored"])
def test_moving_a_unit_after_the_quarter_changes_no_figure(tree, stored):
    quarter = closed_quarters(timezone.localdate())[0]
    when = timezone.make_aware(datetime.combine(quarter.start + timedelta(days=5), time(12)))
    for unit, count, value in (("p1", 5, 3), ("p2", 6, 3), ("small", 1, 1)):
        for _ in range(count):
            submitted_response(PersonFactory.create(unit=tree[unit]), KEY, value, submitted_at=when)
    hr = PersonFactory.create(unit=tree["root"], is_hr=True)
    if stored:
        closed_quarters_freeze()
        closed_figures_refresh()
    before = _figures(quarter)
    assert before["P1"][:2] == (True, 6) and before["P2"][:2] == (True, 6)

    unit_update(actor=hr, unit=tree["small"], name="Lite", parent=tree["p2"])
    assert UnitMove.objects.get(unit=tree["small"]).from_parent == tree["p1"]
    if stored:
        closed_figures_refresh()  # the tree's shape changed: computed again, to the same
    assert _figures(quarter) == before


def test_moving_a_unit_after_a_pulse_round_changes_none_of_its_figures(tree):
    today = timezone.localdate()
    hr = PersonFactory.create(unit=tree["root"], is_hr=True)
    round_ = Round.objects.create(
        name="R", opens_on=today - timedelta(days=20), closes_on=today - timedelta(days=10)
    )
    pulse = pulse_definitions.get(round_.pulse_version)
    keys = [item.key for driver in pulse.drivers for item in driver.items]
    for unit, count, value in (("p1", 5, 4), ("p2", 6, 4), ("small", 1, 1)):
        for _ in range(count):
            Answer.objects.create(round=round_, unit=tree[unit], values=dict.fromkeys(keys, value))

    def rows():
        figures = round_figures([round_])[round_.pk]
        return {
            name: (row.shown, row.respondents, row.cells)
            for name, row in (
                ("P1", figures.row(tree["p1"].pk)),
                ("P2", figures.row(tree["p2"].pk)),
            )
        }

    before = rows()
    assert before["P1"][:2] == (True, 6) and before["P2"][:2] == (True, 6)
    unit_update(actor=hr, unit=tree["small"], name="Lite", parent=tree["p2"])
    assert rows() == before


def test_the_tree_at_a_moment_undoes_the_moves_made_since(tree):
    hr = PersonFactory.create(unit=tree["root"], is_hr=True)
    before = timezone.now()
    unit_update(actor=hr, unit=tree["small"], name="Lite", parent=tree["p2"])
    unit_update(actor=hr, unit=tree["small"], name="Lite", parent=tree["root"])
    now = {unit.name: unit.parent_id for unit in units_at(timezone.now() + timedelta(seconds=1))}
    then = {unit.name: unit.parent_id for unit in units_at(before)}
    assert now["Lite"] == tree["root"].pk and then["Lite"] == tree["p1"].pk
    # Nothing is saved: the unit is where HR put it.
    assert Unit.objects.get(pk=tree["small"].pk).parent == tree["root"]
    # A rename alone is no move.
    unit_update(actor=hr, unit=tree["p2"], name="P2 ny", parent=tree["root"])
    assert UnitMove.objects.filter(unit=tree["p2"]).count() == 0
    assert end_of(before.date()) > before


def test_hr_sees_the_same_figures_on_the_page_after_a_move(tree):
    quarter = closed_quarters(timezone.localdate())[0]
    when = timezone.make_aware(datetime.combine(quarter.start + timedelta(days=5), time(12)))
    for unit, count in (("p1", 5), ("p2", 6), ("small", 1)):
        for _ in range(count):
            submitted_response(PersonFactory.create(unit=tree[unit]), KEY, 3, submitted_at=when)
    hr = PersonFactory.create(unit=tree["root"], is_hr=True)
    client = client_for(hr)
    params = {"instrument": KEY, "quarter": quarter.end.isoformat()}
    before = client.get("/innsikt/egenvurderinger/", params).context["figures"].rows
    response = client.post(
        f"/organisasjon/enheter/{tree['small'].uuid}/", {"name": "Lite", "parent": "Kommune / P2"}
    )
    assert response.status_code == 302
    after = client.get("/innsikt/egenvurderinger/", params).context["figures"].rows
    shown = lambda rows: {r.name: (r.shown, r.respondents) for r in rows}  # noqa: E731
    assert shown(after) == shown(before)
