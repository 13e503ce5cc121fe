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

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Greatest, TruncMonth
from django.utils import timezone

from aktiv.conversations.models import Evaluation, FollowUp, Period
from aktiv.expectations.services import (
    UnitAcknowledgements,
    acknowledgement_figures,
    current_published,
)
from aktiv.goals.models import PersonalGoal
from aktiv.lib.concurrency import one_at_a_time
from aktiv.lib.dates import add_months
from aktiv.lib.numbers import percent
from aktiv.people.models import Person, Unit

from .models import MonthFigure
from .participation import NOTHING, computed, organisation_total, unit_rows

MONTHS = 12
# Two workers' sweeps store the months one after the other (lib/concurrency.py).
MONTHS_LOCK = "insights.MonthFigure"


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
    counted_at: datetime | None = None  # when the sweep counted the months; None: just now

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


def month_figures_refresh(today: date | None = None) -> int:
    """The worker's sweep: count the last twelve months again and store them (three GROUP
    BY queries over the organisation, here instead of in HR's request)."""
    today = today or timezone.localdate()
    first = add_months(today.replace(day=1), -(MONTHS - 1))
    counts = _month_counts(first)
    now = timezone.now()
    with transaction.atomic():
        one_at_a_time(MONTHS_LOCK)
        MonthFigure.objects.all().delete()  # the twelve months are counted anew
        MonthFigure.objects.bulk_create(
            MonthFigure(
                month=month,
                follow_ups_held=counts.get(month, {}).get("held", 0),
                goals_agreed=counts.get(month, {}).get("agreed", 0),
                evaluations_confirmed=counts.get(month, {}).get("confirmed", 0),
                computed_at=now,
            )
            for month in (add_months(first, step) for step in range(MONTHS))
        )
    return MONTHS


def _months(first: date) -> tuple[dict[date, dict[str, int]], datetime | None]:
    """The stored counts of the twelve months from `first` and when they were counted, or
    counted now (and None) until the sweep has stored every one of them."""
    stored = list(MonthFigure.objects.filter(month__gte=first))
    if len({row.month for row in stored}) < MONTHS:
        return _month_counts(first), None
    counts: dict[date, dict[str, int]] = {
        row.month: {
            "held": row.follow_ups_held,
            "agreed": row.goals_agreed,
            "confirmed": row.evaluations_confirmed,
        }
        for row in stored
    }
    return counts, min(row.computed_at for row in stored)


def overview(today: date | None = None) -> Overview:
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    first = add_months(this_month, -(MONTHS - 1))
    counts, counted_at = _months(first)
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
    # The participation page's figures (people, not records), stored by the worker's sweep:
    # the two pages agree, and the cost does not grow with the organisation.
    total, rows = NOTHING, []
    if period is not None:
        # Until the worker has stored the period's figures, they are computed once, here.
        stored = organisation_total(period)
        now = computed(period) if stored is None else None
        total = now.total if now else stored or NOTHING
        rows = unit_rows(period, figures_now=now)
    units = [
        UnitLine(
            unit=row.unit,
            depth=row.depth,
            people=row.practice.people,
            goals_agreed=Share(row.practice.goals_agreed, row.practice.people),
            followed_up=Share(row.practice.followed_up, row.practice.people),
            evaluations_confirmed=Share(row.practice.evaluations_confirmed, row.practice.people),
        )
        for row in rows
    ]

    version = current_published()
    acknowledgements = (
        acknowledgement_figures(
            version, [(unit, 0, False) for unit in Unit.objects.filter(parent__isnull=True)]
        ).rows
        if version
        else []
    )
    return Overview(
        period=period,
        people=total.people,
        goals_agreed=Share(total.goals_agreed, total.people),
        followed_up=Share(total.followed_up, total.people),
        evaluations_confirmed=Share(total.evaluations_confirmed, total.people),
        held_this_month=months[-1].follow_ups_held,
        held_last_month=months[-2].follow_ups_held,
        months=months,
        units=units,
        acknowledgements=acknowledgements,
        never_signed_in=Person.objects.filter(is_active=True, last_login__isnull=True).count(),
        counted_at=counted_at,
    )
