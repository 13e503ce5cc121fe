"""A follow-up as an iCalendar invitation (RFC 5545/5546), for the e-mail and the download.

The UID is stable per follow-up and SEQUENCE rises with every move, so a calendar updates
the meeting it already has instead of adding a second one."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from aktiv.people.models import Person

from ..models import FollowUp

PRODID = "-//Aktiv//Oppfølgingssamtaler//NB"


def uid(follow_up: FollowUp) -> str:
    return f"{follow_up.uuid}@aktiv"


def summary(follow_up: FollowUp) -> str:
    record = follow_up.record
    return _("Oppfølgingssamtale: %(employee)s og %(leader)s") % {
        "employee": record.employee.full_name,
        "leader": record.leader.full_name,
    }


def page_url(follow_up: FollowUp) -> str:
    return settings.SITE_URL + follow_up.get_absolute_url()


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = person.full_name
    address.params.update(params)
    return address


def invitation(follow_up: FollowUp, *, link: str | None = None) -> bytes:
    """METHOD:REQUEST for a planned (or held) follow-up, METHOD:CANCEL for a cancelled one."""
    record = follow_up.record
    cancelled = follow_up.status == FollowUp.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    start = follow_up.scheduled_at.astimezone(UTC)
    event.add("uid", uid(follow_up))
    event.add("sequence", follow_up.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=follow_up.duration_minutes))
    event.add("summary", summary(follow_up))
    if follow_up.location:
        event.add("location", follow_up.location)
    event.add(
        "description",
        _("Forberedelse, agenda og notater i Aktiv: %(url)s")
        % {"url": link or page_url(follow_up)},
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _address(record.leader))
    event.add(
        "attendee",
        _address(record.employee, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
    )
    event.add("attendee", _address(record.leader, ROLE="CHAIR", PARTSTAT="ACCEPTED"))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def filename(follow_up: FollowUp) -> str:
    day = timezone.localtime(follow_up.scheduled_at).date().isoformat()
    return f"oppfolgingssamtale-{day}.ics"
