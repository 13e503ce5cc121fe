"""The reminder sweep against a real SMTP server: every reminder over one connection."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from aktiv.conversations import tasks
from aktiv.conversations.models import ConversationRecord, FollowUp
from aktiv.lib.smtp_sink import smtp_sink

from ..factories import PersonFactory


def test_the_sweep_sends_every_reminder_over_one_connection(
    org, current_period, settings, monkeypatch
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS = "127.0.0.1", False
    monkeypatch.setattr(tasks, "REMINDER_BATCH", 3)  # three batches, still one connection
    employees = [PersonFactory.create(unit=org.unit, leader=org.leader) for _ in range(7)]
    for employee in employees:
        record = ConversationRecord.objects.get_or_create(
            period=current_period, employee=employee, leader=org.leader
        )[0]
        FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=1))
    with smtp_sink() as (port, received):
        settings.EMAIL_PORT = port
        assert tasks.send_due_reminders.call() == 7
        assert tasks.send_due_reminders.call() == 0  # once per follow-up
    assert sorted(to[0] for _connection, to in received.messages) == sorted(
        employee.email for employee in employees
    )
    assert received.connections == 1
    assert not FollowUp.objects.filter(reminder_sent_at__isnull=True).exists()


def test_a_reminder_that_cannot_be_written_is_left_for_the_next_run(
    org, current_period, settings, monkeypatch
):
    """Reminders are written by a thread while the previous ones are sent: one that fails
    there is released and logged, the others still go over the same connection, and the
    interpreter's switch interval is given back."""
    import sys

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS = "127.0.0.1", False
    employees = [PersonFactory.create(unit=org.unit, leader=org.leader) for _ in range(5)]
    follow_ups = []
    for employee in employees:
        record = ConversationRecord.objects.get_or_create(
            period=current_period, employee=employee, leader=org.leader
        )[0]
        follow_ups.append(
            FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=1))
        )
    broken = follow_ups[2]
    write = tasks._reminder

    def failing(follow_up, language):
        if follow_up.pk == broken.pk:
            raise ValueError("template broke")
        return write(follow_up, language)

    monkeypatch.setattr(tasks, "_reminder", failing)
    interval = sys.getswitchinterval()
    with smtp_sink() as (port, received):
        settings.EMAIL_PORT = port
        assert tasks.send_due_reminders.call() == 4
        assert sys.getswitchinterval() == interval
        monkeypatch.setattr(tasks, "_reminder", write)
        assert tasks.send_due_reminders.call() == 1  # the next run sends the one left
    assert sorted(to[0] for _connection, to in received.messages) == sorted(
        employee.email for employee in employees
    )
    assert received.connections == 2  # one a run
    assert not FollowUp.objects.filter(reminder_sent_at__isnull=True).exists()
