"""The leader's team page: conversation status per report, and team figures only when the
anonymity gate allows."""

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights.figures import closed_quarters, quarter_ends
from aktiv.insights.team import team_figures

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


def in_the_last_quarter():
    end = quarter_ends(timezone.localdate())[0]
    return timezone.make_aware(datetime.combine(end - timedelta(days=30), time(12)))


def test_team_figures_hidden_below_threshold_and_shown_above(org, settings):
    settings.ANONYMITY_THRESHOLD = 5
    reports = [org.employee, org.colleague]
    for person in reports:
        submitted_response(person, "aktivt-medarbeiderskap", 2, submitted_at=in_the_last_quarter())
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert "vises når minst 5 har svart (nå 2)" in page
    for _ in range(3):
        person = PersonFactory.create(leader=org.leader, unit=org.unit)
        submitted_response(person, "aktivt-medarbeiderskap", 4, submitted_at=in_the_last_quarter())
    # The quarter in progress is not part of the figure.
    submitted_response(org.employee, "aktivt-medarbeiderskap", 5)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    figures = page.split("Teamet samlet")[1]
    # (2 + 2 + 4 + 4 + 4) / 5 = 3.2 for every dimension.
    assert figures.count('<td class="num">3,2</td>') == 3
    assert "5 har svart." in figures


def test_what_the_leader_sees_one_by_one_cannot_be_subtracted(org, settings):
    """Five answered, four shared with the leader: the mean minus the four shared answers
    would be the fifth person's. Hidden until the unseen are none or at least five."""
    settings.ANONYMITY_THRESHOLD = 5
    people = [org.employee, org.colleague] + [
        PersonFactory.create(leader=org.leader, unit=org.unit) for _ in range(3)
    ]
    responses = [
        submitted_response(p, "aktivt-medarbeiderskap", 3, submitted_at=in_the_last_quarter())
        for p in people
    ]
    for response in responses[:4]:
        response.share_with_leader()
    figures = client_for(org.leader).get(reverse("team")).content.decode().split("Teamet")[1]
    assert '<td class="num">3,0</td>' not in figures and "Skjult" in figures
    responses[4].share_with_leader()
    figures = client_for(org.leader).get(reverse("team")).content.decode().split("Teamet")[1]
    assert figures.count('<td class="num">3,0</td>') == 3


def test_a_team_figure_stays_with_the_leader_people_answered_to(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    people = [org.employee, org.colleague, PersonFactory.create(leader=org.leader, unit=org.unit)]
    for person in people:
        submitted_response(person, "aktivt-medarbeiderskap", 4, submitted_at=in_the_last_quarter())
    quarter = closed_quarters(timezone.localdate())[0]
    before = [(f.shown, f.respondents, f.means) for f in team_figures(org.leader, quarter)]
    org.employee.leader = org.other_leader
    org.employee.save()
    after = [(f.shown, f.respondents, f.means) for f in team_figures(org.leader, quarter)]
    assert after == before and before[0][:2] == (True, 3)
    assert not any(f.shown for f in team_figures(org.other_leader, quarter))
