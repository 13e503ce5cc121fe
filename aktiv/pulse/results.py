"""Pulse figures and sick leave per unit, through the one anonymity gate (lib/anonymity.py).

A round's figures are shown only once it has closed: its answers never change after that, and
each answer counts in the unit its respondent belonged to when they answered, so moving or
deactivating people changes no figure (the differencing rules, PRODUCT.md section 3). The gate
sees a round's answers as the unit's respondents; it hides units with fewer than k, and any
unit whose figure could be worked out by subtraction.

Sick leave is health data (GDPR art. 9): a unit's figure is shown only when the gate, fed with
the unit's people today (its head count), lets the unit through. Everything is read in a few
queries and computed in Python; no query per unit or per round."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from aktiv.lib.anonymity import Gate, configured_threshold, gate
from aktiv.lib.numbers import to_one_decimal
from aktiv.people.models import Person, Unit, UnitMove
from aktiv.people.units import UnitNode, build_tree, end_of, units_at

from . import definitions
from .models import Answer, Round, SickLeave

ORGANISATION = "organisation"
Key = Any  # a unit's pk, or ORGANISATION


@dataclass
class Sums:
    """What a group's answers add up to: respondents, and per driver [sum, item answers]."""

    respondents: int = 0
    drivers: dict[str, list[int]] = field(default_factory=dict)

    def add_answer(self, pulse: definitions.Pulse, values: dict[str, int]) -> None:
        self.respondents += 1
        for driver in pulse.drivers:
            cells = self.drivers.setdefault(driver.key, [0, 0])
            for item in driver.items:
                if isinstance(values.get(item.key), int):
                    cells[0] += values[item.key]
                    cells[1] += 1

    def add(self, other: Sums) -> None:
        self.respondents += other.respondents
        for key, (total, count) in other.drivers.items():
            cells = self.drivers.setdefault(key, [0, 0])
            cells[0] += total
            cells[1] += count

    def means(self) -> dict[str, float]:
        return {k: to_one_decimal(t / n) for k, (t, n) in self.drivers.items() if n}


@dataclass(frozen=True)
class UnitPulse:
    key: Key
    name: str
    depth: int
    shown: bool
    respondents: int  # 0 when hidden
    means: dict[str, float]  # driver key → mean; empty when hidden
    cells: tuple[float | None, ...]  # the means in the pulse's order of drivers


@dataclass(frozen=True)
class RoundFigures:
    round: Round
    pulse: definitions.Pulse
    rows: list[UnitPulse]  # the organisation first, then the unit tree

    def row(self, key: Key) -> UnitPulse | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[Key, UnitPulse]:
        # Looked up once per unit on the pages: a scan each time was quadratic in the units.
        return {row.key: row for row in self.rows}

    @property
    def organisation(self) -> UnitPulse:
        return self.rows[0]


def _parents(nodes: list[UnitNode]) -> dict[Key, Key]:
    parents: dict[Key, Key] = {n.unit.pk: n.unit.parent_id or ORGANISATION for n in nodes}
    known = set(parents)
    for unit, parent in parents.items():
        if parent not in known:
            parents[unit] = ORGANISATION
    parents[ORGANISATION] = None
    return parents


def _subtree_sums(nodes: list[UnitNode], direct: dict[Key, Sums]) -> dict[Key, Sums]:
    totals: dict[Key, Sums] = {}
    for node in nodes:
        total = Sums()
        for pk in node.descendant_ids:
            if pk in direct:
                total.add(direct[pk])
        totals[node.unit.pk] = total
    whole = Sums()
    for group in direct.values():
        whole.add(group)
    totals[ORGANISATION] = whole
    return totals


def _rows(
    pulse: definitions.Pulse, nodes: list[UnitNode], totals: dict[Key, Sums], result: Gate
) -> list[UnitPulse]:
    def row(key: Key, name: str, depth: int) -> UnitPulse:
        if not result.allows(key):
            return UnitPulse(key, name, depth, False, 0, {}, tuple(None for _ in pulse.drivers))
        means = totals[key].means()
        cells = tuple(means.get(d.key) for d in pulse.drivers)
        return UnitPulse(key, name, depth, True, totals[key].respondents, means, cells)

    return [row(ORGANISATION, _("Hele organisasjonen"), 0)] + [
        row(n.unit.pk, n.unit.name, n.depth + 1) for n in nodes
    ]


def round_figures(
    rounds: Iterable[Round], *, threshold: int | None = None, nodes: list[UnitNode] | None = None
) -> dict[int, RoundFigures]:
    """Each round's figures per unit and for the organisation, gated: two queries in all."""
    k = threshold or configured_threshold()
    chosen = {r.pk: r for r in rounds}
    if not chosen:
        return {}  # no closed round: no figures, and no need to read the unit tree
    nodes = build_tree(Unit.objects.all()) if nodes is None else nodes
    known = {n.unit.pk for n in nodes}
    parents = _parents(nodes)
    direct: dict[int, dict[Key, Sums]] = defaultdict(dict)
    people: dict[int, dict[Key, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for answer_id, round_id, unit_id, values in Answer.objects.filter(
        round_id__in=chosen
    ).values_list("id", "round_id", "unit_id", "values"):
        key = unit_id if unit_id in known else ORGANISATION
        pulse = definitions.get(chosen[round_id].pulse_version)
        direct[round_id].setdefault(key, Sums()).add_answer(pulse, values)
        people[round_id][key].add(answer_id)
    # A unit moved after a round closed still counts where it was then: the round's figures
    # never change (a small unit moved between two shown parents would reveal its answers).
    ends = {round_id: end_of(round_.closes_on) for round_id, round_ in chosen.items()}
    moved = list(
        UnitMove.objects.filter(moved_at__gte=min(ends.values())).values_list("moved_at", flat=True)
    )
    figures = {}
    for round_id, round_ in chosen.items():
        drawn, round_parents = nodes, parents
        if any(at >= ends[round_id] for at in moved):
            drawn = build_tree(units_at(ends[round_id]))
            round_parents = _parents(drawn)
        result = gate(round_parents, people[round_id], k)
        totals = _subtree_sums(
            drawn, {k_: v for k_, v in direct[round_id].items() if k_ != ORGANISATION}
        )
        totals[ORGANISATION].add(direct[round_id].get(ORGANISATION, Sums()))
        pulse = definitions.get(round_.pulse_version)
        figures[round_id] = RoundFigures(round_, pulse, _rows(pulse, nodes, totals, result))
    return figures


def closed_rounds(today: date) -> list[Round]:
    """Rounds that have closed, newest first: the only ones with figures."""
    return list(Round.objects.closed_before(today).prefetch_related("units"))


# The leader's team ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DriverChange:
    driver: definitions.Driver
    mean: float
    change: float | None  # since the previous round, when both were shown
    low: bool
    sessions: list[Any]


@dataclass(frozen=True)
class TeamPulse:
    unit: Unit
    latest: RoundFigures | None
    previous: RoundFigures | None
    shown: bool
    respondents: int
    drivers: list[DriverChange]

    @property
    def low_drivers(self) -> list[DriverChange]:
        return [d for d in self.drivers if d.low]


LOW_BELOW = 3.5


def team_units(leader: Person) -> list[Unit]:
    """The units the leader's direct reports belong to (the leader's team, as the pulse knows
    it: answers carry a unit, never a person or a leader)."""
    ids = set(leader.active_direct_reports().exclude(unit=None).values_list("unit_id", flat=True))
    return list(Unit.objects.filter(pk__in=ids).order_by("name"))


def _covers(round_: Round, ancestry: set[int]) -> bool:
    """The round asked the unit: everyone, or a unit at or above it."""
    chosen = {u.pk for u in round_.units.all()}
    return not chosen or bool(chosen & ancestry)


def ancestry(units: list[Unit]) -> dict[int, set[int]]:
    """Each unit's own id and its ancestors', a query per level (not the whole tree)."""
    parents: dict[int, int | None] = {unit.pk: unit.parent_id for unit in units}
    frontier = {p for p in parents.values() if p is not None and p not in parents}
    while frontier:
        found = dict(Unit.objects.filter(pk__in=frontier).values_list("pk", "parent_id"))
        for pk in frontier:
            parents[pk] = found.get(pk)  # a parent that is gone ends the walk there
        frontier = {p for p in found.values() if p is not None and p not in parents}
    result = {}
    for unit in units:
        seen: set[int] = set()
        at: int | None = unit.pk
        while at is not None and at not in seen:
            seen.add(at)
            at = parents.get(at)
        result[unit.pk] = seen
    return result


def team_pulse(
    leader: Person,
    today: date,
    sessions: dict[str, Any],
    *,
    rounds: list[Round] | None = None,
    figures: dict[int, RoundFigures] | None = None,
) -> list[TeamPulse]:
    """The leader's team units in the latest two closed rounds that asked them. `figures`:
    the rounds' figures for these units at least (stored ones, from the view)."""
    units = team_units(leader)
    rounds = closed_rounds(today) if rounds is None else rounds
    if figures is None:
        figures = round_figures(rounds)
    lineage = ancestry(units)
    result = []
    for unit in units:
        covering = [figures[r.pk] for r in rounds if _covers(r, lineage[unit.pk])][:2]
        latest = covering[0] if covering else None
        previous = covering[1] if len(covering) > 1 else None
        row = latest.row(unit.pk) if latest else None
        before = previous.row(unit.pk) if previous else None
        drivers = []
        if latest is not None and row is not None and row.shown:
            lowest = min(row.means.values(), default=None)
            for driver in latest.pulse.drivers:
                mean = row.means.get(driver.key)
                if mean is None:
                    continue
                old = before.means.get(driver.key) if before and before.shown else None
                change = to_one_decimal(mean - old) if old is not None else None
                low = mean < LOW_BELOW or (mean == lowest and driver.key != "arbeidsinnsats")
                picked = [sessions[t] for t in driver.sessions if t in sessions]
                drivers.append(DriverChange(driver, mean, change, low, picked))
        shown = bool(row and row.shown)
        result.append(
            TeamPulse(unit, latest, previous, shown, row.respondents if row else 0, drivers)
        )
    return result


# Sick leave ----------------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_label(quarter: tuple[int, int]) -> str:
    return _("%(quarter)s. kvartal %(year)s") % {"quarter": quarter[1], "year": quarter[0]}


def workdays(start: date, end: date) -> int:
    """Monday to Friday from `start` to `end`, both included (holidays not subtracted, so an
    estimate of people from possible workdays never comes out too high)."""
    days = (end - start).days + 1
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum((start.weekday() + n) % 7 < 5 for n in range(rest))


def people_in(row: SickLeave) -> int:
    """How many people a row describes: the possible workdays divided by the period's
    workdays (part-timers make it lower, never higher), and no more than the file's head
    count when it has one. A head count typed higher than the workdays bear out does not
    open the gate: a one-person unit's row says about one person however it is labelled."""
    estimate = int(row.possible_days // max(1, workdays(row.starts_on, row.ends_on)))
    if row.head_count is not None:
        return min(row.head_count, estimate)
    return estimate


@dataclass
class Absence:
    possible: Decimal = Decimal(0)
    self_certified: Decimal = Decimal(0)
    doctor_certified: Decimal = Decimal(0)
    people: int | None = None  # the fewest people any of its rows describes

    def add(self, other: Absence) -> None:
        self.possible += other.possible
        self.self_certified += other.self_certified
        self.doctor_certified += other.doctor_certified

    def _percent(self, days: Decimal) -> float | None:
        return to_one_decimal(float(100 * days / self.possible)) if self.possible else None

    @property
    def total_percent(self) -> float | None:
        return self._percent(self.self_certified + self.doctor_certified)

    @property
    def self_percent(self) -> float | None:
        return self._percent(self.self_certified)

    @property
    def doctor_percent(self) -> float | None:
        return self._percent(self.doctor_certified)


Quarter = tuple[int, int]


def _direct_absences() -> dict[int, dict[Quarter, Absence]]:
    """Per unit (its own rows only) and quarter, the days summed, and the fewest people any of
    the quarter's rows describes (a quarter of monthly rows is as small as its smallest month)."""
    direct: dict[int, dict[Quarter, Absence]] = defaultdict(dict)
    for row in SickLeave.objects.all():
        cell = direct[row.unit_id].setdefault(quarter_of(row.starts_on), Absence())
        cell.add(Absence(row.possible_days, row.self_certified_days, row.doctor_certified_days))
        people = people_in(row)
        cell.people = people if cell.people is None else min(cell.people, people)
    return direct


def sick_leave_gates(
    nodes: list[UnitNode],
    direct: dict[int, dict[Quarter, Absence]],
    threshold: int | None = None,
) -> dict[Quarter, Gate]:
    """Per quarter, the gate fed with each unit's people in that quarter, as the figures
    themselves say: fixed once imported, so moving people today changes nothing shown."""
    parents = _parents(nodes)
    known = {n.unit.pk for n in nodes}
    quarters = {quarter for cells in direct.values() for quarter in cells}
    gates = {}
    for quarter in quarters:
        people: dict[Key, set[Any]] = {}
        for unit_id, cells in direct.items():
            cell = cells.get(quarter)
            if cell is not None and unit_id in known:
                people[unit_id] = {(unit_id, n) for n in range(cell.people or 0)}
        gates[quarter] = gate(parents, people, threshold)
    return gates


def _summed(groups: Iterable[dict[Quarter, Absence]]) -> dict[Quarter, Absence]:
    summed: dict[Quarter, Absence] = {}
    for group in groups:
        for quarter, cell in group.items():
            summed.setdefault(quarter, Absence()).add(cell)
    return summed


@dataclass(frozen=True)
class HealthLine:
    """One quarter of one unit: sick leave, and the pulse rounds that closed in it."""

    quarter: Quarter
    absence: Absence | None  # None: no figures, or the gate hid them
    people: int | None
    respondents: int | None  # None: no round, or the gate hid the unit in it
    means: tuple[float | None, ...]

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)


@dataclass(frozen=True)
class UnitHealth:
    key: Key
    name: str
    depth: int
    lines: list[HealthLine]


def health_presence(
    today: date,
    *,
    only: set[Key] | None = None,
    threshold: int | None = None,
    nodes: list[UnitNode] | None = None,
    rounds: list[Round] | None = None,
    figures: dict[int, RoundFigures] | None = None,
) -> tuple[definitions.Pulse, list[UnitHealth]]:
    """Per unit and quarter that the gate lets through (fed with the people the sick-leave
    figures describe): the sick leave beside the drivers and the answers of the pulse round
    that closed in that quarter (the latest, when several did), the pulse figures gated by
    their own respondents. A unit with no quarter let through is not listed at all."""
    nodes = build_tree(Unit.objects.all()) if nodes is None else nodes
    direct = _direct_absences()
    gates = sick_leave_gates(nodes, direct, threshold)
    totals: dict[Key, dict[Quarter, Absence]] = {
        n.unit.pk: _summed(direct.get(pk, {}) for pk in n.descendant_ids) for n in nodes
    }
    totals[ORGANISATION] = _summed(direct.values())
    rounds = closed_rounds(today) if rounds is None else rounds
    if figures is None:
        figures = round_figures(rounds, threshold=threshold, nodes=nodes)
    pulse = definitions.latest()
    by_quarter: dict[Quarter, RoundFigures] = {}
    for round_ in reversed(rounds):  # oldest first, so the latest of a quarter wins
        by_quarter[quarter_of(round_.closes_on)] = figures[round_.pk]
    named = [(ORGANISATION, _("Hele organisasjonen"), 0)] + [
        (n.unit.pk, n.unit.name, n.depth + 1) for n in nodes
    ]
    units = []
    for key, name, depth in named:
        shown = sorted(q for q, g in gates.items() if g.allows(key))
        if not shown or (only is not None and key not in only):
            continue
        lines = []
        for quarter in sorted(set(shown) | set(by_quarter)):
            row = by_quarter[quarter].row(key) if quarter in by_quarter else None
            answered = row is not None and row.shown
            passes = quarter in shown
            lines.append(
                HealthLine(
                    quarter,
                    totals[key].get(quarter) if passes else None,
                    gates[quarter].totals.get(key) if passes else None,
                    row.respondents if answered and row else None,
                    row.cells if answered and row else tuple(None for _ in pulse.drivers),
                )
            )
        units.append(UnitHealth(key, name, depth, lines))
    return pulse, units
