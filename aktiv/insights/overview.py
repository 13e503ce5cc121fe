"""HR's start page at a glance (PRODUCT.md 2.5): is the practice happening? Goals agreed,
follow-ups held per month and evaluations confirmed, for the organisation and per unit at the
top of the tree, over the last twelve months; expectations acknowledged; who has not signed in
yet. Counts of whether conversations took place, never what was said; like the participation
page these describe the leaders' practice, and the one figure about people's own acts
(acknowledgements) comes from the gated rows of the expectations page. A fixed number of
queries whatever the size of the organisation: the heavy lifting is GROUP BY in the database."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Greatest, TruncMonth
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.expectations.services import (
    UnitAcknowledgements,
    acknowledgements_by_unit,
    current_published,
)
from aktiv.goals.models import PersonalGoal
from aktiv.lib.dates import add_months
from aktiv.lib.numbers import percent
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree

MONTHS = 12


@dataclass(frozen=True)
class Share:
    """`part` of `whole`, with the percentage rounded once, here, for every place it shows."""

    part: int
    whole: int

    @property
    def percent(self) -> int:
        return percent(self.part, self.whole)


@dataclass(frozen=True)
class Month:
    starts: date
    follow_ups_held: int
    goals_agreed: int
    evaluations_confirmed: int


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    depth: int
    people: int
    goals_agreed: Share
    followed_up: Share
    evaluations_confirmed: Share


@dataclass(frozen=True)
class Overview:
    period: Period | None
    people: int
    goals_agreed: Share
    followed_up: Share
    evaluations_confirmed: Share
    held_this_month: int
    held_last_month: int
    months: list[Month]
    units: list[UnitLine]
    acknowledgements: list[UnitAcknowledgements]
    never_signed_in: int

    @property
    def busiest_month(self) -> int:
        return max((m.follow_ups_held for m in self.months), default=0)


def _month_counts(first: date) -> dict[date, dict[str, int]]:
    """Follow-ups held, goals agreed and evaluations confirmed (both parties) per calendar
    month since `first`, three GROUP BY queries."""
    tz = timezone.get_current_timezone()
    since = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    counts: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    queries = {
        "held": FollowUp.objects.filter(status=FollowUp.Status.HELD, held_at__gte=since)
        .annotate(month=TruncMonth("held_at", tzinfo=tz))
        .values("month"),
        "agreed": PersonalGoal.objects.filter(state=PersonalGoal.State.AGREED, agreed_at__gte=since)
        .annotate(month=TruncMonth("agreed_at", tzinfo=tz))
        .values("month"),
        "confirmed": Evaluation.objects.filter(
            employee_confirmed_at__isnull=False, leader_confirmed_at__isnull=False
        )
        .annotate(at=Greatest("employee_confirmed_at", "leader_confirmed_at"))
        .filter(at__gte=since)
        .annotate(month=TruncMonth("at", tzinfo=tz))
        .values("month"),
    }
    for key, query in queries.items():
        for row in query.annotate(n=Count("pk")).order_by():
            month = row["month"]
            if isinstance(month, datetime):
                month = (
                    timezone.localtime(month, tz).date()
                    if timezone.is_aware(month)
                    else month.date()
                )
            counts[month.replace(day=1)][key] += row["n"]
    return counts


def _records_by_unit(period: Period) -> dict[int | None, dict[str, int]]:
    """Per the employee's unit: records (active employees) of the period and how many of them
    have an agreed goal, a follow-up held and a confirmed evaluation. One query; EXISTS keeps
    goals and follow-ups from multiplying the rows."""
    record = OuterRef("pk")
    rows = (
        ConversationRecord.objects.filter(period=period, employee__is_active=True)
        .values("employee__unit_id")
        .annotate(
            records=Count("pk"),
            agreed=Count(
                "pk",
                filter=Q(
                    Exists(
                        PersonalGoal.objects.filter(record=record, state=PersonalGoal.State.AGREED)
                    )
                ),
            ),
            held=Count(
                "pk",
                filter=Q(
                    Exists(FollowUp.objects.filter(record=record, status=FollowUp.Status.HELD))
                ),
            ),
            confirmed=Count(
                "pk",
                filter=Q(
                    Exists(
                        Evaluation.objects.filter(
                            record=record,
                            employee_confirmed_at__isnull=False,
                            leader_confirmed_at__isnull=False,
                        )
                    )
                ),
            ),
        )
        .order_by()
    )
    return {
        row["employee__unit_id"]: {k: row[k] for k in ("records", "agreed", "held", "confirmed")}
        for row in rows
    }


def overview(today: date | None = None) -> Overview:
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    first = add_months(this_month, -(MONTHS - 1))
    counts = _month_counts(first)
    months = []
    for step in range(MONTHS):
        starts = add_months(first, step)
        row = counts.get(starts, {})
        months.append(
            Month(
                starts=starts,
                follow_ups_held=row.get("held", 0),
                goals_agreed=row.get("agreed", 0),
                evaluations_confirmed=row.get("confirmed", 0),
            )
        )

    period = Period.objects.current(today) or Period.objects.filter(starts_on__lte=today).first()
    by_unit = _records_by_unit(period) if period else {}
    total = {
        k: sum(r[k] for r in by_unit.values()) for k in ("records", "agreed", "held", "confirmed")
    }
    # The top of the tree: the roots and the units right below them, each with everything below.
    units = []
    for node in build_tree(Unit.objects.all()):
        if node.depth > 1:
            continue
        sums = {
            k: sum(by_unit.get(uid, {}).get(k, 0) for uid in node.descendant_ids)
            for k in ("records", "agreed", "held", "confirmed")
        }
        units.append(
            UnitLine(
                unit=node.unit,
                depth=node.depth,
                people=sums["records"],
                goals_agreed=Share(sums["agreed"], sums["records"]),
                followed_up=Share(sums["held"], sums["records"]),
                evaluations_confirmed=Share(sums["confirmed"], sums["records"]),
            )
        )

    version = current_published()
    acknowledgements = (
        [row for row in acknowledgements_by_unit(version) if row.depth == 0] if version else []
    )
    return Overview(
        period=period,
        people=total.get("records", 0),
        goals_agreed=Share(total.get("agreed", 0), total.get("records", 0)),
        followed_up=Share(total.get("held", 0), total.get("records", 0)),
        evaluations_confirmed=Share(total.get("confirmed", 0), total.get("records", 0)),
        held_this_month=months[-1].follow_ups_held,
        held_last_month=months[-2].follow_ups_held,
        months=months,
        units=units,
        acknowledgements=acknowledgements,
        never_signed_in=Person.objects.filter(is_active=True, last_login__isnull=True).count(),
    )
