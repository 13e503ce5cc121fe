"""Feedback on accessibility: stored from the open form (throttled per address), listed for
HR and administrators, answered by e-mail through the worker."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.content import language_code
from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from . import tasks
from .models import Feedback

# The open form takes this many messages per address per hour: enough for a person, too few
# for a script to fill HR's list.
FEEDBACK_PER_HOUR = 5
THROTTLE_SECONDS = 60 * 60


def _throttle_key(address: str | None) -> str:
    return f"aktiv:accessibility-feedback:{address or 'unknown'}"


def feedback_throttled(address: str | None) -> bool:
    """Whether this address has used up its messages for the hour."""
    return int(cache.get(_throttle_key(address), 0)) > FEEDBACK_PER_HOUR


def feedback_send(*, message: str, email: str, page: str, address: str | None) -> Feedback:
    """Store a visitor's feedback, in the language they read the statement in."""
    key = _throttle_key(address)
    cache.add(key, 0, THROTTLE_SECONDS)
    if cache.incr(key) > FEEDBACK_PER_HOUR:
        raise ValidationError(
            _("Du har sendt mange tilbakemeldinger på kort tid. Prøv igjen om en time.")
        )
    if not message.strip():
        raise ValidationError({"message": _("Skriv hva tilbakemeldingen gjelder.")})
    feedback = Feedback(
        message=message.strip(),
        email=email.strip().lower(),
        page=page[:500],
        language=language_code(),
    )
    check_lengths(Feedback, message=feedback.message)
    feedback.save()
    return feedback


def _can_answer(person: Person) -> bool:
    return bool(person.is_hr or person.is_staff)


@transaction.atomic
def feedback_reply(*, feedback: Feedback, reply: str, actor: Person) -> Feedback:
    """HR's or an administrator's answer, e-mailed to the sender by the worker."""
    if not _can_answer(actor):
        raise ValidationError(_("Bare HR og administratorer kan svare."))
    if not feedback.email:
        raise ValidationError(_("Avsenderen oppga ingen e-postadresse, så svaret kan ikke sendes."))
    if feedback.answered_at is not None:
        raise ValidationError(_("Tilbakemeldingen er allerede besvart."))
    if not reply.strip():
        raise ValidationError({"reply": _("Skriv et svar.")})
    feedback.reply = reply.strip()
    check_lengths(Feedback, reply=feedback.reply)
    feedback.answered_at = timezone.now()
    feedback.answered_by = actor
    feedback.save(update_fields=["reply", "answered_at", "answered_by"])
    action_log(actor=actor, action="accessibility_feedback_reply", obj=feedback)
    tasks.send_feedback_reply.enqueue(str(feedback.uuid))
    return feedback
