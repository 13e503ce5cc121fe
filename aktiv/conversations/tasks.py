"""E-mails about follow-ups, sent by the background worker (`aktiv worker`).

Tasks take a follow-up's UUID and read it afresh, so a task queued before a move or a
cancellation sends what is true when it runs. A notice that must go only once (the reminder
to prepare, the leader's notice that the preparation is ready) is claimed by stamping its
`*_sent_at` with a conditional UPDATE before sending: two workers, or a sweep run twice,
cannot both send it. If sending fails the stamp is taken back, so the next run tries again.

E-mails carry no conversation content, only times and a link: the content stays behind the
login."""

from __future__ import annotations

import contextlib
import functools
import logging
import queue
import re
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import forbid_multi_line_headers
from django.db import connections
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from aktiv.lib.templatetags.languages import date as date_filter
from aktiv.notifications.models import Kind
from aktiv.notifications.services import wants_own_email
from aktiv.people.languages import organisation_language
from aktiv.people.models import Person

from . import notices
from .followups import ics
from .followups.questions import QUESTIONS
from .models import FollowUp, Period, RecordQuerySet

logger = logging.getLogger(__name__)

TEMPLATES = "conversations/email/"


def _follow_up(uuid: str) -> FollowUp | None:
    return (
        FollowUp.objects.select_related("record__period", "record__employee", "record__leader")
        .filter(uuid=uuid)
        .first()
    )


def _message(name: str, follow_up: FollowUp, to: list[str], **extra: Any) -> EmailMessage:
    """An e-mail from conversations/email/<name>_subject.txt and <name>.txt, in the active
    language (see _messages)."""
    context = {
        "follow_up": follow_up,
        "record": follow_up.record,
        "employee": follow_up.record.employee,
        "leader": follow_up.record.leader,
        "start": timezone.localtime(follow_up.scheduled_at),
        "end": timezone.localtime(
            follow_up.scheduled_at + timedelta(minutes=follow_up.duration_minutes)
        ),
        "url": ics.page_url(follow_up),
        **extra,
    }
    subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
    body = render_to_string(f"{TEMPLATES}{name}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to, from_email=None)


def _messages(
    name: str, follow_up: FollowUp, people: list[Person], *, calendar: bool = False, **extra: Any
) -> list[EmailMessage]:
    """One e-mail per language among `people`, each written (with its calendar file) in
    the language its readers chose: one e-mail to both when they read the same."""
    by_language: dict[str, list[str]] = {}
    for person in people:
        by_language.setdefault(person.preferred_language, []).append(person.email)
    sent = []
    for language, to in by_language.items():
        with translation.override(language):
            message = _message(name, follow_up, to, **extra)
            if calendar:
                message.attach(
                    ics.filename(follow_up), ics.invitation(follow_up).decode(), "text/calendar"
                )
        sent.append(message)
    return sent


def _send(messages: list[EmailMessage]) -> None:
    for message in messages:
        message.send()


def _both(follow_up: FollowUp, kind: Kind) -> list[Person]:
    """Both parties, less anyone who chose a digest or no e-mail for this kind."""
    people = (follow_up.record.employee, follow_up.record.leader)
    return [person for person in people if wants_own_email(person, kind)]


@task()
def send_invitation(follow_up_uuid: str) -> bool:
    """The calendar invitation to both, when a follow-up is planned or moved."""
    follow_up = _follow_up(follow_up_uuid)
    if follow_up is None or follow_up.status != FollowUp.Status.PLANNED:
        return False
    if not follow_up.record.is_current_pair:
        return False
    name = "moved" if follow_up.sequence else "invitation"
    kind = Kind.FOLLOW_UP_MOVED if follow_up.sequence else Kind.FOLLOW_UP_PLANNED
    people = _both(follow_up, kind)
    if not people:
        return False
    _send(_messages(name, follow_up, people, calendar=True))
    return True


@task()
def send_cancellation(follow_up_uuid: str) -> bool:
    """A cancellation to both, with METHOD:CANCEL so calendars drop the meeting."""
    follow_up = _follow_up(follow_up_uuid)
    if follow_up is None or follow_up.status != FollowUp.Status.CANCELLED:
        return False
    if not follow_up.record.is_current_pair:
        return False
    people = _both(follow_up, Kind.FOLLOW_UP_CANCELLED)
    if not people:
        return False
    _send(_messages("cancelled", follow_up, people, calendar=True))
    return True


def _claim(follow_up: FollowUp, field: str) -> bool:
    """Stamp `field` unless another run already has: True if this run may send."""
    return bool(
        FollowUp.objects.filter(pk=follow_up.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def _release(follow_up: FollowUp, field: str) -> None:
    FollowUp.objects.filter(pk=follow_up.pk).update(**{field: None})


@task()
def send_ready_notice(follow_up_uuid: str) -> bool:
    """Tell the leader that the employee has marked the preparation ready (once)."""
    follow_up = _follow_up(follow_up_uuid)
    if follow_up is None or follow_up.prepared_at is None:
        return False
    if follow_up.status != FollowUp.Status.PLANNED or not follow_up.record.is_current_pair:
        return False
    if not wants_own_email(follow_up.record.leader, Kind.PREPARATION_READY):
        return False
    if not _claim(follow_up, "ready_notice_sent_at"):
        return False
    try:
        _send(_messages("ready", follow_up, [follow_up.record.leader]))
    except Exception:
        _release(follow_up, "ready_notice_sent_at")
        raise
    return True


def due_reminders() -> list[FollowUp]:
    """Planned, unprepared follow-ups of live pairs whose reminder is due and not sent: the
    meeting is less than the period's `reminder_days_before` days away (0: no reminders)."""
    now = timezone.now()
    due: list[FollowUp] = []
    for period in Period.objects.filter(ends_on__gte=timezone.localdate() - timedelta(days=1)):
        due += (
            FollowUp.objects.filter(
                record__period=period,
                status=FollowUp.Status.PLANNED,
                prepared_at__isnull=True,
                reminder_sent_at__isnull=True,
                scheduled_at__gt=now,
                scheduled_at__lte=now + timedelta(days=period.reminder_days_before),
            )
            .filter(RecordQuerySet.live_q("record__"))
            .select_related("record__period", "record__employee", "record__leader")
            .order_by("scheduled_at")
        )
    return due


# Reminders are claimed, rendered and sent this many at a time, over one SMTP connection.
REMINDER_BATCH = 500


def _claim_many(follow_ups: list[FollowUp], field: str) -> list[FollowUp]:
    """Stamp `field` on those of `follow_ups` no other run has stamped, in one UPDATE, and
    return them: the ones carrying this run's own stamp afterwards."""
    stamp = timezone.now()
    ids = [follow_up.pk for follow_up in follow_ups]
    FollowUp.objects.filter(pk__in=ids, **{f"{field}__isnull": True}).update(**{field: stamp})
    mine = set(FollowUp.objects.filter(pk__in=ids, **{field: stamp}).values_list("pk", flat=True))
    return [follow_up for follow_up in follow_ups if follow_up.pk in mine]


@functools.lru_cache(maxsize=256)
def _subject_header(subject: str, encoding: str | None) -> str:
    return str(
        forbid_multi_line_headers("Subject", subject, encoding or settings.DEFAULT_CHARSET)[1]
    )


class _Built(EmailMessage):
    """An e-mail whose MIME form, and its bytes as SMTP sends them, were made ahead of
    sending (see _rendered_ahead): the backend's message() and as_bytes() return them."""

    _mime: Any = None

    def build(self) -> None:
        # Encoding a subject that is not ASCII is most of the MIME work, and a sweep's
        # reminders share a few subjects: Django's own encoding, kept per subject.
        subject, self.subject = self.subject, ""
        mime = super().message()
        self.subject = subject
        mime.replace_header("Subject", _subject_header(subject, self.encoding))
        wire: bytes = mime.as_bytes(linesep="\r\n")
        original = mime.as_bytes

        def as_bytes(unixfrom: bool = False, linesep: str = "\n", **kwargs: Any) -> bytes:
            if linesep == "\r\n" and not unixfrom and not kwargs:
                return wire
            return bytes(original(unixfrom, linesep=linesep, **kwargs))

        mime.as_bytes = as_bytes
        self._mime = mime

    def message(self, *args: Any, **kwargs: Any) -> Any:
        return self._mime if self._mime is not None else super().message(*args, **kwargs)


# The reminder's words in a language are the same for everyone but for these: the templates
# are rendered once per language with a marker in each place, and each reminder fills them in.
_BLANKS = ("name", "leader", "date", "time", "day", "url")


_MARKER = re.compile("\x00(" + "|".join(_BLANKS) + ")\x00")


def _blank(name: str) -> str:
    return f"\x00{name}\x00"


@functools.lru_cache(maxsize=8)
def _reminder_frame(language: str) -> tuple[str, str]:
    context = {name: _blank(name) for name in _BLANKS} | {"questions": QUESTIONS}
    with translation.override(language):
        subject = render_to_string(f"{TEMPLATES}reminder_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}reminder.txt", context)
    return " ".join(subject.split()), body


@functools.lru_cache(maxsize=256)
def _written_date(language: str, day: date, written: str) -> str:
    """A date as the reminder writes it in `language` (most reminders of a sweep share one)."""
    with translation.override(language):
        return date_filter(day, written)


def _reminder(follow_up: FollowUp, language: str) -> list[EmailMessage]:
    """The reminder to prepare, in `language`: the frame of that language, filled in."""
    start = timezone.localtime(follow_up.scheduled_at)
    values = {
        "name": follow_up.record.employee.first_name,
        "leader": follow_up.record.leader.full_name,
        "date": _written_date(language, start.date(), "l j. F Y"),
        "time": f"{start:%H:%M}",
        "day": _written_date(language, start.date(), "l j. F"),
        "url": ics.page_url(follow_up),
    }
    subject, body = _reminder_frame(language)

    def fill(frame: str) -> str:  # one pass: a value is never read as a marker itself
        return _MARKER.sub(lambda match: values[match.group(1)], frame)

    message = _Built(subject=fill(subject), body=fill(body), to=[follow_up.record.employee.email])
    message.build()
    return [message]


_DONE = object()


def _rendered_ahead(
    follow_ups: list[FollowUp],
) -> Iterator[tuple[FollowUp, list[EmailMessage] | BaseException]]:
    """Each follow-up with its reminder, written (templates, MIME, bytes) by a thread of its
    own while the caller sends the previous ones: the sender spends most of its time waiting
    for the SMTP server's replies, and the writing fits in those waits. The thread reads
    nothing from the database (the follow-ups come with their record and people, and the
    languages are read before it starts)."""
    ready: queue.Queue[Any] = queue.Queue(maxsize=64)
    stop = threading.Event()
    # Read here, in the sender's thread: the organisation's default may come from the database.
    default = organisation_language()
    languages = [follow_up.record.employee.language or default for follow_up in follow_ups]

    def write() -> None:
        try:
            for follow_up, language in zip(follow_ups, languages, strict=True):
                if stop.is_set():
                    return
                try:
                    item: list[EmailMessage] | BaseException = _reminder(follow_up, language)
                except Exception as error:  # handled by the sender, one follow-up at a time
                    item = error
                ready.put((follow_up, item))
        finally:
            ready.put(_DONE)
            # Should anything here have opened a connection, it is this thread's: close it.
            connections.close_all()

    writer = threading.Thread(target=write, name="reminders", daemon=True)
    # The sender must get the interpreter back as soon as a reply arrives, not after the
    # default 5 ms slice of the writer: a reply waits for the lock at most this long.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, 0.0002))
    writer.start()
    try:
        while (item := ready.get()) is not _DONE:
            yield item
    finally:
        stop.set()
        with contextlib.suppress(queue.Empty):
            while True:  # unblock a writer waiting for room, so it sees `stop`
                ready.get_nowait()
        writer.join()
        sys.setswitchinterval(interval)


@task()
def send_due_reminders() -> int:
    """The periodic sweep: remind each employee to prepare, once per follow-up (a move
    clears the stamp, so the new time gets its own reminder). Reminders are claimed a batch
    at a time and sent over one SMTP connection for the whole sweep, written by a thread
    while the previous ones are on their way; one that fails is released for the next run.
    Returns how many were sent."""
    due = due_reminders()
    if not due:
        return 0
    sent = 0
    with get_connection() as connection:
        for start in range(0, len(due), REMINDER_BATCH):
            claimed = _claim_many(due[start : start + REMINDER_BATCH], "reminder_sent_at")
            for follow_up, messages in _rendered_ahead(claimed):
                if isinstance(messages, BaseException):  # not written: the connection is fine
                    _release(follow_up, "reminder_sent_at")
                    logger.error(
                        "Reminder for follow-up %s not written",
                        follow_up.uuid,
                        exc_info=messages,
                    )
                    continue
                try:
                    sent += connection.send_messages(messages) or 0
                except Exception:
                    _release(follow_up, "reminder_sent_at")
                    logger.exception("Reminder for follow-up %s not sent", follow_up.uuid)
                    # The server may have dropped the connection: the next one opens anew.
                    with contextlib.suppress(Exception):
                        connection.close()
                        connection.open()
    return sent


@task()
def notify_due_actions() -> int:
    """The periodic sweep: actions due in two days, and overdue ones, told to their owner
    in the app (once each)."""
    return notices.actions_sweep()
