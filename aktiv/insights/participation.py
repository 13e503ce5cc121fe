"""HR's participation figures per unit and per leader (PRODUCT.md 2.5): how many have agreed
goals, held follow-ups and a confirmed evaluation in the period. Counts and dates only, never
content. Participation describes the leader's practice (whether the conversations took place),
not anyone's answers, so it is shown per leader and per unit without the anonymity gate
(PRODUCT.md section 3); everything about answers stays gated."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree


@dataclass(frozen=True)
class Practice:
    """How the conversations of a group of pairs went: counts and the last date only."""

    people: int
    goals_agreed: int
    followed_up: int
    follow_ups_held: int
    last_follow_up: datetime | None
    evaluations_confirmed: int


@dataclass(frozen=True)
class UnitParticipation:
    unit: Unit
    depth: int
    practice: Practice


@dataclass(frozen=True)
class LeaderParticipation:
    leader: Person
    practice: Practice


def _records(period: Period, db: str) -> list[dict[str, Any]]:
    """One row per record of the period (active employees): the counts of its goals agreed,
    follow-ups held and whether its evaluation is confirmed. One query."""
    return list(
        ConversationRecord.objects.using(db)
        .filter(period=period, employee__is_active=True)
        .values("employee_id", "employee__unit_id", "leader_id")
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


def _practice(records: list[dict[str, Any]]) -> Practice:
    held_dates = [r["last_held"] for r in records if r["last_held"]]
    return Practice(
        people=len({r["employee_id"] for r in records}),
        goals_agreed=len({r["employee_id"] for r in records if r["agreed"]}),
        followed_up=len({r["employee_id"] for r in records if r["held"]}),
        follow_ups_held=sum(r["held"] for r in records),
        last_follow_up=max(held_dates) if held_dates else None,
        evaluations_confirmed=len({r["employee_id"] for r in records if r["confirmed"]}),
    )


def participation(period: Period, *, db: str = "default") -> list[UnitParticipation]:
    """Per unit, with the units below it, in tree order (read from the database `db`)."""
    by_unit: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in _records(period, db):
        by_unit[record["employee__unit_id"]].append(record)
    rows = []
    for node in build_tree(Unit.objects.using(db)):
        mine = [record for unit in node.descendant_ids for record in by_unit.get(unit, ())]
        rows.append(UnitParticipation(node.unit, node.depth, _practice(mine)))
    return rows


def participation_by_leader(period: Period, *, db: str = "default") -> list[LeaderParticipation]:
    """Per leader with records in the period: the conversations of their pairs."""
    by_leader: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for record in _records(period, db):
        by_leader[record["leader_id"]].append(record)
    leaders = Person.objects.using(db).in_bulk(list(by_leader))
    rows = [LeaderParticipation(leaders[pk], _practice(rows)) for pk, rows in by_leader.items()]
    return sorted(rows, key=lambda row: row.leader.full_name)
