"""Closed quarters are frozen once (the worker's sweep): the figures read from the frozen rows
are the same as those computed from the answers, and never change afterwards."""

from __future__ import annotations

from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.insights.figures import (
    STORED_QUARTERS,
    Window,
    closed_quarters,
    closed_quarters_freeze,
    instrument_figures,
    quarter_freeze,
)
from aktiv.insights.models import FrozenQuarter, QuarterFigure
from aktiv.insights.tasks import freeze_quarters
from aktiv.lib import hooks
from aktiv.people.models import Unit

from ..factories import PersonFactory
from .test_figures import KEY, answers, submitted_response


def shown(figures):
    return [
        (row.name, row.shown, row.respondents, row.means, [d.shares for d in row.dimensions])
        for row in figures.rows
    ] + [(part.window, part.shown, part.respondents, part.means) for part in figures.over_time]


def make_answers():
    root = Unit.objects.create(name="Kommunen")
    units = [Unit.objects.create(name=name, parent=root) for name in ("Skole", "Helse")]
    people = []
    for n in range(9):
        person = PersonFactory.create(unit=units[n % 2])
        submitted_response(person, KEY, answers([1 + n % 5, 2 + n % 4, 3]))
        people.append(person)
    return people


def test_frozen_figures_are_the_computed_ones(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    make_answers()
    quarter = closed_quarters(timezone.localdate())[0]
    instrument = definitions.latest(KEY)
    computed = shown(instrument_figures(instrument=instrument, quarter=quarter))
    assert closed_quarters_freeze() >= 1
    assert FrozenQuarter.objects.filter(instrument_key=KEY, quarter_end=quarter.end).exists()
    assert QuarterFigure.objects.filter(quarter_end=quarter.end).count() == 2  # two units
    assert shown(instrument_figures(instrument=instrument, quarter=quarter)) == computed


def test_a_frozen_quarter_never_changes(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    people = make_answers()
    quarter = closed_quarters(timezone.localdate())[0]
    instrument = definitions.latest(KEY)
    assert quarter_freeze(KEY, quarter) and not quarter_freeze(KEY, quarter)
    before = shown(instrument_figures(instrument=instrument, quarter=quarter))
    Response.objects.filter(person=people[0]).delete()  # the person's right to erasure
    people[1].unit = None
    people[1].save()
    assert shown(instrument_figures(instrument=instrument, quarter=quarter)) == before


def test_the_quarter_in_progress_is_never_frozen(db):
    today = timezone.localdate()
    current = Window.quarter_ending(closed_quarters(today)[0].end).previous(1)[0]
    assert not quarter_freeze(KEY, Window(current.end, today))
    assert not FrozenQuarter.objects.exists()


def test_the_worker_sweep_freezes_quarters(db):
    assert freeze_quarters in hooks.sweep_tasks()
    quarters = closed_quarters(timezone.localdate(), STORED_QUARTERS)
    assert freeze_quarters.call() == len(quarters) * len(definitions.all_latest())
    assert freeze_quarters.call() == 0
