"""Participation is precomputed per period by the worker's sweep: HR's page and export read
the stored rows (a constant number of queries however many people), say when they were
computed, and show the same figures as computing them from the conversations."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights.participation import computed, participation_refresh, stored
from aktiv.insights.tasks import refresh_participation
from aktiv.lib import hooks
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import exported


def period_now() -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )


def team(period: Period, unit: Unit, size: int) -> list[ConversationRecord]:
    leader = PersonFactory.create(unit=unit)
    records = []
    for _ in range(size):
        employee = PersonFactory.create(unit=unit, leader=leader)
        records.append(
            ConversationRecord.objects.get_or_create(
                period=period, employee=employee, leader=leader
            )[0]
        )
    return records


def cell(page: str, unit: str, column: int) -> str:
    return page.split(f">{unit}</span>")[1].split('<td class="num">')[column].split("<")[0]


def test_the_page_reads_the_stored_figures_until_the_next_refresh(org):
    period = period_now()
    unit = Unit.objects.create(name="Lagret skole")
    records = team(period, unit, 4)
    assert refresh_participation in hooks.sweep_tasks()
    refresh_participation.call()
    PersonalGoal.objects.create(record=records[0], kind="professional", title="x", state="agreed")
    hr = client_for(org.hr)
    page = hr.get(reverse("insights:participation")).content.decode()
    assert "Tallene ble beregnet" in page
    assert cell(page, "Lagret skole", 1) == "4" and cell(page, "Lagret skole", 2) == "0"
    participation_refresh(period)
    page = hr.get(reverse("insights:participation")).content.decode()
    assert cell(page, "Lagret skole", 2) == "1"
    export = exported(hr, "insights:participation_export", {"format": "csv"})
    assert "Lagret skole;4;1;0;0;–;0" in export.content.decode("utf-8-sig")


def test_stored_figures_equal_the_computed_ones_and_count_a_person_once(org):
    period = period_now()
    unit = Unit.objects.create(name="Flytteskolen")
    records = team(period, unit, 3)
    moved = records[0].employee
    new_leader = PersonFactory.create(unit=unit)
    moved.leader = new_leader
    moved.save()
    second = ConversationRecord.objects.create(period=period, employee=moved, leader=new_leader)
    now = timezone.now()
    FollowUp.objects.create(record=records[0], scheduled_at=now, status="held", held_at=now)
    FollowUp.objects.create(record=second, scheduled_at=now, status="held", held_at=now)
    participation_refresh(period)
    live, kept = computed(period), stored(period)
    assert kept.units == live.units and kept.leaders == live.leaders
    mine = kept.units[unit.pk]
    assert (mine.people, mine.followed_up, mine.follow_ups_held) == (3, 1, 2)


def test_the_page_makes_as_many_queries_for_five_people_as_for_fifty(org):
    period = period_now()
    hr = client_for(org.hr)

    def queries() -> int:
        participation_refresh(period)
        with CaptureQueriesContext(connection) as captured:
            assert hr.get(reverse("insights:participation")).status_code == 200
        return len(captured)

    team(period, Unit.objects.create(name="Liten"), 5)
    queries()  # the first request of a session writes the session
    small = queries()
    for n in range(5):
        team(period, Unit.objects.create(name=f"Stor {n}"), 9)
    assert queries() == small
