"""The personal calendar subscription: every follow-up and evaluation of a person, as
employee and as leader, in one ICS feed that Outlook and Google Calendar poll.

A follow-up keeps its invitation's UID and SEQUENCE (followups/ics.py), so a subscribed
calendar and an accepted invitation are the same meeting, moves replace it and a
cancellation shows as STATUS:CANCELLED for CANCELLED_KEPT_DAYS before it leaves the feed.
The feed holds times, names and a link, never content: anyone who has the address sees it."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from aktiv.people.models import Person

from .followups import ics
from .models import CalendarFeed, ConversationRecord, Evaluation, FollowUp

CANCELLED_KEPT_DAYS = 60
# Older meetings than this are left out: a feed is for what is coming and what just was.
HISTORY_DAYS = 365
# The SEQUENCE of an evaluation, which has no counter of its own: seconds since this moment
# at its last change, which only ever grows.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_feed_renew(*, person: Person) -> str:
    """A new secret address (the old one stops working). Returns the token, which is shown
    once and not stored."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(person=person, defaults={"token_hash": _hash(token)})
    return token


def calendar_feed_revoke(*, person: Person) -> None:
    CalendarFeed.objects.filter(person=person).delete()


def feed_owner(token: str) -> Person | None:
    """Whose feed this token opens. The lookup is by the token's hash, so its time tells
    nothing about the token; the hash compare is constant-time besides."""
    feed = (
        CalendarFeed.objects.select_related("person")
        .filter(token_hash=_hash(token), person__is_active=True)
        .first()
    )
    if feed is None or not secrets.compare_digest(feed.token_hash, _hash(token)):
        return None
    return feed.person


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("conversations:calendar_feed", args=[token])


def _follow_ups(person: Person) -> list[FollowUp]:
    now = timezone.now()
    records = ConversationRecord.objects.visible_to(person)
    return list(
        FollowUp.objects.filter(
            record__in=records, scheduled_at__gte=now - timedelta(days=HISTORY_DAYS)
        )
        .filter(
            ~Q(status=FollowUp.Status.CANCELLED)
            | Q(updated_at__gte=now - timedelta(days=CANCELLED_KEPT_DAYS))
        )
        .select_related("record__employee", "record__leader")
    )


def _evaluations(person: Person) -> list[Evaluation]:
    records = ConversationRecord.objects.visible_to(person)
    return list(
        Evaluation.objects.filter(record__in=records, held_on__isnull=False).select_related(
            "record__employee", "record__leader"
        )
    )


def _follow_up_event(follow_up: FollowUp) -> Event:
    event = Event()
    start = follow_up.scheduled_at.astimezone(UTC)
    event.add("uid", ics.uid(follow_up))
    event.add("sequence", follow_up.sequence)
    event.add("dtstamp", follow_up.updated_at.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=follow_up.duration_minutes))
    event.add("summary", ics.summary(follow_up))
    if follow_up.location:
        event.add("location", follow_up.location)
    event.add("description", _("I Aktiv: %(url)s") % {"url": ics.page_url(follow_up)})
    cancelled = follow_up.status == FollowUp.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _evaluation_event(evaluation: Evaluation, held_on: date) -> Event:
    record = evaluation.record
    event = Event()
    event.add("uid", f"{evaluation.uuid}@aktiv")
    event.add("sequence", int((evaluation.updated_at - EPOCH).total_seconds()))
    event.add("dtstamp", evaluation.updated_at.astimezone(UTC))
    event.add("dtstart", held_on)
    event.add("dtend", held_on + timedelta(days=1))
    event.add(
        "summary",
        _("Evalueringssamtale: %(employee)s og %(leader)s")
        % {"employee": record.employee.full_name, "leader": record.leader.full_name},
    )
    url = settings.SITE_URL + evaluation.get_absolute_url()
    event.add("description", _("I Aktiv: %(url)s") % {"url": url})
    event.add("status", "CONFIRMED")
    return event


def feed(person: Person) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", ics.PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Aktiv: samtaler"))
    # How often to poll: the standard's property, and the one Outlook reads.
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for follow_up in _follow_ups(person):
        calendar.add_component(_follow_up_event(follow_up))
    for evaluation in _evaluations(person):
        if evaluation.held_on is not None:
            calendar.add_component(_evaluation_event(evaluation, evaluation.held_on))
    return bytes(calendar.to_ical())
