"""E-mails and calendar invitations are written in the language of whoever reads them
(issue #13): one e-mail per language, each with its own calendar file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import dateformat, timezone, translation

from aktiv.conversations import tasks
from aktiv.conversations.followups import ics
from aktiv.people.models import Person


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def weekday(follow_up, language: str) -> str:
    with translation.override(language):
        return dateformat.format(timezone.localtime(follow_up.scheduled_at), "l")


def test_one_invitation_per_language_each_in_its_readers_language(
    org, follow_up, monkeypatch
) -> None:
    Person.objects.filter(pk=org.employee.pk).update(language="en")
    languages_of_calendars = []
    real = ics.invitation

    def noting_the_language(*args, **kwargs):
        languages_of_calendars.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(ics, "invitation", noting_the_language)
    tasks.send_invitation.enqueue(str(follow_up.uuid))

    by_reader = {tuple(message.to): message for message in mail.outbox}
    assert set(by_reader) == {(org.employee.email,), (org.leader.email,)}
    english, bokmal = by_reader[(org.employee.email,)], by_reader[(org.leader.email,)]
    # Weekday names come from Django's own catalogues, so this holds before ours are merged.
    assert weekday(follow_up, "en") in english.body
    assert weekday(follow_up, "nb") in bokmal.body
    assert weekday(follow_up, "nb") not in english.body
    assert all(message.attachments for message in mail.outbox)
    assert sorted(languages_of_calendars) == ["en", "nb"]


def test_the_same_language_is_one_invitation_to_both(org, follow_up) -> None:
    Person.objects.filter(pk__in=[org.employee.pk, org.leader.pk]).update(language="nn")
    tasks.send_invitation.enqueue(str(follow_up.uuid))
    [message] = mail.outbox
    assert message.to == [org.employee.email, org.leader.email]
    assert weekday(follow_up, "nn") in message.body


def test_the_reminder_follows_the_organisation_default(org, follow_up, settings) -> None:
    from aktiv.people.models import OrganisationSettings

    OrganisationSettings.objects.create(pk=1, default_language="en")
    follow_up.scheduled_at = timezone.now() + timedelta(days=1)
    follow_up.save()
    assert tasks.send_due_reminders.call() == 1
    [message] = mail.outbox
    assert message.to == [org.employee.email]
    assert weekday(follow_up, "en") in message.body
