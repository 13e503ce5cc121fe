"""HR's start page: the practice at a glance, counts only, a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights.overview import Share, overview
from aktiv.insights.tasks import refresh_month_figures, refresh_participation
from aktiv.lib import hooks
from aktiv.lib.dates import add_months
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory


def _year(today: date) -> Period:
    return Period.objects.create(
        name="Året", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )


def _people(period: Period, unit: Unit, count: int, *, practice_every: int = 2) -> None:
    leader = PersonFactory.create(unit=unit)
    now = timezone.now()
    for index in range(count):
        person = PersonFactory.create(unit=unit, leader=leader)
        record = ConversationRecord.objects.create(period=period, employee=person, leader=leader)
        if index % practice_every == 0:
            PersonalGoal.objects.create(
                record=record,
                kind="professional",
                title="Hemmelig mål",
                state="agreed",
                agreed_at=now,
            )
            for _ in range(2):  # two held follow-ups must not count the person twice
                FollowUp.objects.create(
                    record=record,
                    scheduled_at=now,
                    status="held",
                    held_at=now,
                    shared_notes="Hemmelige notater",
                )


def test_share_rounds_once_and_never_divides_by_zero():
    assert Share(1, 3).percent == 33
    assert Share(2, 3).percent == 67
    assert Share(0, 0).percent == 0


def test_overview_counts_people_not_rows(org):
    today = timezone.localdate()
    period = _year(today)
    root = Unit.objects.create(name="Kommunen")
    school = Unit.objects.create(name="Skole", parent=root)
    library = Unit.objects.create(name="Bibliotek", parent=root)
    _people(period, school, 4)
    _people(period, library, 3, practice_every=3)
    record = ConversationRecord.objects.filter(employee__unit=school).first()
    assert record is not None
    now = timezone.now()
    Evaluation.objects.create(record=record, employee_confirmed_at=now, leader_confirmed_at=now)

    result = overview(today)

    # Seven employees (plus the org fixture's, who have no record); 2 + 1 have agreed goals.
    assert result.goals_agreed == Share(3, 7)
    assert result.followed_up == Share(3, 7)
    assert result.evaluations_confirmed == Share(1, 7)
    assert result.held_this_month == 6
    assert result.months[-1].goals_agreed == 3
    assert result.months[-1].evaluations_confirmed == 1
    lines = {line.unit.name: line for line in result.units}
    assert lines["Kommunen"].people == 7 and lines["Kommunen"].depth == 0
    assert lines["Skole"].goals_agreed == Share(2, 4)
    assert lines["Bibliotek"].followed_up == Share(1, 3)


def test_months_are_the_last_twelve_calendar_months(org):
    today = timezone.localdate()
    period = _year(today)
    leader = PersonFactory.create(unit=org.unit)
    person = PersonFactory.create(unit=org.unit, leader=leader)
    record = ConversationRecord.objects.create(period=period, employee=person, leader=leader)
    long_ago = timezone.now() - timedelta(days=400)
    FollowUp.objects.create(record=record, scheduled_at=long_ago, status="held", held_at=long_ago)
    result = overview(today)
    assert len(result.months) == 12
    assert result.months[-1].starts == today.replace(day=1)
    assert result.months[0].starts == add_months(today.replace(day=1), -11)
    assert sum(m.follow_ups_held for m in result.months) == 0


def test_hr_sees_the_overview_with_links_and_never_content(org):
    today = timezone.localdate()
    period = _year(today)
    _people(period, org.unit, 4)
    page = client_for(org.hr).get(reverse("hr_home")).content.decode()
    assert "Slik går det: Året" in page
    assert "2 av 4 medarbeidere" in page  # the four just made; the fixture's people have no record
    assert reverse("insights:participation") in page
    assert reverse("organisation:index") in page
    assert 'role="img"' in page and "<table" in page  # a chart with its table
    assert "Hemmelig" not in page


def test_never_signed_in_counts_active_people_without_a_login(org):
    page = client_for(org.hr).get(reverse("hr_home")).content.decode()
    tile = page.split("har ikke logget inn ennå")[0].rsplit('class="tile-value">', 1)[1]
    # client_for signs HR in; everyone else in the fixture never has.
    assert tile.split("<")[0] == "6"


def test_without_a_period_the_page_says_so(org):
    page = client_for(org.hr).get(reverse("hr_home")).content.decode()
    assert "Det er ingen aktiv periode" in page


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("swept", [False, True])
def test_query_count_does_not_grow_with_the_organisation(org, size, swept):
    """Before the worker's sweep the figures are counted in the request; after it, read."""
    today = timezone.localdate()
    period = _year(today)
    root = Unit.objects.create(name="Rot")
    for index in range(3):
        _people(period, Unit.objects.create(name=f"Enhet {index}", parent=root), size)
    if swept:
        refresh_participation.call(), refresh_month_figures.call()
    client = client_for(org.hr)
    client.get(reverse("hr_home"))  # warm the session and second factor
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("hr_home")).status_code == 200
    assert len(queries) <= (13 if swept else 20), [q["sql"][:120] for q in queries.captured_queries]


def test_the_swept_figures_are_the_counted_ones_until_the_next_sweep(org):
    today = timezone.localdate()
    period = _year(today)
    root = Unit.objects.create(name="Kommunen")
    _people(period, Unit.objects.create(name="Skole", parent=root), 4)
    _people(period, Unit.objects.create(name="Bibliotek", parent=root), 3, practice_every=3)
    counted = overview(today)
    assert refresh_participation.call() and refresh_month_figures.call() == 12
    assert refresh_month_figures in hooks.sweep_tasks()
    swept = overview(today)
    assert swept.counted_at is not None and counted.counted_at is None
    assert (swept.people, swept.goals_agreed, swept.months, swept.units) == (
        counted.people,
        counted.goals_agreed,
        counted.months,
        counted.units,
    )
    # A follow-up held now shows after the next sweep, not before; the page says when.
    record = ConversationRecord.objects.filter(period=period).last()
    FollowUp.objects.create(
        record=record, scheduled_at=timezone.now(), status="held", held_at=timezone.now()
    )
    assert overview(today).held_this_month == swept.held_this_month
    refresh_month_figures.call()
    assert overview(today).held_this_month == swept.held_this_month + 1
    page = client_for(org.hr).get(reverse("hr_home")).content.decode()
    assert "Tallene ble beregnet" in page
