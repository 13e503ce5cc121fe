"""Writes to the organisation's and units' goals (seed 003, phase 1: "kritt opp banen").
Each checks who may do it and validates first, then saves in one transaction, so a refused
change leaves nothing behind. Personal goals: aktiv/conversations/goals/services.py."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.conversations.models import Period
from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person, Unit

from .models import Goal


def check_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError(_("Skriv målet."))
    return title


# Organisation and unit goals ------------------------------------------------------------


def _check_author(actor: Person, level: str, unit: Unit | None) -> None:
    if level == Goal.Level.ORGANISATION:
        if not actor.is_hr:
            raise ValidationError(_("Bare HR kan skrive organisasjonens mål."))
    elif unit is None or unit.pk != actor.unit_id or not actor.is_leader:
        raise ValidationError(_("Bare lederen i enheten kan skrive enhetens mål."))


def _check_parent(period: Period, level: str, parent: Goal | None) -> None:
    if parent is None:
        return
    if level != Goal.Level.UNIT:
        raise ValidationError(_("Bare enhetsmål kan ligge under et organisasjonsmål."))
    if parent.level != Goal.Level.ORGANISATION or parent.period_id != period.pk:
        raise ValidationError(_("Velg et av organisasjonens mål for samme periode."))


def goal_parents(period: Period) -> list[Goal]:
    """The organisation goals a unit goal may sit under."""
    return list(Goal.objects.filter(period=period, level=Goal.Level.ORGANISATION))


@transaction.atomic
def goal_create(
    *,
    period: Period,
    actor: Person,
    level: str,
    title: str,
    description: str = "",
    unit: Unit | None = None,
    parent: Goal | None = None,
) -> Goal:
    """HR writes an organisation goal; a leader writes a goal for their own unit."""
    _check_author(actor, level, unit)
    _check_parent(period, level, parent)
    title = check_title(title)
    check_lengths(Goal, title=title, description=description)
    goal = Goal.objects.create(
        period=period,
        level=level,
        unit=unit if level == Goal.Level.UNIT else None,
        parent=parent,
        title=title,
        description=description,
        created_by=actor,
    )
    action_log(actor=actor, action="goal_create", obj=goal)
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, actor: Person, title: str, description: str = "", parent: Goal | None = None
) -> Goal:
    _check_author(actor, goal.level, goal.unit)
    _check_parent(goal.period, goal.level, parent)
    goal.title = check_title(title)
    check_lengths(Goal, title=goal.title, description=description)
    goal.description = description
    goal.parent = parent
    goal.save()
    action_log(actor=actor, action="goal_update", obj=goal)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor: Person) -> None:
    """Unit goals under it and personal goals serving it lose the link, not themselves; the
    personal goals' history still names the goal they served."""
    _check_author(actor, goal.level, goal.unit)
    action_log(actor=actor, action="goal_delete", obj=goal)
    goal.delete()
