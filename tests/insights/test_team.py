"""The leader's team page: conversation status per report, and team figures only when the
anonymity gate allows."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response


def test_team_shows_goals_follow_ups_and_actions(org):
    today = timezone.localdate()
    period = Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    PersonalGoal.objects.create(
        record=record, kind="professional", title="A", state="agreed", progress=40
    )
    PersonalGoal.objects.create(record=record, kind="personal", title="B", state="proposed")
    FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() + timedelta(days=3),
        prepared_at=timezone.now(),
    )
    record.actions.create(text="Gjør noe", owner=org.employee)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    card = page.split("<h2>Emma Medarbeider</h2>")[1].split("</li>\n  \n")[0]
    assert "40 % i snitt" in card and "1 til godkjenning" in card
    assert "forberedt" in card and record.get_absolute_url() in card
    assert "Åpne tiltak</dt><dd>1</dd>" in card.replace("\n", "")
    assert "ikke startet" in card
    Evaluation.objects.create(
        record=record, employee_confirmed_at=timezone.now(), leader_confirmed_at=timezone.now()
    )
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert "bekreftet av begge" in page.split("<h2>Emma Medarbeider</h2>")[1].split("</li>")[0]


def test_team_figures_hidden_below_threshold_and_shown_above(org, settings):
    settings.ANONYMITY_THRESHOLD = 5
    reports = [org.employee, org.colleague]
    for person in reports:
        submitted_response(person, "aktivt-medarbeiderskap", 2)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert "Vises når minst 5 har svart (nå 2)" in page
    for _ in range(3):
        person = PersonFactory.create(leader=org.leader, unit=org.unit)
        submitted_response(person, "aktivt-medarbeiderskap", 4)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    figures = page.split("Teamet samlet")[1]
    # (2 + 2 + 4 + 4 + 4) / 5 = 3.2 for every dimension.
    assert figures.count('<td class="num">3,2</td>') == 3
    assert "5 har svart." in figures
