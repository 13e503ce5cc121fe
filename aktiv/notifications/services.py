"""Telling a person that something happened: `notify(...)` is called by the service where it
happened, in its transaction, so a refused change tells nobody."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.people.models import Person

from . import tasks
from .models import OWN_EMAIL, Choice, EmailPreference, Kind, Notification, choices_of


def notify(
    *,
    person: Person | None,
    kind: Kind,
    url: str,
    actor: Person | None = None,
    subject: UUID | None = None,
    once_key: str = "",
) -> Notification | None:
    """One notification for `person` (none for the one who did it, or for nobody). With
    `once_key` it is made only the first time. The e-mail, when the person wants it at
    once, is queued with it."""
    if person is None or not person.is_active or (actor is not None and actor.pk == person.pk):
        return None
    if once_key and Notification.objects.filter(person=person, once_key=once_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person,
                kind=kind,
                url=url,
                actor=actor,
                subject_uuid=subject,
                once_key=once_key,
            )
    except IntegrityError:  # another sweep made it first
        return None
    if kind not in OWN_EMAIL and email_choice(person, kind) == Choice.IMMEDIATE:
        tasks.send_notification.enqueue(str(notification.uuid))
    return notification


def welcome(people: list[Person]) -> None:
    """A welcome for each new person, in one insert (an import may bring thousands)."""
    url = reverse("home")
    Notification.objects.bulk_create(
        [
            Notification(person=person, kind=Kind.WELCOME, url=url, once_key="welcome")
            for person in people
            if person.is_active
        ],
        ignore_conflicts=True,
    )


def notify_everyone(*, kind: Kind, url: str, subject: UUID | None = None, once_key: str) -> int:
    """The same notification for every active person, in one insert (a whole organisation
    at once: new expectations). Returns how many were made."""
    people = Person.objects.filter(is_active=True).exclude(notifications__once_key=once_key)
    made = Notification.objects.bulk_create(
        [
            Notification(person=person, kind=kind, url=url, subject_uuid=subject, once_key=once_key)
            for person in people.only("pk")
        ],
        ignore_conflicts=True,
    )
    if kind not in OWN_EMAIL:
        wanting = EmailPreference.objects.filter(kind=kind, choice=Choice.IMMEDIATE)
        for notification in Notification.objects.filter(
            once_key=once_key, person__in=wanting.values("person"), emailed_at__isnull=True
        ):
            tasks.send_notification.enqueue(str(notification.uuid))
    return len(made)


def email_choice(person: Person, kind: str) -> str:
    return choices_of(person)[kind]


def wants_own_email(person: Person, kind: str) -> bool:
    """For the e-mails of their own (invitations, the ready notice): sent at once unless
    the person chose a digest or nothing for this kind."""
    return email_choice(person, kind) == Choice.IMMEDIATE


def notification_read(*, notification: Notification, actor: Person) -> Notification:
    if notification.person_id != actor.pk:
        raise ValidationError(_("Dette varselet er ikke ditt."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_done(*, person: Person, once_key: str) -> None:
    """What the notification asked is done (the expectations acknowledged): it is read."""
    Notification.objects.for_person(person).unread().filter(once_key=once_key).update(
        read_at=timezone.now()
    )


def notifications_read_all(*, actor: Person) -> int:
    return Notification.objects.for_person(actor).unread().update(read_at=timezone.now())


@transaction.atomic
def email_choices_save(*, actor: Person, choices: Mapping[str, str]) -> None:
    if unknown := set(choices) - set(Kind.values):
        raise ValidationError(_("Ukjent varseltype: %(kinds)s") % {"kinds": ", ".join(unknown)})
    if any(choice not in Choice.values for choice in choices.values()):
        raise ValidationError(_("Velg straks, daglig sammendrag eller av."))
    for kind, choice in choices.items():
        EmailPreference.objects.update_or_create(
            person=actor, kind=kind, defaults={"choice": choice}
        )


def on_event(name: str, **details: Any) -> None:
    """Events raised by the lower layers (lib.hooks.event)."""
    if name == "welcome":
        welcome(details["people"])
    elif name == "shared":
        item = details["item"]
        notify(
            person=item.shared_with,
            kind=Kind.SHARED,
            url=item.get_absolute_url(),
            actor=item.person,
            subject=item.uuid,
        )
