"""E-mail per kind as each person chose: at once, in a daily digest at the organisation's
time, or not at all; nothing twice; the follow-up e-mails follow the choice too."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.followups import services as followups
from aktiv.notifications import tasks
from aktiv.notifications.models import Choice, EmailPreference, Kind, Notification
from aktiv.notifications.services import email_choices_save, notify
from aktiv.people.models import OrganisationSettings

from ..conftest import client_for
from .conftest import at


def choose(person, kind: Kind, choice: Choice) -> None:
    email_choices_save(actor=person, choices={kind.value: choice.value})


def test_at_once_sends_one_email_with_a_link_and_no_content(org):
    choose(org.employee, Kind.GOAL_AGREED, Choice.IMMEDIATE)
    found = notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/mal/x/", actor=org.leader)
    assert [m.to for m in mail.outbox] == [[org.employee.email]]
    assert "Lena Leder har godkjent et mål." in mail.outbox[0].body
    assert "/mal/x/" in mail.outbox[0].body
    found.refresh_from_db()
    assert found.emailed_at is not None
    assert tasks.send_notification.call(str(found.uuid)) is False  # never twice
    assert len(mail.outbox) == 1


@pytest.fixture
def digest_at_seven(db):
    OrganisationSettings.objects.create(pk=1, digest_time=time(7, 0))


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def move_to(self, moment: datetime) -> None:
        self.now = moment


def test_the_digest_goes_once_after_the_organisations_time(org, digest_at_seven, monkeypatch):
    time_machine = Clock(monkeypatch)
    today = timezone.localdate()
    time_machine.move_to(timezone.make_aware(datetime.combine(today, time(6, 0))))
    notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)  # digest
    notify(person=org.employee, kind=Kind.GOAL_SENT_BACK, url="/", actor=org.leader)
    choose(org.colleague, Kind.GOAL_AGREED, Choice.OFF)
    notify(person=org.colleague, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)
    assert mail.outbox == []
    assert tasks.send_digests.call() == 0  # before seven
    time_machine.move_to(timezone.make_aware(datetime.combine(today, time(7, 1))))
    assert tasks.send_digests.call() == 1
    assert tasks.send_digests.call() == 0
    [digest] = mail.outbox
    assert digest.to == [org.employee.email] and "2 nye varsler" in digest.subject
    assert "har sendt et mål tilbake" in digest.body
    # One made after seven waits for tomorrow's.
    notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)
    assert tasks.send_digests.call() == 0
    time_machine.move_to(timezone.now() + timedelta(days=1))
    assert tasks.send_digests.call() == 1
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(person=org.colleague, emailed_at__isnull=False).exists()


def test_invitations_follow_the_choice(org, record):
    choose(org.employee, Kind.FOLLOW_UP_PLANNED, Choice.OFF)
    followups.follow_up_add(
        record=record, scheduled_at=at(8), duration_minutes=45, location="", actor=org.leader
    )
    assert [m.to for m in mail.outbox] == [[org.leader.email]]


def test_the_settings_page_saves_each_choice(org):
    client = client_for(org.employee)
    page = client.get(reverse("notifications:email_settings")).content.decode()
    assert "Daglig sammendrag" in page
    data = {kind.value: "digest" for kind in Kind} | {"goal_agreed": "off"}
    result = client.post(reverse("notifications:email_settings"), data)
    assert result.status_code == 302
    assert EmailPreference.objects.get(person=org.employee, kind="goal_agreed").choice == "off"
    bad = client.post(reverse("notifications:email_settings"), data | {"goal_agreed": "ofte"})
    assert bad.status_code == 200
    assert EmailPreference.objects.get(person=org.employee, kind="goal_agreed").choice == "off"


def test_hr_sets_the_digest_time(org):
    client_for(org.hr).post(reverse("hr_digest_time"), {"digest_time": "08:30"})
    assert OrganisationSettings.current().digest_time == time(8, 30)
    client_for(org.employee).post(reverse("hr_digest_time"), {"digest_time": "09:00"})
    assert OrganisationSettings.current().digest_time == time(8, 30)


def test_new_expectations_mail_at_once_only_those_who_asked(org):
    from aktiv.expectations.services import draft_start, version_publish

    choose(org.colleague, Kind.EXPECTATIONS_NEW, Choice.IMMEDIATE)
    version_publish(draft=draft_start(actor=org.hr), actor=org.hr)
    assert [m.to for m in mail.outbox] == [[org.colleague.email]]
    assert "/forventninger/" in mail.outbox[0].body


def test_a_kind_with_its_own_email_is_not_mailed_twice(org, follow_up, digest_at_seven):
    followups.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Svar"}, ready=True, actor=org.employee
    )
    assert [m.to for m in mail.outbox] == [[org.leader.email]]  # the ready notice
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=30))
    tasks.send_digests.call()
    assert len(mail.outbox) == 1
