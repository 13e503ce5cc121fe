"""HR's participation figures per unit and per leader (PRODUCT.md 2.5): how many have agreed
goals, held follow-ups and a confirmed evaluation in the period. Counts and dates only, never
content. Participation describes the leader's practice (whether the conversations took place),
not anyone's answers, so it is shown per leader and per unit without the anonymity gate
(PRODUCT.md section 3); everything about answers stays gated.

The figures are precomputed per period by the worker's sweep (`participation_refresh`, every
few minutes): one row per unit (its people and those of every unit below it) and one per
leader (their pairs). The page
and the export read those rows, so their cost does not grow with the number of people,
goals or follow-ups; the page says when the figures were computed. Until the worker has run
once for a period, the same figures are computed while the page waits (a GET writes
nothing)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.lib.concurrency import one_at_a_time
from aktiv.people.models import Person, Unit
from aktiv.people.units import build_tree, top_of_tree

from .models import ParticipationFigure, ParticipationRefresh

# Two workers' sweeps replace a period's rows one after the other (lib/concurrency.py).
PARTICIPATION_LOCK = "insights.ParticipationFigure"


@dataclass(frozen=True)
class Practice:
    """How the conversations of a group of pairs went: counts and the last date only."""

    people: int
    goals_agreed: int
    followed_up: int
    follow_ups_held: int
    last_follow_up: datetime | None
    evaluations_confirmed: int

    @classmethod
    def total(cls, parts: Iterable[Practice]) -> Practice:
        """Groups of different people (units never share a person) add up."""
        items = list(parts)
        dates = [part.last_follow_up for part in items if part.last_follow_up]
        return cls(
            people=sum(part.people for part in items),
            goals_agreed=sum(part.goals_agreed for part in items),
            followed_up=sum(part.followed_up for part in items),
            follow_ups_held=sum(part.follow_ups_held for part in items),
            last_follow_up=max(dates) if dates else None,
            evaluations_confirmed=sum(part.evaluations_confirmed for part in items),
        )


NOTHING = Practice(0, 0, 0, 0, None, 0)


@dataclass(frozen=True)
class UnitParticipation:
    unit: Unit
    depth: int
    practice: Practice
    has_children: bool = False
    opened: bool = False  # its children are shown below it


@dataclass(frozen=True)
class LeaderParticipation:
    leader: Person
    practice: Practice


@dataclass
class _Pair:
    employee: int
    unit: int | None
    leader: int
    agreed: bool = False
    held: int = 0
    last_held: datetime | None = None
    confirmed: bool = False


def _pairs(period: Period, db: str) -> list[_Pair]:
    """The period's records (active employees) with what happened in each: four grouped
    queries, none joining goals to follow-ups."""
    pairs = {
        pk: _Pair(employee, unit, leader)
        for pk, employee, unit, leader in ConversationRecord.objects.using(db)
        .filter(period=period, employee__is_active=True)
        .values_list("pk", "employee_id", "employee__unit_id", "leader_id")
    }
    agreed = PersonalGoal.objects.using(db).filter(record__period=period, state="agreed")
    for record in agreed.values_list("record_id", flat=True).distinct():
        if record in pairs:
            pairs[record].agreed = True
    held = (
        FollowUp.objects.using(db)
        .filter(record__period=period, status="held")
        .values("record_id")
        .annotate(n=Count("pk"), last=Max("held_at"))
    )
    for row in held:
        if pair := pairs.get(row["record_id"]):
            pair.held, pair.last_held = row["n"], row["last"]
    confirmed = Evaluation.objects.using(db).filter(
        Q(record__period=period),
        employee_confirmed_at__isnull=False,
        leader_confirmed_at__isnull=False,
    )
    for record in confirmed.values_list("record_id", flat=True):
        if record in pairs:
            pairs[record].confirmed = True
    return list(pairs.values())


def _practice(pairs: list[_Pair]) -> Practice:
    """People are counted once however many records (leaders) they had in the period."""
    dates = [pair.last_held for pair in pairs if pair.last_held]
    return Practice(
        people=len({pair.employee for pair in pairs}),
        goals_agreed=len({pair.employee for pair in pairs if pair.agreed}),
        followed_up=len({pair.employee for pair in pairs if pair.held}),
        follow_ups_held=sum(pair.held for pair in pairs),
        last_follow_up=max(dates) if dates else None,
        evaluations_confirmed=len({pair.employee for pair in pairs if pair.confirmed}),
    )


@dataclass(frozen=True)
class Computed:
    """The period's figures: per unit (its own people only) and per leader."""

    units: dict[int, Practice]
    leaders: dict[int, Practice]
    at: datetime | None  # when the worker computed them; None: just now, for this page
    total: Practice = NOTHING  # everyone with a record, in a unit or not


def computed(period: Period, db: str = "default") -> Computed:
    """Per unit with every unit below it (summed once here, so a page showing a few units
    reads a few rows) and per leader."""
    by_unit: dict[int, list[_Pair]] = defaultdict(list)
    by_leader: dict[int, list[_Pair]] = defaultdict(list)
    pairs_of_period = _pairs(period, db)
    for pair in pairs_of_period:
        if pair.unit is not None:
            by_unit[pair.unit].append(pair)
        by_leader[pair.leader].append(pair)
    own = {unit: _practice(pairs) for unit, pairs in by_unit.items()}
    units = {}
    for node in build_tree(Unit.objects.using(db).only("pk", "name", "parent_id")):
        parts = [own[unit] for unit in node.descendant_ids if unit in own]
        if parts:
            units[node.unit.pk] = Practice.total(parts)
    return Computed(
        units,
        {leader: _practice(pairs) for leader, pairs in by_leader.items()},
        None,
        _practice(pairs_of_period),
    )


def _fields(practice: Practice) -> dict[str, object]:
    return {
        "people": practice.people,
        "goals_agreed": practice.goals_agreed,
        "followed_up": practice.followed_up,
        "follow_ups_held": practice.follow_ups_held,
        "last_follow_up": practice.last_follow_up,
        "evaluations_confirmed": practice.evaluations_confirmed,
    }


@transaction.atomic
def participation_refresh(period: Period) -> int:
    """Compute the period's figures and replace the stored ones (the worker's sweep).
    Returns how many rows were stored."""
    one_at_a_time(PARTICIPATION_LOCK)
    figures = computed(period)
    ParticipationFigure.objects.filter(period=period).delete()
    rows = [
        ParticipationFigure(period=period, unit_id=unit, **_fields(practice))
        for unit, practice in figures.units.items()
    ] + [
        ParticipationFigure(period=period, leader_id=leader, **_fields(practice))
        for leader, practice in figures.leaders.items()
    ]
    ParticipationFigure.objects.bulk_create(rows, batch_size=2000)
    ParticipationRefresh.objects.update_or_create(
        period=period, defaults={"computed_at": timezone.now(), **_fields(figures.total)}
    )
    return len(rows)


def current_participation_refresh() -> int:
    period = Period.objects.current()
    return participation_refresh(period) if period else 0


def stored(period: Period, db: str = "default") -> Computed:
    """The worker's figures for the period, or computed now when it has not run yet."""
    refresh = ParticipationRefresh.objects.using(db).filter(period=period).first()
    if refresh is None:
        return computed(period, db)
    units: dict[int, Practice] = {}
    leaders: dict[int, Practice] = {}
    for row in ParticipationFigure.objects.using(db).filter(period=period):
        practice = _practice_of(row)
        if row.unit_id is not None:
            units[row.unit_id] = practice
        elif row.leader_id is not None:
            leaders[row.leader_id] = practice
    return Computed(units, leaders, refresh.computed_at)


def organisation_total(period: Period, db: str = "default") -> Practice | None:
    """Everyone with a record in the period, as the worker stored it (None: not yet)."""
    refresh = ParticipationRefresh.objects.using(db).filter(period=period).first()
    return _practice_of(refresh) if refresh is not None else None


def participation(
    period: Period, *, db: str = "default", figures: Computed | None = None
) -> list[UnitParticipation]:
    """Per unit, with the units below it, in tree order (read from the database `db`)."""
    figures = figures or stored(period, db)
    return [
        UnitParticipation(node.unit, node.depth, figures.units.get(node.unit.pk, NOTHING))
        for node in build_tree(Unit.objects.using(db))
    ]


def participation_by_leader(
    period: Period, *, db: str = "default", figures: Computed | None = None
) -> list[LeaderParticipation]:
    """Per leader with records in the period: the conversations of their pairs."""
    figures = figures or stored(period, db)
    leaders = Person.objects.using(db).only("pk", "full_name").in_bulk(list(figures.leaders))
    rows = [
        LeaderParticipation(leaders[pk], practice)
        for pk, practice in figures.leaders.items()
        if pk in leaders
    ]
    return sorted(rows, key=lambda row: row.leader.full_name)


def _practice_of(row: ParticipationFigure | ParticipationRefresh) -> Practice:
    """A stored row's counts (a unit's, a leader's, or the whole organisation's)."""
    return Practice(
        row.people,
        row.goals_agreed,
        row.followed_up,
        row.follow_ups_held,
        row.last_follow_up,
        row.evaluations_confirmed,
    )


def _is_stored(period: Period, db: str) -> bool:
    return computed_at(period, db) is not None


def unit_rows(
    period: Period,
    *,
    db: str = "default",
    top: Unit | None = None,
    figures_now: Computed | None = None,
) -> list[UnitParticipation]:
    """The page's unit rows: the roots and their children, or `top` and its children; each
    says whether it has units below it. A constant number of queries however large the
    organisation (until the worker has run once, the figures are computed now)."""
    shown, several_tops = top_of_tree(top, db)
    ids = [unit.pk for unit, _depth, _below in shown]
    figures: dict[int, Practice]
    if figures_now is not None:
        figures = figures_now.units
    elif _is_stored(period, db):
        figures = {
            row.unit_id: _practice_of(row)
            for row in ParticipationFigure.objects.using(db).filter(period=period, unit_id__in=ids)
            if row.unit_id is not None
        }
    else:
        figures = computed(period, db).units
    # This page has no row for the whole organisation above several top units.
    shift = 1 if several_tops else 0
    return [
        UnitParticipation(
            unit,
            depth - shift,
            figures.get(unit.pk, NOTHING),
            has_children=below,
            opened=unit.pk == top.pk if top else unit.parent_id is None,
        )
        for unit, depth, below in shown
    ]


LEADERS_PER_PAGE = 50


def leader_page(
    period: Period, *, db: str = "default", query: str = "", number: str | int | None = 1
) -> Page[LeaderParticipation]:
    """One page of leaders (50), by name, those whose name contains `query`: a count and
    one page of rows, however many leaders there are."""
    query = query.strip()
    rows: Sequence[LeaderParticipation]
    if _is_stored(period, db):
        found = (
            ParticipationFigure.objects.using(db)
            .filter(period=period, leader__isnull=False)
            .select_related("leader")
            .only(*PRACTICE_FIELDS, "leader_id", "leader__full_name")
            .order_by("leader__full_name", "pk")
        )
        if query:
            found = found.filter(leader__full_name__icontains=query)
        rows = _Leaders(found)
    else:
        rows = [
            row
            for row in participation_by_leader(period, db=db, figures=computed(period, db))
            if query.casefold() in row.leader.full_name.casefold()
        ]
    return Paginator(rows, LEADERS_PER_PAGE).get_page(number)


PRACTICE_FIELDS = (
    "people",
    "goals_agreed",
    "followed_up",
    "follow_ups_held",
    "last_follow_up",
    "evaluations_confirmed",
)


class _Leaders(Sequence[LeaderParticipation]):
    """Stored leader rows as `LeaderParticipation`, sliced and counted in the database."""

    def __init__(self, found: QuerySet[ParticipationFigure]) -> None:
        self.found = found

    def count(self, value: object = None) -> int:  # Paginator asks for count()
        return self.found.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> LeaderParticipation: ...
    @overload
    def __getitem__(self, index: slice) -> list[LeaderParticipation]: ...
    def __getitem__(self, index: int | slice) -> LeaderParticipation | list[LeaderParticipation]:
        if isinstance(index, slice):
            return [
                LeaderParticipation(row.leader, _practice_of(row))  # type: ignore[arg-type]
                for row in self.found[index]
            ]
        row = self.found[index]
        return LeaderParticipation(row.leader, _practice_of(row))  # type: ignore[arg-type]


def computed_at(period: Period, db: str = "default") -> datetime | None:
    """When the worker last computed the period's figures (None: not yet)."""
    refresh = ParticipationRefresh.objects.using(db).filter(period=period).first()
    return refresh.computed_at if refresh else None
