"""HR's participation figures per unit (PRODUCT.md 2.5): how many have agreed goals, held
follow-ups and a confirmed evaluation in the period. Counts and dates only, never content,
and only for units the anonymity gate lets through."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db.models import Count, Max, Q

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.lib.anonymity import configured_threshold, gate
from aktiv.people.models import Unit
from aktiv.people.units import build_tree


@dataclass(frozen=True)
class UnitParticipation:
    unit: Unit
    depth: int
    shown: bool
    people: int
    goals_agreed: int
    followed_up: int
    follow_ups_held: int
    last_follow_up: datetime | None
    evaluations_confirmed: int


def participation(period: Period, threshold: int | None = None) -> list[UnitParticipation]:
    units = list(Unit.objects.all())
    records = list(
        ConversationRecord.objects.filter(period=period, employee__is_active=True)
        .values("employee_id", "employee__unit_id")
        .annotate(
            agreed=Count("goals", filter=Q(goals__state="agreed"), distinct=True),
            held=Count("follow_ups", filter=Q(follow_ups__status="held"), distinct=True),
            last_held=Max("follow_ups__held_at"),
            confirmed=Count(
                "evaluation",
                filter=Q(
                    evaluation__employee_confirmed_at__isnull=False,
                    evaluation__leader_confirmed_at__isnull=False,
                ),
            ),
        )
    )
    parents = {u.pk: u.parent_id for u in units}
    direct: dict[int, set[int]] = defaultdict(set)
    for row in records:
        if row["employee__unit_id"] is not None:
            direct[row["employee__unit_id"]].add(row["employee_id"])
    # Unit ids are ints; the gate takes any hashable ids (Mapping keys are invariant).
    result = gate(cast(Any, parents), cast(Any, direct), threshold or configured_threshold())

    rows = []
    for node in build_tree(units):
        unit, below = node.unit, set(node.descendant_ids)
        mine = [r for r in records if r["employee__unit_id"] in below]
        shown = result.allows(unit.pk)
        held_dates = [r["last_held"] for r in mine if r["last_held"]]
        rows.append(
            UnitParticipation(
                unit=unit,
                depth=node.depth,
                shown=shown,
                people=len({r["employee_id"] for r in mine}) if shown else 0,
                goals_agreed=sum(1 for r in mine if r["agreed"]) if shown else 0,
                followed_up=sum(1 for r in mine if r["held"]) if shown else 0,
                follow_ups_held=sum(r["held"] for r in mine) if shown else 0,
                last_follow_up=max(held_dates) if shown and held_dates else None,
                evaluations_confirmed=sum(1 for r in mine if r["confirmed"]) if shown else 0,
            )
        )
    return rows
