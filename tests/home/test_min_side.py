"""Min side after a leader change: the next follow-up is the live pair's, never a former
pair's (the old record is history)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, FollowUp, Period

from ..conftest import client_for


def test_min_side_shows_no_follow_up_of_a_former_pair(org):
    today = timezone.localdate()
    period = Period.objects.create(
        name="2026", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300)
    )
    old = ConversationRecord.objects.create(period=period, employee=org.employee, leader=org.leader)
    follow_up = FollowUp.objects.create(record=old, scheduled_at=timezone.now() + timedelta(days=3))
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert follow_up.get_absolute_url() in page
    org.employee.leader = org.other_leader
    org.employee.save()
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert follow_up.get_absolute_url() not in page
