"""Periods (HR) and the conversation record of each leader–employee pair."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aktiv.audit.models import ActionEntry
from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.conversations.services import period_create, record_for
from aktiv.goals.models import PersonalGoal

from ..conftest import client_for
from ..factories import PersonFactory


def this_year() -> dict:
    year = timezone.localdate().year
    return {
        "name": str(year),
        "starts_on": date(year, 1, 1).isoformat(),
        "ends_on": date(year, 12, 31).isoformat(),
        "followup_interval_months": "1",
        "reminder_days_before": "3",
    }


@pytest.fixture
def period(org) -> Period:
    year = timezone.localdate().year
    return period_create(
        name=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        followup_interval_months=1,
        reminder_days_before=3,
        actor=org.hr,
    )


def test_hr_opens_a_period_and_every_pair_gets_a_record(org):
    result = client_for(org.hr).post(reverse("conversations:periods"), this_year())
    assert result.status_code == 302
    period = Period.objects.get()
    pairs = {(r.employee, r.leader) for r in period.records.all()}
    assert pairs == {
        (org.employee, org.leader),
        (org.colleague, org.leader),
        (org.other_employee, org.other_leader),
    }
    page = client_for(org.hr).get(reverse("conversations:periods")).content.decode()
    assert "nåværende" in page and "3</td>" in page
    entry = ActionEntry.objects.get()
    assert (entry.actor, entry.action, entry.object_uuid) == (org.hr, "period_create", period.uuid)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": "2000-01-01"}, "Perioden må slutte etter at den starter."),
        ({"followup_interval_months": "0"}, "større enn eller lik 1"),
        ({"name": ""}, "Feltet er påkrevet."),
        ({"starts_on": "ikke en dato"}, "gyldig dato"),
        # Once made an error page, or 11,677 follow-ups and as many e-mails.
        ({"ends_on": "9999-12-31"}, "Velg en dato mellom år 1900 og 2100."),
        ({"starts_on": "1066-10-14"}, "Velg en dato mellom år 1900 og 2100."),
        ({"ends_on": f"{timezone.localdate().year + 3}-01-01"}, "kan vare høyst 3 år"),
        ({"name": "x" * 101}, "Teksten kan ha høyst 100 tegn. Den har nå 101."),
    ],
)
def test_bad_period_input_is_refused(org, change, message):
    result = client_for(org.hr).post(reverse("conversations:periods"), this_year() | change)
    assert result.status_code == 400
    assert message in result.content.decode()
    assert not Period.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [(date(2026, 1, 1), date(9999, 12, 31)), (date(2026, 1, 1), date(2999, 12, 31))],
)
def test_the_service_refuses_a_period_beyond_its_bounds(org, starts_on, ends_on):
    with pytest.raises(ValidationError) as refused:
        period_create(
            name="For lang",
            starts_on=starts_on,
            ends_on=ends_on,
            followup_interval_months=1,
            reminder_days_before=3,
            actor=org.hr,
        )
    assert list(refused.value.message_dict) == ["ends_on"]
    assert not Period.objects.exists()


def test_a_period_of_three_years_is_accepted(org):
    year = timezone.localdate().year
    result = client_for(org.hr).post(
        reverse("conversations:periods"), this_year() | {"ends_on": f"{year + 2}-12-31"}
    )
    assert result.status_code == 302
    assert Period.objects.get().ends_on == date(year + 2, 12, 31)


def test_overlapping_period_is_refused(org, period):
    result = client_for(org.hr).post(
        reverse("conversations:periods"), this_year() | {"name": "Igjen"}
    )
    assert result.status_code == 400
    assert "overlapper" in result.content.decode()
    assert Period.objects.count() == 1


def test_only_hr_manages_periods(org):
    for person in (None, org.employee, org.leader, org.admin):
        result = client_for(person).post(reverse("conversations:periods"), this_year())
        assert result.status_code in (302, 404)
        if result.status_code == 302:
            assert result["Location"].startswith(reverse("login"))
    assert not Period.objects.exists()


def test_index_for_employee_and_leader(org, period):
    page = client_for(org.employee).get(reverse("conversations:index")).content.decode()
    record = ConversationRecord.objects.get(employee=org.employee)
    assert record.get_absolute_url() in page and "Lena Leder" in page
    leader_page = client_for(org.leader).get(reverse("conversations:index")).content.decode()
    assert "Emma Medarbeider" in leader_page and "Kari Kollega" in leader_page
    assert "Ola Annen" not in leader_page


def test_index_without_period(org):
    page = client_for(org.employee).get(reverse("conversations:index")).content.decode()
    assert "Det er ingen aktiv periode" in page


def test_record_is_seen_by_its_two_parties_only(org, period):
    record = ConversationRecord.objects.get(employee=org.employee)
    for person in (org.employee, org.leader):
        assert client_for(person).get(record.get_absolute_url()).status_code == 200
    for person in (org.colleague, org.other_leader, org.other_employee, org.hr, org.admin):
        assert client_for(person).get(record.get_absolute_url()).status_code == 404
    assert client_for(None).get(record.get_absolute_url()).status_code == 302


def test_new_leader_starts_a_new_record_and_the_old_stays(org, period):
    old = ConversationRecord.objects.get(employee=org.employee)
    org.employee.leader = org.other_leader
    org.employee.save()
    new = record_for(org.employee)
    assert new is not None and new.pk != old.pk and new.leader == org.other_leader
    assert client_for(org.other_leader).get(old.get_absolute_url()).status_code == 404
    # The former leader keeps nothing; the employee keeps the old record as history.
    assert client_for(org.leader).get(old.get_absolute_url()).status_code == 404
    old_page = client_for(org.employee).get(old.get_absolute_url()).content.decode()
    assert "tidligere leder–medarbeider-par" in old_page
    assert (
        "Emma Medarbeider"
        not in client_for(org.leader)
        .get(reverse("conversations:index"))
        .content.decode()
        .split("Medarbeiderne mine")[1]
    )


def test_leader_index_costs_the_same_however_big_the_team(org, period, django_assert_num_queries):
    """Each report's row counts goals, follow-ups and open actions in the same query."""

    def team(count):
        for n in range(count):
            report = PersonFactory.create(leader=org.leader, unit=org.unit)
            record, _ = ConversationRecord.objects.get_or_create(
                period=period, employee=report, defaults={"leader": org.leader}
            )
            PersonalGoal.objects.create(record=record, kind="personal", title=f"M{n}")
            FollowUp.objects.create(record=record, scheduled_at=timezone.now())
            record.actions.create(text=f"T{n}", owner=report)

    team(2)
    client = client_for(org.leader)
    client.get(reverse("conversations:index"))  # the first request also writes the session
    with django_assert_num_queries(10) as small:
        client.get(reverse("conversations:index"))
    team(20)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("conversations:index")).content.decode()
    reports = org.leader.direct_reports.all()
    assert all(report.full_name in page for report in reports)


def test_period_contains():
    period = Period(starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    assert period.contains(date(2026, 6, 1)) and not period.contains(date(2027, 1, 1))
    assert not period.contains(date(2026, 1, 1) - timedelta(days=1))


def test_the_conversations_page_writes_nothing(org, period):
    """Records are made when a period opens and when a pair forms, never by a page view."""
    ConversationRecord.objects.all().delete()
    for person in (org.leader, org.employee):
        assert client_for(person).get(reverse("conversations:index")).status_code == 200
    assert not ConversationRecord.objects.exists()


def test_a_new_pair_gets_its_record_when_hr_makes_it(org, period):
    """HR adds a person, moves someone under a new leader or brings someone back: the pair's
    record is there at once, for the conversations page to show (a page view makes none)."""
    from aktiv.people.organisation import services as organisation

    def pairs() -> set[tuple[str, str]]:
        return set(
            ConversationRecord.objects.filter(period=period).values_list(
                "employee__full_name", "leader__full_name"
            )
        )

    newcomer = organisation.person_create(
        actor=org.hr,
        email="ny@example.no",
        full_name="Nils Ny",
        unit=org.unit,
        leader=org.leader,
        is_hr=False,
    )
    assert ("Nils Ny", "Lena Leder") in pairs()
    organisation.person_update(
        actor=org.hr,
        person=newcomer,
        email=newcomer.email,
        full_name=newcomer.full_name,
        unit=org.unit,
        leader=org.other_leader,
        is_hr=False,
    )
    assert ("Nils Ny", "Otto Annenleder") in pairs()
    page = client_for(newcomer).get(reverse("conversations:index")).content.decode()
    assert "Otto Annenleder" in page
