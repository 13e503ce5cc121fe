"""Time the reminder sweep against a real SMTP server on this machine (aiosmtpd), beside a
floor measured in the same run: the same number of plain messages over one connection.

    DATABASE_URL=postgres://…/synth .venv/bin/aktiv synth --people 100000
    DATABASE_URL=postgres://…/synth .venv/bin/python bench/reminders.py

The SMTP server runs in a process of its own (in the sending process it would share
Python's interpreter lock with the sender and time itself as much as the sweep). DUE
follow-ups (5,000 by default: more than a week's meetings at 100,000 people) are planned for
tomorrow on live pairs of the current period, inside a transaction that is rolled back at the
end, so the database is left as it was. SMTP=127.0.0.1:25 sends to a real relay instead (a
local Postfix that discards what it accepts: every message is still queued to disk first).

    SMTP=127.0.0.1:25 DATABASE_URL=postgres://…/synth .venv/bin/python bench/reminders.py"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktiv.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
django.setup()

from django.conf import settings  # noqa: E402
from django.core.mail import EmailMessage, get_connection  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils import timezone  # noqa: E402

from aktiv.conversations import tasks  # noqa: E402
from aktiv.conversations.models import (  # noqa: E402
    ConversationRecord,
    FollowUp,
    Period,
    RecordQuerySet,
)
from aktiv.lib.smtp_sink import smtp_sink_process  # noqa: E402
from aktiv.people.models import Person  # noqa: E402

DUE = int(os.environ.get("DUE", "5000"))


def plan_due(count: int) -> None:
    period = Period.objects.current()
    if period is None:
        sys.exit("No current period: run `aktiv synth` first.")
    records = (
        ConversationRecord.objects.filter(period=period)
        .filter(RecordQuerySet.live_q(""))
        .values_list("pk", flat=True)[:count]
    )
    tomorrow = timezone.now() + timedelta(days=1)
    FollowUp.objects.bulk_create(
        (FollowUp(record_id=pk, scheduled_at=tomorrow) for pk in records), batch_size=2000
    )


def _timed(host: str, port: int, due: int) -> tuple[float, float, int]:
    """The floor and the sweep against the SMTP server at host:port."""
    settings.EMAIL_HOST, settings.EMAIL_PORT = host, port
    settings.EMAIL_USE_TLS = False
    started = time.perf_counter()
    with get_connection() as connection:
        connection.send_messages(
            [EmailMessage("Påminnelse", "Tekst", to=[f"p{i}@x.example"]) for i in range(due)]
        )
    floor = time.perf_counter() - started
    started = time.perf_counter()
    sent = tasks.send_due_reminders.call()
    return floor, time.perf_counter() - started, sent


def main() -> None:
    # A running worker has loaded the URLs long before a sweep (the first reverse() imports
    # every view module: a second or two that belongs to the worker's start, not the sweep).
    get_resolver().url_patterns  # noqa: B018
    people = Person.objects.count()
    relay = os.environ.get("SMTP", "")  # host:port of a real relay (Postfix), else the sink
    with transaction.atomic():
        plan_due(DUE)
        due = len(tasks.due_reminders())
        print(f"{people:,} people; {due:,} reminders due")
        if relay:
            host, port = relay.rsplit(":", 1)
            floor, sweep, sent = _timed(host, int(port), due)
            received = f"handed to {relay}"
        else:
            with smtp_sink_process() as (sink_port, counted):
                floor, sweep, sent = _timed("127.0.0.1", sink_port, due)
                # Less the floor's messages and its one connection.
                messages, connections = counted.messages - due, counted.connections - 1
                received = f"{messages:,} received over {connections} connection(s)"
        transaction.set_rollback(True)
    print(f"floor: {due:,} plain messages over one connection  {floor:6.1f} s")
    print(f"reminder sweep: {sent:,} sent, {received}  {sweep:6.1f} s")
    print(f"ratio to the floor: {sweep / floor if floor else 0:.1f}x")


if __name__ == "__main__":
    main()
