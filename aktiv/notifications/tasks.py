"""Notification e-mails, sent by the worker: one at once for the kinds a person wants so,
and a daily digest at the organisation's time (OrganisationSettings.digest_time) of the
rest. Each notification is claimed by stamping `emailed_at` with a conditional UPDATE
before sending, so nothing goes twice, even with two workers; a failed send takes the stamp
back. The e-mails carry what happened and a link, never content."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from aktiv.people.models import OrganisationSettings, Person

from .models import Choice, Notification, choices_of

logger = logging.getLogger(__name__)
# A digest does not bring up what is older than this (e.g. after switching from "off").
DIGEST_WINDOW = timedelta(days=2)


def _send(name: str, person: Person, notifications: list[Notification]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": person,
            "notifications": notifications,
            "site": settings.SITE_URL,
            "inbox": settings.SITE_URL + "/varsler/",
        }
        subject = render_to_string(f"notifications/email/{name}_subject.txt", context)
        body = render_to_string(f"notifications/email/{name}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email]).send()


def _claim(notifications: QuerySet[Notification]) -> list[Notification]:
    """Stamp these unless another run has: the ones this run may send."""
    now = timezone.now()
    ids = list(notifications.filter(emailed_at__isnull=True).values_list("pk", flat=True))
    claimed = [
        pk
        for pk in ids
        if Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(emailed_at=now)
    ]
    return list(Notification.objects.filter(pk__in=claimed).select_related("actor", "person"))


def _release(notifications: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=None)


@task()
def send_notification(notification_uuid: str) -> bool:
    found = Notification.objects.filter(uuid=notification_uuid, person__is_active=True)
    claimed = _claim(found)
    if not claimed:
        return False
    try:
        _send("notice", claimed[0].person, claimed)
    except Exception:
        _release(claimed)
        raise
    return True


def digest_moment(now: datetime) -> datetime:
    """Today's digest time, local time."""
    at = OrganisationSettings.current().digest_time
    return timezone.make_aware(datetime.combine(timezone.localtime(now).date(), at))


@task()
def send_digests() -> int:
    """The periodic sweep: after today's digest time, each person with notifications from
    before it that they want in a digest gets one e-mail. Returns how many went."""
    now = timezone.now()
    moment = digest_moment(now)
    if now < moment:
        return 0
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            person__is_active=True,
            created_at__lt=moment,
            created_at__gte=moment - DIGEST_WINDOW,
        )
        .select_related("person")
        .order_by("person_id", "created_at")
    )
    by_person: dict[int, list[Notification]] = {}
    for notification in waiting:
        by_person.setdefault(notification.person_id, []).append(notification)
    sent = 0
    for person_id, notifications in by_person.items():
        person = notifications[0].person
        choices = choices_of(person)
        wanted = [n.pk for n in notifications if choices[n.kind] == Choice.DIGEST]
        claimed = _claim(Notification.objects.filter(pk__in=wanted))
        if not claimed:
            continue
        try:
            _send("digest", person, claimed)
        except Exception:
            _release(claimed)
            logger.exception("Digest for person %s not sent", person_id)
            continue
        sent += 1
    return sent
