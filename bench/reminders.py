"""Time the reminder sweep against a real SMTP server on this machine (aiosmtpd), beside a
floor measured in the same run: the same number of plain messages over one connection.

    DATABASE_URL=postgres://…/synth .venv/bin/aktiv synth --people 100000
    DATABASE_URL=postgres://…/synth .venv/bin/python bench/reminders.py

Every planned, unprepared follow-up of the next REMINDER_DAYS days has its reminder made due
first (its stamp cleared); the stamps the sweep sets are left as they are."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktiv.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail import EmailMessage, get_connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from aktiv.conversations import tasks  # noqa: E402
from aktiv.conversations.models import FollowUp, Period  # noqa: E402
from aktiv.lib.smtp_sink import smtp_sink  # noqa: E402
from aktiv.people.models import Person  # noqa: E402


def main() -> None:
    people = Person.objects.count()
    now = timezone.now()
    days = max(Period.objects.values_list("reminder_days_before", flat=True), default=0)
    made_due = FollowUp.objects.filter(
        status=FollowUp.Status.PLANNED,
        prepared_at__isnull=True,
        scheduled_at__gt=now,
        scheduled_at__lte=now + timedelta(days=days),
    ).update(reminder_sent_at=None)
    due = len(tasks.due_reminders())
    print(f"{people:,} people; {made_due:,} follow-ups in the next {days} days; {due:,} due")
    with smtp_sink() as (port, received):
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
        started = time.perf_counter()
        with get_connection() as connection:
            connection.send_messages(
                [EmailMessage("Påminnelse", "Tekst", to=[f"p{i}@x.example"]) for i in range(due)]
            )
        floor = time.perf_counter() - started
        floor_connections = received.connections
        received.messages.clear()
        started = time.perf_counter()
        sent = tasks.send_due_reminders.call()
        sweep = time.perf_counter() - started
    print(f"floor: {due:,} plain messages over one connection  {floor:6.1f} s")
    print(
        f"reminder sweep: {sent:,} sent, {len(received.messages):,} received over "
        f"{received.connections} connection(s)  {sweep:6.1f} s"
    )
    print(f"ratio to the floor: {sweep / floor if floor else 0:.1f}×  ({floor_connections=})")


if __name__ == "__main__":
    main()
