"""E-mails from the background worker: the invitation with its .ics (parsed back), moves and
cancellations, the reminder sweep (idempotent), the leader's notice when the preparation is
ready, and the `aktiv worker` command against the real database queue."""

from __future__ import annotations

from datetime import UTC, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from aktiv.conversations import tasks
from aktiv.conversations.followups import services
from aktiv.conversations.followups.questions import QUESTIONS
from aktiv.conversations.management.commands.worker import sweep_enqueue
from aktiv.conversations.models import FollowUp
from aktiv.lib.hooks import sweep_tasks

from .conftest import at


def calendar_of(message) -> tuple[Calendar, object]:
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_planning_sends_each_invitation_with_its_calendar_file(org, record):
    planned = services.follow_ups_plan(
        record=record,
        first_at=at(200, 9),
        actor=org.leader,
        duration_minutes=60,
        location="Møterom Fjord",
    )
    assert len(mail.outbox) == len(planned) >= 3
    follow_up, first = planned[0], mail.outbox[0]
    assert first.to == [org.employee.email, org.leader.email]
    assert first.subject.startswith("Oppfølgingssamtale ") and first.subject.endswith("kl. 09:00")
    assert follow_up.get_absolute_url() in first.body
    assert "Møterom Fjord" in first.body

    calendar, event = calendar_of(first)
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["uid"]) == f"{follow_up.uuid}@aktiv"
    assert event.decoded("dtstart") == follow_up.scheduled_at.astimezone(UTC)
    assert event.decoded("dtstart").tzinfo is not None
    assert "Z" in event["dtstart"].to_ical().decode()  # in UTC
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
    assert str(event["summary"]) == "Oppfølgingssamtale: Emma Medarbeider og Lena Leder"
    assert str(event["location"]) == "Møterom Fjord"
    assert follow_up.get_absolute_url() in str(event["description"])
    assert str(event["organizer"]) == f"mailto:{org.leader.email}"
    assert sorted(str(a) for a in event["attendee"]) == sorted(
        [f"mailto:{org.employee.email}", f"mailto:{org.leader.email}"]
    )
    assert int(event["sequence"]) == 0


def test_invitation_subject_and_text_in_bokmal(org, follow_up):
    tasks.send_invitation.enqueue(str(follow_up.uuid))
    [message] = mail.outbox
    local = timezone.localtime(follow_up.scheduled_at)
    assert message.subject.startswith("Oppfølgingssamtale ") and "kl. 10:00" in message.subject
    assert f"{local.day}." in message.subject
    assert "Hei, Emma Medarbeider og Lena Leder." in message.body
    assert "kl. 10:00–10:45" in message.body
    assert "Sted: Møterom Fjord" in message.body
    assert "&" not in message.body  # plain text, not HTML-escaped


def test_a_move_sends_an_update_with_a_higher_sequence(org, follow_up):
    services.follow_up_move(
        follow_up=follow_up,
        scheduled_at=at(8, 13),
        duration_minutes=45,
        location="",
        actor=org.employee,
    )
    [message] = mail.outbox
    assert message.subject.startswith("Endret: oppfølgingssamtale")
    _, event = calendar_of(message)
    assert str(event["uid"]) == f"{follow_up.uuid}@aktiv"
    assert int(event["sequence"]) == 1
    assert event.decoded("dtstart") == at(8, 13).astimezone(UTC)
    assert "location" not in event


def test_a_cancellation_tells_calendars_to_drop_the_meeting(org, follow_up):
    services.follow_up_cancel(follow_up=follow_up, actor=org.leader)
    [message] = mail.outbox
    assert message.subject.startswith("Avlyst: oppfølgingssamtale")
    calendar, event = calendar_of(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1


def test_no_invitation_for_a_former_pair(org, follow_up):
    org.employee.leader = org.other_leader
    org.employee.save()
    assert tasks.send_invitation.call(str(follow_up.uuid)) is False
    assert mail.outbox == []


def test_no_mail_of_any_kind_for_a_former_pair(org, follow_up):
    FollowUp.objects.filter(pk=follow_up.pk).update(
        status=FollowUp.Status.CANCELLED, prepared_at=timezone.now()
    )
    org.employee.leader = org.other_leader
    org.employee.save()
    assert tasks.send_cancellation.call(str(follow_up.uuid)) is False
    FollowUp.objects.filter(pk=follow_up.pk).update(status=FollowUp.Status.PLANNED)
    assert tasks.send_ready_notice.call(str(follow_up.uuid)) is False
    FollowUp.objects.filter(pk=follow_up.pk).update(prepared_at=None)
    assert follow_up.pk not in {due.pk for due in tasks.due_reminders()}
    assert mail.outbox == []


def test_reminder_sweep_sends_once(org, record):
    due = FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=2))
    FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=5))
    prepared = FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() + timedelta(days=1),
        prepared_at=timezone.now(),
    )
    FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() + timedelta(days=1, hours=2),
        status=FollowUp.Status.CANCELLED,
    )
    FollowUp.objects.create(record=record, scheduled_at=timezone.now() - timedelta(hours=1))

    assert tasks.send_due_reminders.call() == 1
    [message] = mail.outbox
    assert message.to == [org.employee.email]
    assert message.subject.startswith("Forbered deg til oppfølgingssamtalen")
    for question in QUESTIONS:
        assert str(question) in message.body
    assert due.get_absolute_url() in message.body
    due.refresh_from_db()
    assert due.reminder_sent_at is not None
    prepared.refresh_from_db()
    assert prepared.reminder_sent_at is None

    assert tasks.send_due_reminders.call() == 0  # running it again sends nothing twice
    assert len(mail.outbox) == 1


def test_a_moved_meeting_gets_a_new_reminder(org, record):
    follow_up = FollowUp.objects.create(
        record=record, scheduled_at=timezone.now() + timedelta(days=2)
    )
    tasks.send_due_reminders.call()
    services.follow_up_move(
        follow_up=follow_up,
        scheduled_at=timezone.now() + timedelta(days=2, hours=5),
        duration_minutes=45,
        location="",
        actor=org.leader,
    )
    mail.outbox.clear()
    assert tasks.send_due_reminders.call() == 1


def test_a_failed_reminder_is_tried_again(org, record):
    follow_up = FollowUp.objects.create(
        record=record, scheduled_at=timezone.now() + timedelta(days=1)
    )
    failing = "django.core.mail.backends.locmem.EmailBackend.send_messages"
    with mock.patch(failing, side_effect=OSError("SMTP nede")):
        assert tasks.send_due_reminders.call() == 0
    follow_up.refresh_from_db()
    assert follow_up.reminder_sent_at is None
    assert tasks.send_due_reminders.call() == 1


def test_leader_is_told_once_when_the_preparation_is_ready(org, follow_up):
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Bra"}, ready=False, actor=org.employee
    )
    assert mail.outbox == []
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Bra"}, ready=True, actor=org.employee
    )
    [notice] = mail.outbox
    assert notice.to == [org.leader.email]
    assert notice.subject.startswith("Emma Medarbeider er forberedt til oppfølgingssamtalen")
    assert "Bra" not in notice.body  # the answers stay behind the login
    assert follow_up.get_absolute_url() in notice.body
    follow_up.refresh_from_db()
    assert follow_up.ready_notice_sent_at is not None

    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Bra, endret"}, ready=True, actor=org.employee
    )
    assert tasks.send_ready_notice.call(str(follow_up.uuid)) is False
    assert len(mail.outbox) == 1


def test_a_failed_ready_notice_is_released(org, follow_up, failed_tasks):
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP nede")):
        services.follow_up_prepare(
            follow_up=follow_up, answers={"q1": "Bra"}, ready=True, actor=org.employee
        )
    assert len(failed_tasks) == 1
    failed_tasks.clear()
    follow_up.refresh_from_db()
    assert follow_up.prepared_at is not None and follow_up.ready_notice_sent_at is None
    assert tasks.send_ready_notice.call(str(follow_up.uuid)) is True


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker closes database connections as it finishes a batch (as a long-running worker
# should); inside a test transaction that would break the test on PostgreSQL, so this test
# commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_works_the_database_queue(org, record, follow_up, database_queue):
    FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=2))
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Bra"}, ready=True, actor=org.employee
    )
    assert mail.outbox == []  # queued in the database, not sent
    assert DBTaskResult.objects.ready().count() == 1

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert sorted(m.subject.split(" ")[0] for m in mail.outbox) == ["Emma", "Forbered"]
    assert not DBTaskResult.objects.ready().exists()
    # The ready notice, and every task each app asked the sweep to queue.
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1 + len(sweep_tasks())


def test_the_sweep_is_queued_once_while_it_waits(database_queue, db):
    assert sweep_enqueue() is True
    assert sweep_enqueue() is False
    # Every task each app asked the sweep to queue, once.
    assert DBTaskResult.objects.ready().count() == len(sweep_tasks())
