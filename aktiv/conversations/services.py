"""Periods and conversation records."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.people.models import Person

from .models import ConversationRecord, Period


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
    if ends_on <= starts_on:
        raise ValidationError(_("Perioden må slutte etter at den starter."))
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


def records_ensure(period: Period, leader: Person | None = None) -> int:
    """A record for every active person with an active leader (only this leader's people,
    when given, so a leader's page does not walk the whole organisation); returns how many
    were new."""
    people = Person.objects.filter(is_active=True, leader__is_active=True)
    records = ConversationRecord.objects.filter(period=period)
    if leader is not None:
        people, records = people.filter(leader=leader), records.filter(leader=leader)
    pairs = people.values_list("pk", "leader_id")
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
