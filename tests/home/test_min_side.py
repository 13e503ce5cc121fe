"""Min side: my goals, the actions I own, what my leader promised me, my next follow-up and,
for a leader, what waits from the team; only the live pair's, never a former pair's (the old
record is history); a query count that does not grow with the data."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.home import pages
from aktiv.insights import team

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response


def test_min_side_shows_no_follow_up_of_a_former_pair(org):
    today = timezone.localdate()
    period = Period.objects.create(
        name="2026", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300)
    )
    old = ConversationRecord.objects.create(period=period, employee=org.employee, leader=org.leader)
    follow_up = FollowUp.objects.create(record=old, scheduled_at=timezone.now() + timedelta(days=3))
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert follow_up.get_absolute_url() in page
    org.employee.leader = org.other_leader
    org.employee.save()
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert follow_up.get_absolute_url() not in page


def _period() -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name="p", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=200)
    )


def _home(person) -> str:
    return client_for(person).get(reverse("home")).content.decode()


def _section(page: str, heading: str) -> str:
    return page.split(heading)[1].split("</section>")[0]


def test_my_agreed_goals_with_progress(org):
    record = ConversationRecord.objects.create(
        period=_period(), employee=org.employee, leader=org.leader
    )
    PersonalGoal.objects.create(
        record=record, kind="professional", title="Veiledning", state="agreed", progress=60
    )
    PersonalGoal.objects.create(record=record, kind="personal", title="Utkastet", state="draft")
    PersonalGoal.objects.create(record=record, kind="personal", title="Foreslått", state="proposed")
    goals = _section(_home(org.employee), "Målene mine")
    assert "Veiledning" in goals and "60 %" in goals and 'value="60"' in goals
    assert "Utkastet" not in goals and "Foreslått" not in goals
    assert "1 mål venter på at Lena godkjenner det." in goals
    assert reverse("conversations:record_goals", args=[record.uuid]) in goals
    # After a change of leader the old pair's goals are history, not "my goals".
    org.employee.leader = org.other_leader
    org.employee.save()
    assert "Veiledning" not in _home(org.employee)


def test_an_employee_without_agreed_goals_is_asked_to_set_them(org):
    record = ConversationRecord.objects.create(
        period=_period(), employee=org.employee, leader=org.leader
    )
    goals = _section(_home(org.employee), "Målene mine")
    assert "Du har ingen avtalte mål for perioden ennå." in goals
    assert reverse("conversations:record_goals", args=[record.uuid]) in goals


def test_the_actions_i_own_with_due_dates_and_overdue_marked(org):
    record = ConversationRecord.objects.create(
        period=_period(), employee=org.employee, leader=org.leader
    )
    held = FollowUp.objects.create(
        record=record, scheduled_at=timezone.now() - timedelta(days=20), status="held"
    )
    today = timezone.localdate()
    record.actions.create(
        text="Sen oppgave", owner=org.employee, follow_up=held, due_on=today - timedelta(days=2)
    )
    record.actions.create(text="Neste uke", owner=org.employee, due_on=today + timedelta(days=7))
    record.actions.create(text="Uten frist", owner=org.employee)
    record.actions.create(text="Ferdig", owner=org.employee, done_at=timezone.now())
    record.actions.create(text="Lederens", owner=org.leader, due_on=today + timedelta(days=3))
    actions = _section(_home(org.employee), "Tiltakene mine")
    items = actions.split("<li>")[1:]
    assert [item.split('#tiltak">')[1].split("<")[0] for item in items] == [
        "Sen oppgave",
        "Neste uke",
        "Uten frist",
    ]
    assert "fristen er passert" in items[0] and "fristen er passert" not in items[1]
    assert f'href="{held.get_absolute_url()}#tiltak"' in items[0]
    assert f'href="{record.get_absolute_url()}#tiltak"' in items[1]
    assert "ingen frist" in items[2]
    # The leader sees the action they own on Emma's record among theirs, with whom.
    leader_actions = _section(_home(org.leader), "Tiltakene mine")
    assert "Lederens" in leader_actions and "med Emma Medarbeider" in leader_actions
    assert "Sen oppgave" not in leader_actions


def test_what_my_leader_promised_me(org):
    record = ConversationRecord.objects.create(
        period=_period(), employee=org.employee, leader=org.leader
    )
    now = timezone.now()
    FollowUp.objects.create(
        record=record,
        scheduled_at=now - timedelta(days=40),
        status="held",
        leader_support="Gi deg ro til kurset",
    )
    FollowUp.objects.create(
        record=record,
        scheduled_at=now - timedelta(days=10),
        status="held",
        leader_support="Skjerme deg for nye saker",
    )
    FollowUp.objects.create(
        record=record,
        scheduled_at=now - timedelta(days=5),
        status="cancelled",
        leader_support="Avlyst løfte",
    )
    record.actions.create(text="Bestille kurset", owner=org.leader)
    record.actions.create(text="Lederen har gjort det", owner=org.leader, done_at=now)
    promised = _section(_home(org.employee), "Dette har Lena lovet deg")
    assert promised.index("Skjerme deg for nye saker") < promised.index("Gi deg ro til kurset")
    assert "Avlyst løfte" not in promised
    assert "Bestille kurset" in promised and "Lederen har gjort det" not in promised
    # A new leader's page starts empty: the old leader's promises stay with the old record.
    org.employee.leader = org.other_leader
    org.employee.save()
    page = _home(org.employee)
    assert "lovet deg" not in page and "Skjerme deg" not in page
    assert "Bestille kurset" not in _home(org.leader)


def test_my_next_follow_up_and_whether_i_am_prepared(org):
    record = ConversationRecord.objects.create(
        period=_period(), employee=org.employee, leader=org.leader
    )
    following = FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(3))
    section = _section(_home(org.employee), "Neste oppfølgingssamtale")
    assert "Ikke forberedt ennå" in section
    assert f'href="{following.get_absolute_url()}#forberedelse">Forbered deg' in section
    following.prepared_at = timezone.now()
    following.save()
    section = _section(_home(org.employee), "Neste oppfølgingssamtale")
    assert "Forberedelsen din er klar" in section and "Forbered deg<" not in section


def test_a_leader_sees_what_waits_from_the_team(org):
    period = _period()
    emma = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    kari = ConversationRecord.objects.create(
        period=period, employee=org.colleague, leader=org.leader
    )
    for record in (emma, kari):
        PersonalGoal.objects.create(record=record, kind="personal", title="B", state="proposed")
    FollowUp.objects.create(
        record=emma, scheduled_at=timezone.now() + timedelta(days=4), prepared_at=timezone.now()
    )
    Evaluation.objects.create(
        record=kari, employee_submitted_at=timezone.now(), leader_submitted_at=timezone.now()
    )
    team = _section(_home(org.leader), 'id="team-heading"')
    team_url = reverse("team")
    assert f'href="{team_url}?flagg=mal-til-godkjenning">Mål til godkjenning</a>' in team
    assert "2 medarbeidere" in team
    assert f'href="{team_url}?flagg=forberedelse-klar">Forberedelse klar</a>' in team
    assert f'href="{team_url}?flagg=evaluering-venter">Evalueringen venter på deg</a>' in team
    # Kari has had no follow-up and none is planned.
    assert "medarbeider trenger oppmerksomhet" in team or "medarbeidere trenger" in team
    assert 'id="team-heading"' not in _home(org.employee)


def test_the_team_card_counts_as_the_team_page_does_without_reading_shares(org):
    """Min side's summary leaves shared items unread; what it counts must not need them."""
    period = _period()
    emma = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    PersonalGoal.objects.create(record=emma, kind="personal", title="B", state="proposed")
    fresh = submitted_response(org.employee)
    fresh.share_with_leader()
    submitted_response(org.colleague).share_with_leader()
    reports = list(org.leader.active_direct_reports())
    full = team.team_rows(org.leader, reports)
    assert any(row.has(team.NEW_SHARE) for row in full)  # the page shows the shares
    summary = pages.team_summary(org.leader)
    counts = dict(team.flag_counts(full))
    assert [(w.kind, w.count) for w in summary.waiting] == [
        (kind, counts[kind]) for kind in pages.WAITING_KINDS if counts[kind]
    ]
    assert summary.attention == sum(
        any(flag.kind.tone == "alert" for flag in row.flags) for row in full
    )


def _busy_year(employee, leader, period: Period, size: int) -> None:
    record = ConversationRecord.objects.create(period=period, employee=employee, leader=leader)
    now, today = timezone.now(), timezone.localdate()
    for n in range(size):
        PersonalGoal.objects.create(record=record, kind="personal", title=f"M{n}", state="agreed")
        held = FollowUp.objects.create(
            record=record,
            scheduled_at=now - timedelta(days=n + 1),
            status="held",
            leader_support=f"Løfte {n}",
        )
        record.actions.create(
            text=f"T{n}", owner=employee, follow_up=held, due_on=today - timedelta(days=n)
        )
        record.actions.create(text=f"L{n}", owner=leader, follow_up=held)
        FollowUp.objects.create(record=record, scheduled_at=now + timedelta(days=n + 1))


@pytest.mark.parametrize("size", [2, 30])
def test_min_side_query_count_does_not_grow_with_data(size, org, django_assert_max_num_queries):
    period = _period()
    _busy_year(org.employee, org.leader, period, size)
    for _ in range(size):
        report = PersonFactory.create(leader=org.employee, unit=org.unit)
        _busy_year(report, org.employee, period, 2)
    client = client_for(org.employee)  # both an employee and a leader
    # 33, +1 the header's unread count and the newest unread notifications, +2 for an upward
    # round to answer and 180° requests waiting (feedback).
    with django_assert_max_num_queries(36):
        page = client.get(reverse("home")).content.decode()
    assert page.count("fristen er passert") == size - 1  # one is due today
    assert "Løfte 0" in page
