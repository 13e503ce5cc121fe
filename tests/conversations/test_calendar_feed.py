"""The calendar subscription: a secret address that works without a session, lists the
person's follow-ups and evaluations (as employee and as leader) with stable UIDs and rising
SEQUENCE, keeps cancelled ones as CANCELLED for a while, and dies when revoked or renewed."""

from __future__ import annotations

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from aktiv.conversations.calendar import calendar_feed_renew
from aktiv.conversations.evaluation.services import evaluation_for
from aktiv.conversations.followups import services as followups
from aktiv.conversations.models import CalendarFeed, FollowUp

from ..conftest import client_for
from .conftest import at


def events(token: str) -> dict[str, object]:
    result = Client().get(reverse("conversations:calendar_feed", args=[token]))
    assert result.status_code == 200
    assert result["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(result.content)
    assert calendar["x-published-ttl"] == "PT1H"
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_lists_both_parties_meetings_and_follows_moves_and_cancellations(
    org, record, follow_up
):
    employee_token = calendar_feed_renew(person=org.employee)
    leader_token = calendar_feed_renew(person=org.leader)
    uid = f"{follow_up.uuid}@aktiv"
    found = events(employee_token)[uid]
    assert found["sequence"] == 0 and str(found["status"]) == "CONFIRMED"
    assert found.decoded("dtstart") == follow_up.scheduled_at
    assert uid in events(leader_token)
    followups.follow_up_move(
        follow_up=follow_up, scheduled_at=at(9), duration_minutes=45, location="", actor=org.leader
    )
    moved = events(employee_token)[uid]
    assert moved["sequence"] == 1 and moved.decoded("dtstart") == at(9)
    followups.follow_up_cancel(follow_up=follow_up, actor=org.leader)
    cancelled = events(employee_token)[uid]
    assert cancelled["sequence"] == 2 and str(cancelled["status"]) == "CANCELLED"
    # Long after, the cancelled one leaves the feed.
    FollowUp.objects.filter(pk=follow_up.pk).update(updated_at=at(-90))
    assert uid not in events(employee_token)


def test_an_evaluation_held_is_an_all_day_event(org, record):
    evaluation = evaluation_for(record)
    evaluation.held_on = date.today() - timedelta(days=1)
    evaluation.save()
    token = calendar_feed_renew(person=org.employee)
    found = events(token)[f"{evaluation.uuid}@aktiv"]
    assert found.decoded("dtstart") == evaluation.held_on


def test_others_meetings_and_content_stay_out(org, record, follow_up):
    follow_up.shared_notes = "Hemmelige notater"
    follow_up.save()
    token = calendar_feed_renew(person=org.colleague)
    assert events(token) == {}
    body = Client().get(
        reverse("conversations:calendar_feed", args=[calendar_feed_renew(person=org.employee)])
    )
    assert b"Hemmelige" not in body.content


def test_a_wrong_renewed_or_revoked_token_is_not_found(org, follow_up):
    old = calendar_feed_renew(person=org.employee)
    assert CalendarFeed.objects.get().token_hash != old  # only the hash is stored
    new = calendar_feed_renew(person=org.employee)
    client = Client()
    assert client.get(reverse("conversations:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("conversations:calendar_feed", args=["gjetting"])).status_code == 404
    assert client.get(reverse("conversations:calendar_feed", args=[new])).status_code == 200
    client_for(org.employee).post(reverse("conversations:calendar_settings"), {"action": "revoke"})
    assert client.get(reverse("conversations:calendar_feed", args=[new])).status_code == 404
    last = calendar_feed_renew(person=org.employee)
    org.employee.is_active = False
    org.employee.save()
    assert client.get(reverse("conversations:calendar_feed", args=[last])).status_code == 404


def test_the_former_leader_sees_the_pairs_meetings_no_more(org, follow_up):
    token = calendar_feed_renew(person=org.leader)
    assert f"{follow_up.uuid}@aktiv" in events(token)
    org.employee.leader = org.other_leader
    org.employee.save()
    assert f"{follow_up.uuid}@aktiv" not in events(token)


def test_the_settings_page_shows_a_new_address_once(org):
    client = client_for(org.employee)
    page = client.get(reverse("conversations:calendar_settings")).content.decode()
    assert "Du har ingen kalenderadresse" in page
    made = client.post(reverse("conversations:calendar_settings"), {"action": "renew"})
    body = made.content.decode()
    assert made.status_code == 200 and "webcal://" in body and "/kalender/" in body
    again = client.get(reverse("conversations:calendar_settings")).content.decode()
    assert "Du har en kalenderadresse" in again and "/kalender/" not in again
