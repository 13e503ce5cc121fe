"""HR's instrument figures (PRODUCT.md 2.5): per unit, the dimension means and how people's
dimension means are spread, for the latest response each person submitted in one closed
calendar quarter; and the whole organisation's means over the four quarters up to it.

Figures hold against differencing (PRODUCT.md section 3). A response counts in the unit its
person belonged to when they submitted it, so moving, deactivating or restoring people
afterwards changes no figure. Figures are only ever over closed quarters, which are disjoint
and never change: there is no free "as of" date, and the quarter in progress is not shown
until it has ended, so no two figures for a unit differ by a handful of people's answers.

Every figure passes the anonymity gate. The distribution is shown only as shares of a unit
the gate shows: its counts would be figures about smaller groups. Answers are read in one
query and everything is computed in Python, so the query count does not grow with the data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Answer, Response
from aktiv.lib.anonymity import Gate, configured_threshold, gate
from aktiv.lib.concurrency import one_at_a_time
from aktiv.lib.dates import add_months
from aktiv.lib.numbers import percent
from aktiv.people.models import Unit
from aktiv.people.units import build_tree, end_of, top_of_tree, tree_key, units_at

from .models import FiguresRefresh, FrozenQuarter, QuarterFigure, UnitFigure

# The bands of the distribution: 1–1,9, 2–2,9, 3–3,9 and 4–5.
BANDS = ("1–1,9", "2–2,9", "3–3,9", "4–5")
ORGANISATION = "organisation"
QUARTERS = 4


def band_of(mean: float) -> int:
    return min(max(int(mean) - 1, 0), len(BANDS) - 1)


def quarter_ends(today: date, count: int = 4) -> list[date]:
    """The last day of each of the `count` quarters before the current one, newest first."""
    ends, first_of_quarter = [], date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for _step in range(count):
        end = first_of_quarter - timedelta(days=1)
        ends.append(end)
        first_of_quarter = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return ends


@dataclass(frozen=True)
class Window:
    """A calendar quarter: from `start` to `end`, both days included."""

    start: date
    end: date

    @classmethod
    def quarter_ending(cls, end: date) -> Window:
        return cls(add_months(end, -3, keep_month_end=True) + timedelta(days=1), end)

    @property
    def label(self) -> str:
        return str(
            _("%(quarter)s. kvartal %(year)s")
            % {"quarter": (self.end.month - 1) // 3 + 1, "year": self.end.year}
        )

    def previous(self, count: int) -> list[Window]:
        """The `count` quarters ending with this one, oldest first."""
        return [
            Window.quarter_ending(add_months(self.end, -3 * n, keep_month_end=True))
            for n in reversed(range(count))
        ]

    def contains(self, moment: datetime) -> bool:
        return self.start <= timezone.localdate(moment) <= self.end

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


def closed_quarters(today: date, count: int = 8) -> list[Window]:
    """The `count` quarters that have ended, newest first: the only windows figures use."""
    return [Window.quarter_ending(end) for end in quarter_ends(today, count)]


@dataclass(frozen=True)
class DimensionFigure:
    dimension: definitions.Dimension
    mean: float | None
    shares: tuple[int, ...]  # percent of the unit's respondents in each of BANDS


@dataclass(frozen=True)
class UnitFigures:
    name: str
    unit: Unit | None  # None: the whole organisation
    depth: int
    shown: bool
    respondents: int
    dimensions: list[DimensionFigure]
    has_children: bool = False  # units below it that the page can open
    opened: bool = False  # its children are shown below it

    @property
    def means(self) -> list[float | None]:
        return [figure.mean for figure in self.dimensions]


@dataclass(frozen=True)
class SliceFigures:
    window: Window
    shown: bool
    respondents: int
    means: list[float | None]


@dataclass(frozen=True)
class Figures:
    instrument: definitions.Instrument
    window: Window
    threshold: int
    rows: list[UnitFigures]
    over_time: list[SliceFigures]


@dataclass
class Aggregate:
    """What a group of people contributed to one instrument's figures: how many, and per
    dimension [sum of item values, number of item answers, people in each of BANDS]. Sums of
    integers, so groups add up exactly and the mean of people's means is their ratio (every
    person answers every item of a dimension)."""

    people: int = 0
    dimensions: dict[str, list[int]] = field(default_factory=dict)

    def add(self, other: Aggregate) -> None:
        self.people += other.people
        for key, cells in other.dimensions.items():
            mine = self.dimensions.setdefault(key, [0] * (2 + len(BANDS)))
            for n, value in enumerate(cells):
                mine[n] += value

    def add_person(self, answers: dict[str, list[int]]) -> None:
        self.people += 1
        for key, values in answers.items():
            cells = self.dimensions.setdefault(key, [0] * (2 + len(BANDS)))
            cells[0] += sum(values)
            cells[1] += len(values)
            cells[2 + band_of(sum(values) / len(values))] += 1


def _answers(key: str, window: Window, db: str = "default") -> list[dict[str, Any]]:
    start, end = window.bounds()
    rows = (
        Answer.objects.using(db)
        .filter(
            response__status=Response.Status.SUBMITTED,
            response__instrument_key=key,
            response__submitted_at__gte=start,
            response__submitted_at__lt=end,
            response__unit_at_submission__isnull=False,
        )
        .values(
            "response_id",
            "response__person_id",
            "response__unit_at_submission_id",
            "response__submitted_at",
            "dimension_key",
            "value",
        )
    )
    return [dict(row) for row in rows]


def _aggregate(answers: list[dict[str, Any]], quarter: Window) -> dict[int, Aggregate]:
    """Per unit, what the quarter's respondents contributed: each person's latest response
    in the quarter (ties: the later created), in the unit they belonged to when they sent it."""
    latest: dict[int, tuple[datetime, int]] = {}
    for row in answers:
        if quarter.contains(row["response__submitted_at"]):
            mark = (row["response__submitted_at"], row["response_id"])
            person = row["response__person_id"]
            latest[person] = max(latest.get(person, mark), mark)
    chosen = {response for _when, response in latest.values()}
    per_person: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    units: dict[int, int] = {}
    for row in answers:
        if row["response_id"] in chosen:
            person = row["response__person_id"]
            per_person[person][row["dimension_key"]].append(row["value"])
            units[person] = row["response__unit_at_submission_id"]
    aggregates: dict[int, Aggregate] = defaultdict(Aggregate)
    for person, dimensions in per_person.items():
        aggregates[units[person]].add_person(dimensions)
    return dict(aggregates)


def computed_aggregates(key: str, quarter: Window) -> dict[int, Aggregate]:
    return _aggregate(_answers(key, quarter), quarter)


def quarters_aggregates(
    key: str, quarters: list[Window], *, db: str = "default"
) -> dict[date, dict[int, Aggregate]]:
    """Each quarter's per-unit aggregates, in at most three queries: frozen ones where the
    quarter has been frozen (the worker freezes each closed quarter once), the rest computed
    from the answers."""
    ends = [quarter.end for quarter in quarters]
    frozen = set(
        FrozenQuarter.objects.using(db)
        .filter(instrument_key=key, quarter_end__in=ends)
        .values_list("quarter_end", flat=True)
    )
    found: dict[date, dict[int, Aggregate]] = {end: {} for end in ends}
    if frozen:
        figures = QuarterFigure.objects.using(db)
        for row in figures.filter(instrument_key=key, quarter_end__in=frozen):
            if row.unit_id is not None:
                found[row.quarter_end][row.unit_id] = Aggregate(row.people, row.dimensions)
    unfrozen = [quarter for quarter in quarters if quarter.end not in frozen]
    if unfrozen:
        answers = _answers(key, Window(unfrozen[0].start, unfrozen[-1].end), db)
        for quarter in unfrozen:
            found[quarter.end] = _aggregate(answers, quarter)
    return found


@transaction.atomic
def quarter_freeze(key: str, quarter: Window) -> bool:
    """Store a closed quarter's aggregates once; from then on its figures never change. False
    when it was frozen already, or has not closed."""
    if quarter.end >= timezone.localdate():
        return False
    _frozen, created = FrozenQuarter.objects.get_or_create(
        instrument_key=key, quarter_end=quarter.end
    )
    if not created:
        return False
    QuarterFigure.objects.bulk_create(
        QuarterFigure(
            instrument_key=key,
            quarter_end=quarter.end,
            unit_id=unit,
            people=aggregate.people,
            dimensions=aggregate.dimensions,
        )
        for unit, aggregate in computed_aggregates(key, quarter).items()
    )
    return True


def closed_quarters_freeze(today: date | None = None) -> int:
    """Freeze every closed quarter (the last two years, and the three before them that the
    oldest one's figures over time show) of every instrument not yet frozen: run by the
    worker's sweep. Returns how many were frozen now."""
    quarters = closed_quarters(today or timezone.localdate(), STORED_QUARTERS)
    return sum(
        quarter_freeze(instrument.key, quarter)
        for instrument in definitions.all_latest()
        for quarter in quarters
    )


def _dimension_figures(
    instrument: definitions.Instrument, aggregate: Aggregate
) -> list[DimensionFigure]:
    figures = []
    for dimension in instrument.dimensions:
        cells = aggregate.dimensions.get(dimension.key)
        if not cells or not cells[1]:
            figures.append(DimensionFigure(dimension, None, ()))
            continue
        total, answered, bands = cells[0], cells[1], cells[2:]
        people = sum(bands)
        mean = (Decimal(total) / Decimal(answered)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        shares = tuple(percent(count, people) for count in bands)
        figures.append(DimensionFigure(dimension, float(mean), shares))
    return figures


def _unit_rows(
    instrument: definitions.Instrument,
    direct: dict[int, Aggregate],
    threshold: int,
    db: str,
    quarter: Window,
) -> list[UnitFigures]:
    return _gated_rows(instrument, direct, threshold, db, quarter)[0]


def _gated_rows(
    instrument: definitions.Instrument,
    direct: dict[int, Aggregate],
    threshold: int,
    db: str,
    quarter: Window,
) -> tuple[list[UnitFigures], dict[Any, Aggregate]]:
    """Every unit's row in tree order, through one gate over the whole tree as it was when
    the quarter ended (a unit moved since counts where it was), and each unit's aggregate
    with the units below it (ORGANISATION: everyone)."""
    tree = build_tree(units_at(end_of(quarter.end), db))
    units = [node.unit for node in tree]
    # Above the top units sits the whole organisation: with several top units, their
    # total is a figure too (the over-time figures show it), so the gate must see it.
    parents: dict[Any, Any] = {u.pk: u.parent_id or ORGANISATION for u in units}
    parents[ORGANISATION] = None
    # A person counts in one unit a quarter, so the gate may see each unit's people as
    # that many distinct stand-ins.
    people = {uid: {(uid, n) for n in range(a.people)} for uid, a in direct.items()}
    result = gate(parents, cast(Any, people), threshold)
    subtree: dict[Any, Aggregate] = defaultdict(Aggregate)
    for unit_id, aggregate in direct.items():
        at: Any = unit_id
        seen: set[Any] = set()
        while at is not None and at not in seen:
            seen.add(at)
            subtree[at].add(aggregate)
            at = parents.get(at)
    depths = {node.unit.pk: node.depth for node in tree}
    several_tops = sum(1 for u in units if u.parent_id is None) > 1
    rows = []
    if several_tops:
        name = _("Hele organisasjonen")
        rows.append(_row(instrument, subtree, result, str(name), None, 0))
    for unit in units:
        depth = depths[unit.pk] + (1 if several_tops else 0)
        rows.append(_row(instrument, subtree, result, unit.name, unit, depth))
    return rows, subtree


def _row(
    instrument: definitions.Instrument,
    subtree: dict[Any, Aggregate],
    result: Gate,
    name: str,
    unit: Unit | None,
    depth: int,
) -> UnitFigures:
    key = unit.pk if unit else ORGANISATION
    if not result.allows(key):
        return UnitFigures(name, unit, depth, False, 0, [])
    group = subtree[key]
    return UnitFigures(name, unit, depth, True, group.people, _dimension_figures(instrument, group))


def _over_time(
    instrument: definitions.Instrument,
    quarters: list[Window],
    aggregates: dict[date, dict[int, Aggregate]],
    organisation_shown: bool,
    threshold: int,
) -> list[SliceFigures]:
    """The organisation's means in each quarter. Quarters are disjoint and closed, so each
    stands alone before the gate: no figure covers two of them to subtract from."""
    figures = []
    for quarter in quarters:
        total = Aggregate()
        for aggregate in aggregates[quarter.end].values():
            total.add(aggregate)
        # The chosen quarter is also the table's top row: hidden there, hidden here.
        shown_above = organisation_shown or quarter != quarters[-1]
        stand_ins = {(0, n) for n in range(total.people)}
        if not (shown_above and gate({0: None}, {0: stand_ins}, threshold).allows(0)):
            figures.append(SliceFigures(quarter, False, 0, []))
            continue
        dims = _dimension_figures(instrument, total)
        figures.append(SliceFigures(quarter, True, total.people, [d.mean for d in dims]))
    return figures


def instrument_figures(
    *,
    instrument: definitions.Instrument,
    quarter: Window,
    threshold: int | None = None,
    db: str = "default",
) -> Figures:
    """The figures, read from the database `db` (HR's pages pass lib.replica's choice)."""
    k = threshold or configured_threshold()
    quarters = quarter.previous(QUARTERS)
    refreshes = _refreshes(instrument, quarters, k, db)
    if refreshes is not None:
        rows = _all_stored_rows(instrument, quarter, db)
        over_time = _stored_over_time(instrument, quarters, refreshes, k)
        return Figures(instrument, quarter, k, rows, over_time)
    aggregates = quarters_aggregates(instrument.key, quarters, db=db)
    rows = _unit_rows(instrument, aggregates[quarter.end], k, db, quarter)
    organisation_shown = _organisation_shown(rows)
    over_time = _over_time(instrument, quarters, aggregates, organisation_shown, k)
    return Figures(instrument, quarter, k, rows, over_time)


def _organisation_shown(rows: list[UnitFigures]) -> bool:
    """The over-time figures describe everyone in the window: shown only when the
    organisation's own figure is (the top row: the one top unit, or the whole
    organisation above several)."""
    tops = [row for row in rows if row.depth == 0]
    return len(tops) == 1 and tops[0].shown


# The page offers the last 8 closed quarters, and each shows the 3 before it over time.
STORED_QUARTERS = 8 + QUARTERS - 1
# Two workers' sweeps replace a quarter's rows one after the other (lib/concurrency.py).
FIGURES_LOCK = "insights.UnitFigure"


@transaction.atomic
def figures_refresh(
    instrument: definitions.Instrument, quarter: Window, *, threshold: int, tree: str
) -> int:
    """Compute one frozen quarter's rows for every unit, through one gate, and replace the
    stored ones. Returns how many rows were stored."""
    one_at_a_time(FIGURES_LOCK)
    direct = quarters_aggregates(instrument.key, [quarter])[quarter.end]
    rows, subtree = _gated_rows(instrument, direct, threshold, "default", quarter)
    total = Aggregate()
    for aggregate in direct.values():
        total.add(aggregate)
    UnitFigure.objects.filter(instrument_key=instrument.key, quarter_end=quarter.end).delete()
    UnitFigure.objects.bulk_create(
        (
            UnitFigure(
                instrument_key=instrument.key,
                quarter_end=quarter.end,
                unit=row.unit,
                shown=row.shown,
                people=row.respondents if row.shown else 0,
                dimensions=subtree[row.unit.pk if row.unit else ORGANISATION].dimensions
                if row.shown
                else {},
            )
            for row in rows
        ),
        batch_size=2000,
    )
    FiguresRefresh.objects.update_or_create(
        instrument_key=instrument.key,
        quarter_end=quarter.end,
        defaults={
            "threshold": threshold,
            "tree_key": tree,
            "people": total.people,
            "dimensions": total.dimensions,
            "organisation_shown": _organisation_shown(rows),
            "computed_at": timezone.now(),
        },
    )
    return len(rows)


def closed_figures_refresh(today: date | None = None) -> int:
    """The worker's sweep: compute every frozen quarter's unit rows that are missing or were
    computed under another threshold or unit tree. Returns how many quarters were computed."""
    threshold, tree = configured_threshold(), tree_key()
    quarters = closed_quarters(today or timezone.localdate(), STORED_QUARTERS)
    done = 0
    for instrument in definitions.all_latest():
        frozen = set(
            FrozenQuarter.objects.filter(instrument_key=instrument.key).values_list(
                "quarter_end", flat=True
            )
        )
        current = {
            (refresh.quarter_end, refresh.threshold, refresh.tree_key)
            for refresh in FiguresRefresh.objects.filter(instrument_key=instrument.key)
        }
        for quarter in quarters:
            if quarter.end in frozen and (quarter.end, threshold, tree) not in current:
                figures_refresh(instrument, quarter, threshold=threshold, tree=tree)
                done += 1
    oldest = quarters[-1].end
    UnitFigure.objects.filter(quarter_end__lt=oldest).delete()
    FiguresRefresh.objects.filter(quarter_end__lt=oldest).delete()
    return done


def _refreshes(
    instrument: definitions.Instrument, quarters: list[Window], threshold: int, db: str
) -> dict[date, FiguresRefresh] | None:
    """The stored computations of these quarters, or None unless every one is stored under
    this threshold (then the figures are computed now, as before the sweep has run)."""
    found = {
        refresh.quarter_end: refresh
        for refresh in FiguresRefresh.objects.using(db).filter(
            instrument_key=instrument.key,
            quarter_end__in=[quarter.end for quarter in quarters],
            threshold=threshold,
        )
    }
    return found if len(found) == len(quarters) else None


def _stored_over_time(
    instrument: definitions.Instrument,
    quarters: list[Window],
    refreshes: dict[date, FiguresRefresh],
    threshold: int,
) -> list[SliceFigures]:
    totals = {
        end: {0: Aggregate(refresh.people, refresh.dimensions)}
        for end, refresh in refreshes.items()
    }
    shown = refreshes[quarters[-1].end].organisation_shown
    return _over_time(instrument, quarters, totals, shown, threshold)


def _from_stored(
    instrument: definitions.Instrument,
    row: UnitFigure | None,
    name: str,
    unit: Unit | None,
    depth: int,
) -> UnitFigures:
    """A stored row as the page's row; a unit made after the computation has no row and no
    respondents in a closed quarter, so it is hidden as any empty unit is."""
    if row is None or not row.shown:
        return UnitFigures(name, unit, depth, False, 0, [])
    aggregate = Aggregate(row.people, row.dimensions)
    return UnitFigures(
        name, unit, depth, True, row.people, _dimension_figures(instrument, aggregate)
    )


def _all_stored_rows(
    instrument: definitions.Instrument, quarter: Window, db: str
) -> list[UnitFigures]:
    """Every unit's stored row in tree order (the exports)."""
    stored = {
        row.unit_id: row
        for row in UnitFigure.objects.using(db).filter(
            instrument_key=instrument.key, quarter_end=quarter.end
        )
    }
    tree = build_tree(Unit.objects.using(db))
    several_tops = sum(1 for node in tree if node.unit.parent_id is None) > 1
    rows = []
    if several_tops:
        name = str(_("Hele organisasjonen"))
        rows.append(_from_stored(instrument, stored.get(None), name, None, 0))
    for node in tree:
        depth = node.depth + (1 if several_tops else 0)
        rows.append(
            _from_stored(instrument, stored.get(node.unit.pk), node.unit.name, node.unit, depth)
        )
    return rows


def figures_page(
    *,
    instrument: definitions.Instrument,
    quarter: Window,
    top: Unit | None = None,
    db: str = "default",
) -> Figures:
    """The figures page: the rows of the top units and their children (or of `top` and its
    children), and the whole organisation over time. Read from the rows the worker's sweep
    stored, so the cost follows the rows shown, not the organisation; computed now over
    the whole tree until the sweep has stored them."""
    k = configured_threshold()
    quarters = quarter.previous(QUARTERS)
    shown, several_tops = top_of_tree(top, db)
    refreshes = _refreshes(instrument, quarters, k, db)
    if refreshes is not None:
        ids = [unit.pk for unit, _depth, _below in shown]
        stored = {
            row.unit_id: row
            for row in UnitFigure.objects.using(db).filter(
                Q(unit_id__in=ids) | Q(unit__isnull=True),
                instrument_key=instrument.key,
                quarter_end=quarter.end,
            )
        }
        name = str(_("Hele organisasjonen"))
        organisation: UnitFigures | None = _from_stored(instrument, stored.get(None), name, None, 0)
        by_unit = {
            unit.pk: _from_stored(instrument, stored.get(unit.pk), unit.name, unit, depth)
            for unit, depth, _below in shown
        }
        over_time = _stored_over_time(instrument, quarters, refreshes, k)
    else:
        full = instrument_figures(instrument=instrument, quarter=quarter, threshold=k, db=db)
        organisation = next((row for row in full.rows if row.unit is None), None)
        by_unit = {row.unit.pk: row for row in full.rows if row.unit is not None}
        over_time = full.over_time
    rows = [organisation] if several_tops and organisation is not None else []
    for unit, depth, below in shown:
        row = by_unit.get(unit.pk) or UnitFigures(unit.name, unit, depth, False, 0, [])
        opened = unit.pk == top.pk if top else unit.parent_id is None
        rows.append(replace(row, depth=depth, has_children=below, opened=opened))
    return Figures(instrument, quarter, k, rows, over_time)


class FiguresForm(forms.Form):
    """What the figures page and its exports show: an instrument and a closed quarter."""

    instrument = forms.ChoiceField(label=_("Egenvurdering"))
    quarter = forms.ChoiceField(label=_("Svar levert i"), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["instrument"])
        field.choices = [(i.key, i.title) for i in definitions.all_latest()]
        self.quarters = closed_quarters(today)
        quarter = cast(forms.ChoiceField, self.fields["quarter"])
        quarter.choices = [(q.end.isoformat(), q.label) for q in self.quarters]

    def chosen(self) -> tuple[definitions.Instrument, Window]:
        data = self.cleaned_data
        chosen = [q for q in self.quarters if q.end.isoformat() == data["quarter"]]
        return definitions.latest(data["instrument"]), (chosen or self.quarters)[0]
