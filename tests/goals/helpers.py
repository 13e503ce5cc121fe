"""Set-up shared by the goal tests and the permission matrix: a current period with a
record for every pair, and personal goals brought to a state the way the two would."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from aktiv.conversations.goals import services
from aktiv.conversations.models import ConversationRecord, Period
from aktiv.conversations.services import period_create
from aktiv.goals.models import PersonalGoal
from aktiv.people.models import Person

from ..conftest import Org


def open_period(org: Org) -> Period:
    year = timezone.localdate().year
    return period_create(
        name=str(year),
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
        followup_interval_months=1,
        reminder_days_before=3,
        actor=org.hr,
    )


def record_of(period: Period, employee: Person) -> ConversationRecord:
    return ConversationRecord.objects.select_related("employee", "leader", "period").get(
        period=period, employee=employee
    )


def goal_fields(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "professional",
        "title": "Lære universell utforming",
        "description": "Ta kurs og bruke det i to prosjekter.",
        "success_measure": "To prosjekter er gjennomgått.",
        "serves": None,
    } | overrides


def personal_goal(record: ConversationRecord, state: str = "draft", **fields: Any) -> PersonalGoal:
    """A goal brought to `state` the way the two would get it there."""
    goal = services.personal_goal_create(
        record=record, actor=record.employee, **goal_fields(**fields)
    )
    if state in ("proposed", "agreed"):
        services.personal_goal_propose(goal=goal, actor=record.employee)
    if state == "agreed":
        services.personal_goal_agree(goal=goal, actor=record.leader)
    return goal
