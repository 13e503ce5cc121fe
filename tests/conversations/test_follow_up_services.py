"""Phase 2 services: planning in the period's rhythm, moving and cancelling, the six
questions, the agenda's carry-over, and who may do what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from aktiv.conversations.followups import services
from aktiv.conversations.followups.questions import KEYS, QUESTIONS
from aktiv.conversations.models import (
    AgendaItem,
    AgreedAction,
    ConversationRecord,
    FollowUp,
    Period,
)
from aktiv.conversations.services import MAX_PERIOD_YEARS
from aktiv.lib.dates import is_working_day, months_between
from aktiv.reflections.models import PendingAgendaItem

from .conftest import at


def oslo(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


@pytest.fixture
def year_2030(org) -> ConversationRecord:
    """A period wholly in the future, so dates are fixed."""
    period = Period.objects.create(
        name="2030", starts_on=date(2030, 1, 1), ends_on=date(2030, 12, 31), created_by=org.hr
    )
    return ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )


def local_days(record: ConversationRecord) -> list[date]:
    return [
        timezone.localtime(f.scheduled_at).date()
        for f in record.follow_ups.exclude(status="cancelled").order_by("scheduled_at")
    ]


def test_plan_monthly_until_the_period_ends(org, year_2030):
    # Thursday 10 January 2030: the second Thursday of each month after it.
    planned = services.follow_ups_plan(
        record=year_2030, first_at=oslo(2030, 1, 10, 10, 0), actor=org.leader, location="Rom 2"
    )
    assert len(planned) == 12
    days = local_days(year_2030)
    assert [d.day for d in days] == [10, 14, 14, 11, 9, 13, 11, 8, 12, 10, 14, 12]
    assert {d.weekday() for d in days} == {3}
    # Ten o'clock in Oslo all year, in winter and in summer time.
    assert {timezone.localtime(f.scheduled_at).hour for f in planned} == {10}
    assert planned[0].scheduled_at.astimezone(UTC).hour == 9
    assert planned[5].scheduled_at.astimezone(UTC).hour == 8
    assert {f.location for f in planned} == {"Rom 2"}
    assert {f.status for f in planned} == {FollowUp.Status.PLANNED}


def test_a_fifth_weekday_becomes_the_last_one(org, year_2030):
    # Thursday 31 January 2030 is the fifth Thursday; February has four.
    services.follow_ups_plan(record=year_2030, first_at=oslo(2030, 1, 31, 9, 0), actor=org.leader)
    days = local_days(year_2030)
    assert [d.isoformat() for d in days[:5]] == [
        "2030-01-31",
        "2030-02-28",
        "2030-03-28",
        "2030-04-25",
        "2030-05-31",  # the last Thursday is Kristi himmelfartsdag: the Friday after
    ]
    # Moved to the Friday: Kristi himmelfartsdag and 2. juledag.
    fridays = [d for d in days if d.weekday() == 4]
    assert fridays == [date(2030, 5, 31), date(2030, 12, 27)]
    assert {d.weekday() for d in days if d not in fridays} == {3}


def test_plan_follows_the_rhythm_of_the_period(org, year_2030):
    year_2030.period.followup_interval_months = 2
    year_2030.period.save()
    services.follow_ups_plan(record=year_2030, first_at=oslo(2030, 2, 15, 9, 0), actor=org.employee)
    assert [d.month for d in local_days(year_2030)] == [2, 4, 6, 8, 10, 12]


@pytest.mark.parametrize(("interval", "count"), [(1, 12), (2, 6), (3, 4), (5, 3), (6, 2), (12, 1)])
def test_plan_makes_at_most_the_rhythms_count(org, year_2030, interval, count):
    """Months in the period / interval + 1 at most; from the period's first day exactly."""
    year_2030.period.followup_interval_months = interval
    year_2030.period.save()
    planned = services.follow_ups_plan(
        record=year_2030, first_at=oslo(2030, 1, 1, 10, 0), actor=org.leader
    )
    assert len(planned) == count <= 11 // interval + 1
    assert max(local_days(year_2030)) <= date(2030, 12, 31)


@pytest.mark.parametrize("ends_on", [date(2999, 12, 31), date(9999, 12, 31)])
def test_plan_in_a_period_stored_unbounded_stops_after_three_years(org, ends_on, mailoutbox):
    """A period made before periods were bounded: the series still ends, without an error."""
    period = Period.objects.create(
        name="Uendelig", starts_on=timezone.localdate(), ends_on=ends_on, created_by=org.hr
    )
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    planned = services.follow_ups_plan(record=record, first_at=at(1), actor=org.leader)
    assert len(planned) == 12 * MAX_PERIOD_YEARS + 1 == FollowUp.objects.count()
    days = local_days(record)
    assert months_between(days[0], days[-1]) == 12 * MAX_PERIOD_YEARS
    assert len(mailoutbox) <= 2 * len(planned)


def test_plan_skips_days_already_planned(org, year_2030):
    FollowUp.objects.create(record=year_2030, scheduled_at=oslo(2030, 3, 14, 14, 0))
    planned = services.follow_ups_plan(
        record=year_2030, first_at=oslo(2030, 1, 10, 10, 0), actor=org.leader
    )
    assert len(planned) == 11
    assert len(local_days(year_2030)) == 12
    # Planning again adds nothing.
    assert (
        services.follow_ups_plan(
            record=year_2030, first_at=oslo(2030, 1, 10, 10, 0), actor=org.leader
        )
        == []
    )


@pytest.mark.parametrize(
    ("first_at", "message"),
    [
        (oslo(2031, 1, 10, 10, 0), "Velg et tidspunkt i perioden «2030», fra 1. januar 2030"),
        (oslo(2020, 1, 10, 10, 0), "Tidspunktet har allerede vært."),
    ],
)
def test_plan_refuses_times_outside_the_period_or_past(org, year_2030, first_at, message):
    with pytest.raises(ValidationError) as refused:
        services.follow_ups_plan(record=year_2030, first_at=first_at, actor=org.leader)
    assert message in refused.value.messages[0]
    assert not FollowUp.objects.exists()


def test_plan_refused_for_others_and_for_a_former_pair(org, year_2030):
    with pytest.raises(ValidationError):
        services.follow_ups_plan(record=year_2030, first_at=oslo(2030, 1, 10, 10), actor=org.hr)
    org.employee.leader = org.other_leader
    org.employee.save()
    year_2030.refresh_from_db()
    with pytest.raises(ValidationError, match="tidligere leder"):
        services.follow_ups_plan(record=year_2030, first_at=oslo(2030, 1, 10, 10), actor=org.leader)
    assert not FollowUp.objects.exists()


def test_add_one_meeting_and_refuse_a_duplicate(org, record):
    extra = services.follow_up_add(
        record=record, scheduled_at=at(3, 13), duration_minutes=30, location="", actor=org.employee
    )
    assert extra.duration_minutes == 30
    with pytest.raises(ValidationError, match="allerede planlagt"):
        services.follow_up_add(
            record=record,
            scheduled_at=at(3, 13),
            duration_minutes=30,
            location="",
            actor=org.leader,
        )
    with pytest.raises(ValidationError, match="varighet"):
        services.follow_up_add(
            record=record, scheduled_at=at(4), duration_minutes=7, location="", actor=org.leader
        )


def test_move_bumps_the_sequence_and_resets_the_reminder(org, follow_up):
    follow_up.reminder_sent_at = timezone.now()
    follow_up.save()
    moved = services.follow_up_move(
        follow_up=follow_up,
        scheduled_at=at(9, 14),
        duration_minutes=60,
        location="Kantina",
        actor=org.employee,
    )
    follow_up.refresh_from_db()
    assert moved and follow_up.sequence == 1
    assert follow_up.scheduled_at == at(9, 14) and follow_up.location == "Kantina"
    assert follow_up.reminder_sent_at is None
    # The same again changes nothing and sends nothing.
    assert not services.follow_up_move(
        follow_up=follow_up,
        scheduled_at=at(9, 14),
        duration_minutes=60,
        location="Kantina",
        actor=org.leader,
    )
    assert follow_up.sequence == 1


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (lambda: timezone.now() - timedelta(hours=1), "Tidspunktet har allerede vært."),
        (lambda: at(400), "Velg et tidspunkt i perioden «Inneværende»"),
    ],
)
def test_move_refuses_the_past_and_outside_the_period(org, follow_up, when, message):
    before = follow_up.scheduled_at
    with pytest.raises(ValidationError) as refused:
        services.follow_up_move(
            follow_up=follow_up,
            scheduled_at=when(),
            duration_minutes=45,
            location="",
            actor=org.leader,
        )
    assert message in refused.value.messages[0]
    follow_up.refresh_from_db()
    assert follow_up.scheduled_at == before and follow_up.sequence == 0


def test_held_or_cancelled_follow_ups_cannot_be_moved(org, follow_up):
    services.follow_up_hold(follow_up=follow_up, actor=org.leader)
    assert follow_up.status == FollowUp.Status.HELD and follow_up.held_at
    with pytest.raises(ValidationError, match="gjennomført"):
        services.follow_up_move(
            follow_up=follow_up,
            scheduled_at=at(8),
            duration_minutes=45,
            location="",
            actor=org.leader,
        )
    with pytest.raises(ValidationError):
        services.follow_up_cancel(follow_up=follow_up, actor=org.leader)


def test_cancel_moves_the_agenda_to_the_next_follow_up(org, record, follow_up):
    later = FollowUp.objects.create(record=record, scheduled_at=at(30))
    services.agenda_item_add(follow_up=follow_up, text="Ferieplan", actor=org.employee)
    successor = services.follow_up_cancel(follow_up=follow_up, actor=org.leader)
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.CANCELLED and follow_up.sequence == 1
    assert successor == later
    assert list(later.agenda.values_list("text", flat=True)) == ["Ferieplan"]


def test_the_six_questions_of_seed_003_word_for_word():
    assert [str(q) for q in QUESTIONS] == [
        "Hvordan ligger jeg an i forhold til mål og planer?",
        "Hva har skjedd siden siste samtale?",
        "Hva har jeg lært eller utviklet meg på siden sist?",
        "Hva er de viktigste aktiviteter og mål fremover?",
        "Hvilke behov for støtte, hjelp, avklaringer eller prioriteringer har jeg?",
        "Andre forhold og saker som jeg ønsker å lufte/drøfte?",
    ]
    assert KEYS == ("q1", "q2", "q3", "q4", "q5", "q6")


def test_preparation_is_the_employees_and_ready_needs_an_answer(org, follow_up):
    with pytest.raises(ValidationError, match="minst ett"):
        services.follow_up_prepare(follow_up=follow_up, answers={}, ready=True, actor=org.employee)
    with pytest.raises(ValidationError, match="Bare medarbeideren"):
        services.follow_up_prepare(
            follow_up=follow_up, answers={"q1": "x"}, ready=False, actor=org.leader
        )
    with pytest.raises(ValidationError, match="Ukjente"):
        services.follow_up_prepare(
            follow_up=follow_up, answers={"q9": "x"}, ready=False, actor=org.employee
        )
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": " Godt ", "q2": ""}, ready=False, actor=org.employee
    )
    follow_up.refresh_from_db()
    assert follow_up.preparation == {"q1": "Godt"} and follow_up.prepared_at is None
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Godt"}, ready=True, actor=org.employee
    )
    assert follow_up.prepared_at is not None


def test_pending_reflection_items_go_to_the_next_follow_up_once(org, record, follow_up):
    later = FollowUp.objects.create(record=record, scheduled_at=at(40))
    pending = PendingAgendaItem.objects.create(person=org.employee, text="Hjelp med prioritering")
    PendingAgendaItem.objects.create(person=org.colleague, text="Ikke min sak")

    assert services.agenda_collect_pending(follow_up=later) == 0  # not the next one
    assert services.agenda_collect_pending(follow_up=follow_up) == 1
    assert services.agenda_collect_pending(follow_up=follow_up) == 0  # taken once
    [item] = follow_up.agenda.all()
    assert (item.source, item.text, item.added_by) == (
        AgendaItem.Source.REFLECTION,
        "Hjelp med prioritering",
        org.employee,
    )
    pending.refresh_from_db()
    assert pending.handled_at is not None
    assert PendingAgendaItem.pending_for(org.colleague).count() == 1


def test_pending_items_wait_when_the_leader_has_changed(org, record, follow_up):
    PendingAgendaItem.objects.create(person=org.employee, text="Til ny leder")
    org.employee.leader = org.other_leader
    org.employee.save()
    follow_up.record.employee.refresh_from_db()
    assert services.agenda_collect_pending(follow_up=follow_up) == 0
    assert PendingAgendaItem.pending_for(org.employee).count() == 1


def test_agenda_points_are_removed_only_by_their_author(org, follow_up):
    mine = services.agenda_item_add(follow_up=follow_up, text="Kurs", actor=org.employee)
    assert mine.source == AgendaItem.Source.EMPLOYEE
    with pytest.raises(ValidationError, match="Bare den som"):
        services.agenda_item_remove(item=mine, actor=org.leader)
    services.agenda_item_remove(item=mine, actor=org.employee)
    assert not follow_up.agenda.exists()
    with pytest.raises(ValidationError, match="Skriv hva"):
        services.agenda_item_add(follow_up=follow_up, text="   ", actor=org.leader)


def test_agreed_actions_carry_their_owner_and_due_date(org, follow_up):
    action = services.agreed_action_add(
        follow_up=follow_up,
        text="Meld deg på kurs",
        owner=org.employee,
        due_on=timezone.localdate() + timedelta(days=14),
        actor=org.leader,
    )
    assert list(AgreedAction.objects.open()) == [action]
    services.agreed_action_done(action=action, done=True, actor=org.employee)
    assert not AgreedAction.objects.open().exists()
    services.agreed_action_done(action=action, done=False, actor=org.leader)
    assert AgreedAction.objects.open().exists()
    with pytest.raises(ValidationError, match="eies av"):
        services.agreed_action_add(
            follow_up=follow_up, text="x", owner=org.colleague, due_on=None, actor=org.leader
        )
    with pytest.raises(ValidationError, match="Fristen"):
        services.agreed_action_add(
            follow_up=follow_up,
            text="x",
            owner=org.leader,
            due_on=timezone.localdate() - timedelta(days=1),
            actor=org.leader,
        )


def test_only_the_leader_writes_support_and_private_notes(org, follow_up):
    with pytest.raises(ValidationError, match="Bare lederen"):
        services.follow_up_support_save(follow_up=follow_up, text="x", actor=org.employee)
    with pytest.raises(ValidationError, match="Bare lederen"):
        services.leader_note_save(follow_up=follow_up, text="x", actor=org.employee)
    note = services.leader_note_save(follow_up=follow_up, text="Privat", actor=org.leader)
    again = services.leader_note_save(follow_up=follow_up, text="Privat 2", actor=org.leader)
    assert note.pk == again.pk and again.text == "Privat 2"
    with pytest.raises(ValidationError, match="høyst"):
        services.follow_up_notes_save(
            follow_up=follow_up, shared_notes="x" * 20_001, actor=org.leader
        )


def test_a_due_date_lies_in_the_records_period(org, follow_up):
    period = follow_up.record.period
    for due_on in (period.ends_on + timedelta(days=1), date(9999, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            services.agreed_action_add(
                follow_up=follow_up, text="x", owner=org.leader, due_on=due_on, actor=org.leader
            )
        assert refused.value.message_dict == {
            "due_on": [
                "Velg en frist i perioden «Inneværende», fra "
                f"{date_format(period.starts_on, 'j. F Y')} til "
                f"{date_format(period.ends_on, 'j. F Y')}."
            ]
        }
    assert not AgreedAction.objects.exists()
    last = services.agreed_action_add(
        follow_up=follow_up, text="x", owner=org.leader, due_on=period.ends_on, actor=org.leader
    )
    assert last.due_on == period.ends_on


def test_plan_moves_a_meeting_off_holidays_keeping_the_time(org, year_2030):
    # The fourth Tuesday: 24 December 2030 is julaften, 25 and 26 are holidays.
    services.follow_ups_plan(record=year_2030, first_at=oslo(2030, 1, 22, 13, 15), actor=org.leader)
    days = local_days(year_2030)
    assert days[-1] == date(2030, 12, 27)
    assert all(is_working_day(day) for day in days)
    moments = [timezone.localtime(f.scheduled_at) for f in year_2030.follow_ups.all()]
    assert {(m.hour, m.minute) for m in moments} == {(13, 15)}
