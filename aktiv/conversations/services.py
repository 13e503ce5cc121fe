"""Periods and conversation records."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.dates import add_months, local_date
from aktiv.lib.validation import check_days, check_lengths
from aktiv.people.models import Person

from .models import ConversationRecord, Period

# A period is a year by default; a longer one is a typo (or worse), and would plan a follow-up
# and send an invitation for every month of it.
MAX_PERIOD_YEARS = 3


def _check_period_dates(starts_on: date, ends_on: date) -> None:
    check_days(starts_on=starts_on, ends_on=ends_on)
    if ends_on <= starts_on:
        raise ValidationError({"ends_on": _("Perioden må slutte etter at den starter.")})
    last = add_months(starts_on, 12 * MAX_PERIOD_YEARS) - timedelta(days=1)
    if ends_on > last:
        raise ValidationError(
            {
                "ends_on": _(
                    "En periode kan vare høyst %(years)s år. Velg en sluttdato senest %(last)s."
                )
                % {"years": MAX_PERIOD_YEARS, "last": local_date(last, "j. F Y")}
            }
        )


@transaction.atomic
def period_create(
    *,
    name: str,
    starts_on: date,
    ends_on: date,
    followup_interval_months: int,
    reminder_days_before: int,
    actor: Person,
) -> Period:
    """HR opens a period; every current leader–employee pair gets its record."""
    check_lengths(Period, name=name)
    _check_period_dates(starts_on, ends_on)
    overlapping = Period.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if overlapping.exists():
        raise ValidationError(
            _("Perioden overlapper med «%(name)s».") % {"name": overlapping.first()}
        )
    period = Period.objects.create(
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        followup_interval_months=followup_interval_months,
        reminder_days_before=reminder_days_before,
        created_by=actor,
    )
    records_ensure(period)
    action_log(actor=actor, action="period_create", obj=period)
    return period


def records_for_people(people: list[Person]) -> None:
    """The current period's records of the pairs these people are in, as employee or as
    leader (lib.hooks: HR added, moved or reactivated them)."""
    period = Period.objects.current()
    if period is not None:
        records_ensure(period, people=people)


def records_ensure(
    period: Period, leader: Person | None = None, people: list[Person] | None = None
) -> int:
    """A record for every active person with an active leader (only this leader's people,
    when given, so a leader's page does not walk the whole organisation); returns how many
    were new."""
    employees = Person.objects.filter(is_active=True, leader__is_active=True)
    records = ConversationRecord.objects.filter(period=period)
    if leader is not None:
        employees, records = employees.filter(leader=leader), records.filter(leader=leader)
    if people is not None:
        ids = [person.pk for person in people]
        employees = employees.filter(Q(pk__in=ids) | Q(leader__in=ids))
        records = records.filter(Q(employee__in=ids) | Q(leader__in=ids))
    pairs = employees.values_list("pk", "leader_id")
    existing = set(records.values_list("employee_id", "leader_id"))
    new = [
        ConversationRecord(period=period, employee_id=employee, leader_id=leader)
        for employee, leader in pairs
        if (employee, leader) not in existing
    ]
    ConversationRecord.objects.bulk_create(new)
    return len(new)


def record_for(employee: Person, period: Period | None = None) -> ConversationRecord | None:
    """The employee's record with their current leader in the period (made when the leader
    has changed since the period began)."""
    period = period or Period.objects.current()
    if period is None or employee.leader is None or not employee.leader.is_active:
        return None
    record, _ = ConversationRecord.objects.get_or_create(
        period=period, employee=employee, leader=employee.leader
    )
    return record
