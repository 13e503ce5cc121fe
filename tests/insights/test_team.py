"""The leader's team page: one row per report with flags sorted by urgency, filters, links to
where each flag is dealt with, and team figures only when the anonymity gate allows."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights.figures import closed_quarters, quarter_ends
from aktiv.insights.team import team_figures

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response


def _period(*, ends_in_days: int = 150) -> Period:
    today = timezone.localdate()
    return Period.objects.create(
        name="p",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=ends_in_days),
    )


def _record(period: Period, employee, leader) -> ConversationRecord:
    return ConversationRecord.objects.create(period=period, employee=employee, leader=leader)


def _held(record: ConversationRecord, days_ago: int) -> FollowUp:
    moment = timezone.now() - timedelta(days=days_ago)
    return FollowUp.objects.create(
        record=record, scheduled_at=moment, status=FollowUp.Status.HELD, held_at=moment
    )


def _planned(record: ConversationRecord, days: float, *, prepared: bool = False) -> FollowUp:
    return FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() + timedelta(days=days),
        prepared_at=timezone.now() if prepared else None,
    )


def _rows(page: str) -> list[str]:
    """The table's rows, as HTML, in the order shown."""
    body = page.split('<table class="triage">')[1].split("</tbody>")[0]
    return [row.split("</tr>")[0] for row in body.split("<tr>")[2:]]


def _team(person, query: str = "") -> str:
    return client_for(person).get(reverse("team") + query).content.decode()


def test_the_report_who_needs_the_leader_most_comes_first(org):
    period = _period()
    emma = _record(period, org.employee, org.leader)
    _held(emma, days_ago=10)
    soon = _planned(emma, days=1)
    kari = _record(period, org.colleague, org.leader)  # nothing held, nothing planned
    per = PersonFactory.create(full_name="Per Planlagt", leader=org.leader, unit=org.unit)
    per_record = _record(period, per, org.leader)
    _held(per_record, days_ago=5)
    ready = _planned(per_record, days=6, prepared=True)
    PersonalGoal.objects.create(
        record=per_record, kind="professional", title="A", state="agreed", progress=40
    )
    PersonalGoal.objects.create(record=per_record, kind="personal", title="B", state="proposed")

    rows = _rows(_team(org.leader))
    assert [row.split("</a>")[0].rsplit(">", 1)[1] for row in rows] == [
        "Kari Kollega",
        "Emma Medarbeider",
        "Per Planlagt",
    ]
    kari_row, emma_row, per_row = rows
    plan = reverse("conversations:follow_ups_plan", args=[kari.uuid])
    assert "Ingen oppfølging holdt i perioden" in kari_row and f'href="{plan}"' in kari_row
    assert "Ingen oppfølging planlagt" in kari_row
    assert "Ikke forberedt til" in emma_row
    assert f'href="{soon.get_absolute_url()}#forberedelse"' in emma_row
    assert "Ingen oppfølging holdt" not in emma_row
    goals = reverse("conversations:record_goals", args=[per_record.uuid]) + "#mal"
    assert "1 mål til godkjenning" in per_row and f'href="{goals}"' in per_row
    assert "Forberedelse klar til" in per_row
    assert f'href="{ready.get_absolute_url()}#forberedelse"' in per_row
    assert "1 avtalt" in per_row and "40 % i snitt" in per_row
    assert "Evaluering: ikke startet" in per_row
    # Each row's name opens the report's conversation record.
    assert f'href="{emma.get_absolute_url()}">Emma Medarbeider</a>' in emma_row


def test_no_follow_up_in_six_weeks_names_the_last_one(org):
    period = _period()
    record = _record(period, org.employee, org.leader)
    _held(record, days_ago=50)
    following = _planned(record, days=10)
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Ingen oppfølging holdt siden" in row
    assert f'href="{following.get_absolute_url()}">Ingen oppfølging holdt siden' in row.replace(
        'class="flag flag-alert" ', ""
    )
    assert "Ingen oppfølging planlagt" not in row


def test_overdue_actions_link_to_the_follow_up_where_they_are_marked_done(org):
    period = _period()
    record = _record(period, org.employee, org.leader)
    held = _held(record, days_ago=20)
    _planned(record, days=7)
    today = timezone.localdate()
    record.actions.create(
        text="Sen", owner=org.employee, follow_up=held, due_on=today - timedelta(days=3)
    )
    record.actions.create(text="Også sen", owner=org.leader, due_on=today - timedelta(days=1))
    record.actions.create(text="I dag", owner=org.employee, due_on=today)
    record.actions.create(
        text="Gjort", owner=org.employee, due_on=today - timedelta(days=9), done_at=timezone.now()
    )
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "2 tiltak over fristen" in row
    assert f'href="{held.get_absolute_url()}#tiltak"' in row


def test_the_evaluation_flags_what_waits_for_the_leader(org):
    period = _period(ends_in_days=30)
    record = _record(period, org.employee, org.leader)
    _held(record, days_ago=7)
    _planned(record, days=20)
    evaluation_url = reverse("conversations:evaluation", args=[record.uuid])
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Evalueringen er ikke startet" in row and f'href="{evaluation_url}"' in row
    evaluation = Evaluation.objects.create(record=record, employee_submitted_at=timezone.now())
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Evalueringen venter på vurderingen din" in row
    evaluation.leader_submitted_at = timezone.now()
    evaluation.save()
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Evalueringen venter på bekreftelsen din" in row
    evaluation.leader_confirmed_at = timezone.now()
    evaluation.save()
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Evalueringen" not in row.split("Evaluering:")[0]
    assert "Ingenting som venter" in row


def test_an_evaluation_far_from_the_period_end_is_not_flagged(org):
    record = _record(_period(ends_in_days=150), org.employee, org.leader)
    _held(record, days_ago=7)
    _planned(record, days=20)
    (row,) = [r for r in _rows(_team(org.leader)) if "Emma" in r]
    assert "Evalueringen er ikke startet" not in row and "Ingenting som venter" in row


def test_a_new_share_is_flagged_and_links_to_the_item(org):
    fresh = submitted_response(org.employee)
    fresh.share_with_leader()
    old = submitted_response(org.colleague)
    old.share_with_leader()
    type(old).objects.filter(pk=old.pk).update(shared_at=timezone.now() - timedelta(days=20))
    rows = _rows(_team(org.leader))
    emma = next(r for r in rows if "Emma" in r)
    kari = next(r for r in rows if "Kari" in r)
    assert "Nylig delt med deg: Egenevaluering av aktivt medarbeiderskap" in emma
    assert emma.count(f'href="{fresh.get_absolute_url()}"') == 2  # the flag and the list
    assert "Nylig delt med deg" not in kari and old.get_absolute_url() in kari
    assert rows[0] == emma


def test_filter_by_flag_keeps_only_those_reports(org):
    period = _period()
    emma = _record(period, org.employee, org.leader)
    _held(emma, days_ago=3)
    _planned(emma, days=10)
    _record(period, org.colleague, org.leader)
    page = _team(org.leader, "?flagg=ikke-planlagt")
    rows = _rows(page)
    assert len(rows) == 1 and "Kari Kollega" in rows[0]
    assert 'href="?flagg=ikke-planlagt" aria-current="page"' in page
    assert 'Ingen oppfølging planlagt <span class="count">1</span>' in page
    # A flag nobody has: no rows, and a way back; an unknown flag shows everyone.
    page = _team(org.leader, "?flagg=mal-til-godkjenning")
    assert '<table class="triage">' not in page and "Ingen i teamet har dette nå." in page
    assert len(_rows(_team(org.leader, "?flagg=tull"))) == 2


def test_a_former_report_and_the_old_pairs_record_are_not_shown(org):
    period = _period()
    record = _record(period, org.employee, org.leader)
    PersonalGoal.objects.create(record=record, kind="personal", title="B", state="proposed")
    org.employee.leader = org.other_leader
    org.employee.save()
    page = _team(org.leader)
    assert "Emma Medarbeider" not in page and "til godkjenning" not in page
    # The new leader has no record with Emma yet: her row shows no old goals.
    (row,) = [r for r in _rows(_team(org.other_leader)) if "Emma" in r]
    assert "til godkjenning" not in row and "Ingen samtalemappe i perioden" in row


def test_only_leaders_have_a_team_page(org):
    assert client_for(org.employee).get(reverse("team")).status_code == 404
    assert client_for(org.hr).get(reverse("team")).status_code == 404
    assert client_for(org.leader).get(reverse("team")).status_code == 200


def _team_of(leader, size: int, period: Period) -> None:
    today = timezone.localdate()
    for n in range(size):
        person = PersonFactory.create(leader=leader, unit=leader.unit)
        record = _record(period, person, leader)
        held = _held(record, days_ago=60)
        _planned(record, days=1 + n % 3, prepared=n % 2 == 0)
        PersonalGoal.objects.create(record=record, kind="personal", title="B", state="proposed")
        record.actions.create(
            text="Sen", owner=person, follow_up=held, due_on=today - timedelta(days=2)
        )
        Evaluation.objects.create(record=record, employee_submitted_at=timezone.now())
        submitted_response(person).share_with_leader()


@pytest.mark.parametrize("size", [5, 50])
def test_the_team_page_query_count_does_not_grow_with_the_team(
    size, org, django_assert_max_num_queries
):
    leader = PersonFactory.create(full_name="Stor Leder", unit=org.unit)
    _team_of(leader, size, _period(ends_in_days=30))
    client = client_for(leader)
    # 19, +1 the header's unread count, +2 the last upward round and 180° requests waiting,
    # +2 what the leader has seen once (the shares kept and the read log) for the figures.
    with django_assert_max_num_queries(24):
        page = client.get(reverse("team")).content.decode()
    assert len(_rows(page)) == size
    assert page.count("tiltak over fristen") == size


def in_the_last_quarter():
    end = quarter_ends(timezone.localdate())[0]
    return timezone.make_aware(datetime.combine(end - timedelta(days=30), time(12)))


def test_team_figures_hidden_below_threshold_and_shown_above(org, settings):
    settings.ANONYMITY_THRESHOLD = 5
    reports = [org.employee, org.colleague]
    for person in reports:
        submitted_response(person, "aktivt-medarbeiderskap", 2, submitted_at=in_the_last_quarter())
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert "vises når minst 5 har svart," in page and "(nå 2)" not in page
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
