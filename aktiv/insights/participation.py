"""HR's participation figures per unit and per leader (PRODUCT.md 2.5): how many have agreed
goals, held follow-ups and a confirmed evaluation in the period. Counts and dates only, never
content. Participation describes the leader's practice (whether the conversations took place),
not anyone's answers, so it is shown per leader and per unit without the anonymity gate
(PRODUCT.md section 3); everything about answers stays gated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.people.models import Person, Unit
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


def participation(period: Period) -> list[UnitParticipation]:
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
    rows = []
    for node in build_tree(units):
        unit, below = node.unit, set(node.descendant_ids)
        mine = [r for r in records if r["employee__unit_id"] in below]
        shown = True
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


@dataclass(frozen=True)
class LeaderParticipation:
    leader: Person
    people: int
    goals_agreed: int
    followed_up: int
    follow_ups_held: int
    last_follow_up: datetime | None
    evaluations_confirmed: int


def participation_by_leader(period: Period) -> list[LeaderParticipation]:
    """One row per leader with records in the period: the conversations of their pairs."""
    rows = (
        ConversationRecord.objects.filter(period=period, employee__is_active=True)
        .values("leader_id")
        .annotate(
            people=Count("employee", distinct=True),
            goals_agreed=Count("employee", filter=Q(goals__state="agreed"), distinct=True),
            followed_up=Count("employee", filter=Q(follow_ups__status="held"), distinct=True),
            follow_ups_held=Count("follow_ups", filter=Q(follow_ups__status="held"), distinct=True),
            last_follow_up=Max("follow_ups__held_at"),
            evaluations_confirmed=Count(
                "employee",
                filter=Q(
                    evaluation__employee_confirmed_at__isnull=False,
                    evaluation__leader_confirmed_at__isnull=False,
                ),
                distinct=True,
            ),
        )
    )
    leaders = Person.objects.in_bulk([row["leader_id"] for row in rows])
    found = [LeaderParticipation(leader=leaders[row.pop("leader_id")], **row) for row in rows]
    return sorted(found, key=lambda row: row.leader.full_name)
