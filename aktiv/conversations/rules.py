"""The rules of the pair, shared by every phase of a conversation record (goals, follow-ups,
evaluation): who may act, whether the record still belongs to the live leader–employee pair,
and that a date about it lies in its period. Every write names who acts through one of the
`require_*` checks, and each of them also requires the live pair: a former pair's record is
read-only history, whichever phase and whoever writes. A refusal raises ValidationError with
a message for the page; nothing is changed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aktiv.lib.dates import local_date
from aktiv.people.models import Person

from .models import ConversationRecord


def require_party(record: ConversationRecord, actor: Person, message: str = "") -> None:
    if not record.is_party(actor):
        raise ValidationError(
            message or _("Bare medarbeideren og lederen i denne samtalen kan gjøre dette.")
        )
    require_live(record)


def require_leader(record: ConversationRecord, actor: Person, message: str = "") -> None:
    if actor.pk != record.leader_id:
        raise ValidationError(message or _("Bare lederen i denne samtalen kan gjøre dette."))
    require_live(record)


def require_employee(record: ConversationRecord, actor: Person, message: str = "") -> None:
    if actor.pk != record.employee_id:
        raise ValidationError(message or _("Bare medarbeideren i denne samtalen kan gjøre dette."))
    require_live(record)


def require_live(record: ConversationRecord, message: str = "") -> None:
    """A record of a former pair is history: read-only, for the employee."""
    if not record.is_current_pair:
        raise ValidationError(
            message
            or _(
                "Denne samtalemappen hører til et tidligere leder–medarbeider-par og kan bare "
                "leses. Nye samtaler planlegges i mappen med den nåværende lederen."
            )
        )


def require_in_period(
    record: ConversationRecord,
    day: date,
    *,
    field: str | None = None,
    latest: date | None = None,
    message: str = "",
) -> None:
    """A date about the record (a meeting, a due date, the day a conversation was held) lies
    in the record's period, and not after `latest` when given. The refusal names `field`, so
    a form shows it there; `message` may use %(name)s, %(start)s and %(end)s."""
    period = record.period
    last = min(period.ends_on, latest) if latest else period.ends_on
    if period.starts_on <= day <= last:
        return
    text = (message or _("Velg en dato i perioden «%(name)s», fra %(start)s til %(end)s.")) % {
        "name": period.name,
        "start": local_date(period.starts_on, "j. F Y"),
        "end": local_date(period.ends_on, "j. F Y"),
    }
    raise ValidationError({field: text} if field else text)
