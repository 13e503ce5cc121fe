"""E-mails about pulse rounds, sent by the worker's sweep (`aktiv worker`): an invitation to
everyone a round asks when it opens, and one reminder, a few days before it closes, to those
who have not answered. Each is claimed by stamping the round with a conditional UPDATE before
sending, so two workers cannot both send it; if sending fails the stamp is taken back.

Who has answered is read from the participation rows only: the e-mails know nothing of
anyone's answers."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from aktiv.people.models import Person

from .models import Participation, Round
from .services import invited_people

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE = 3


def remind_on(round_: Round) -> date | None:
    """The day of the reminder: three days before the round closes, or its second day in a
    short round; None for a round of one day."""
    if round_.closes_on <= round_.opens_on:
        return None
    return max(
        round_.opens_on + timedelta(days=1), round_.closes_on - timedelta(days=REMIND_DAYS_BEFORE)
    )


def _messages(name: str, round_: Round, people: list[Person]) -> list[EmailMessage]:
    url = settings.SITE_URL + reverse("pulse:round", args=[round_.uuid])
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for person in people:
            context = {"round": round_, "person": person, "url": url}
            subject = render_to_string(f"pulse/email/{name}_subject.txt", context)
            body = render_to_string(f"pulse/email/{name}.txt", context)
            messages.append(
                EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
            )
    return messages


def _claim(round_: Round, field: str) -> bool:
    return bool(
        Round.objects.filter(pk=round_.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def _send(name: str, round_: Round, people: list[Person], field: str) -> int:
    if not _claim(round_, field):
        return 0
    try:
        return get_connection().send_messages(_messages(name, round_, people)) or 0
    except Exception:
        Round.objects.filter(pk=round_.pk).update(**{field: None})
        logger.exception("Pulse %s for round %s not sent", name, round_.uuid)
        return 0


@task()
def send_pulse_mail() -> int:
    """Invitations for rounds that have opened, reminders for those whose day has come."""
    today = timezone.localdate()
    sent = 0
    for round_ in Round.objects.open_on(today).prefetch_related("units"):
        if round_.invited_at is None:
            sent += _send("invitation", round_, invited_people(round_), "invited_at")
        day = remind_on(round_)
        if round_.reminded_at is None and day is not None and day <= today:
            answered = set(
                Participation.objects.filter(round=round_).values_list("person_id", flat=True)
            )
            waiting = [p for p in invited_people(round_) if p.pk not in answered]
            sent += _send("reminder", round_, waiting, "reminded_at")
    return sent


@task()
def refresh_snapshot() -> bool:
    """The pulse's and helsenærvær's figures per unit, computed again when what goes into
    them has changed (aktiv/pulse/stored.py)."""
    from .stored import snapshot_refresh

    return snapshot_refresh()
