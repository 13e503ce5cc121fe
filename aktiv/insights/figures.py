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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Answer, Response
from aktiv.lib.anonymity import Gate, configured_threshold, gate, subtree_people
from aktiv.lib.dates import add_months
from aktiv.people.models import Unit
from aktiv.people.units import build_tree

# The bands of the distribution: 1–1,9, 2–2,9, 3–3,9 and 4–5.
BANDS = ("1–1,9", "2–2,9", "3–3,9", "4–5")
ORGANISATION = "organisation"
QUARTERS = 4


def to_one_decimal(value: float) -> float:
    """Half up, as people round by hand (round() would make 3,25 into 3,2)."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> int:
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


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


# A person's answers to their chosen response: unit id and the mean of each dimension.
PersonMeans = dict[int, tuple[int, dict[str, float]]]


def _answers(key: str, window: Window) -> list[dict[str, Any]]:
    start, end = window.bounds()
    rows = Answer.objects.filter(
        response__status=Response.Status.SUBMITTED,
        response__instrument_key=key,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        response__unit_at_submission__isnull=False,
    ).values(
        "response_id",
        "response__person_id",
        "response__unit_at_submission_id",
        "response__submitted_at",
        "dimension_key",
        "value",
    )
    return [dict(row) for row in rows]


def _latest_means(answers: list[dict[str, Any]], window: Window) -> PersonMeans:
    """Each person's latest response within the window (ties: the later created), as the
    mean of each dimension."""
    latest: dict[int, tuple[datetime, int]] = {}
    for row in answers:
        if window.contains(row["response__submitted_at"]):
            mark = (row["response__submitted_at"], row["response_id"])
            person = row["response__person_id"]
            latest[person] = max(latest.get(person, mark), mark)
    chosen = {response for _when, response in latest.values()}
    values: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    units: dict[int, int] = {}
    for row in answers:
        if row["response_id"] in chosen:
            person = row["response__person_id"]
            values[person][row["dimension_key"]].append(row["value"])
            units[person] = row["response__unit_at_submission_id"]
    return {
        person: (units[person], {key: fmean(v) for key, v in dims.items()})
        for person, dims in values.items()
    }


def _dimension_figures(
    instrument: definitions.Instrument, group: list[dict[str, float]]
) -> list[DimensionFigure]:
    figures = []
    for dimension in instrument.dimensions:
        means = [person[dimension.key] for person in group if dimension.key in person]
        counts = [0] * len(BANDS)
        for mean in means:
            counts[band_of(mean)] += 1
        figures.append(
            DimensionFigure(
                dimension,
                to_one_decimal(fmean(means)) if means else None,
                tuple(percent(c, len(means)) for c in counts) if means else (),
            )
        )
    return figures


def _unit_rows(
    instrument: definitions.Instrument, people: PersonMeans, threshold: int
) -> list[UnitFigures]:
    tree = build_tree(Unit.objects.all())
    units = [node.unit for node in tree]
    # Above the top units sits the whole organisation: with several top units, their
    # total is a figure too (the over-time figures show it), so the gate must see it.
    parents: dict[Any, Any] = {u.pk: u.parent_id or ORGANISATION for u in units}
    parents[ORGANISATION] = None
    direct: dict[Any, set[int]] = defaultdict(set)
    for person, (unit_id, _means) in people.items():
        direct[unit_id].add(person)
    result = gate(parents, cast(Any, direct), threshold)
    members = subtree_people(parents, direct)
    depths = {node.unit.pk: node.depth for node in tree}
    several_tops = sum(1 for u in units if u.parent_id is None) > 1
    rows = []
    if several_tops:
        rows.append(_row(instrument, people, result, members, _("Hele organisasjonen"), None, 0))
    for unit in units:
        depth = depths[unit.pk] + (1 if several_tops else 0)
        rows.append(_row(instrument, people, result, members, unit.name, unit, depth))
    return rows


def _row(
    instrument: definitions.Instrument,
    people: PersonMeans,
    result: Gate,
    members: dict[Any, set[Any]],
    name: Any,
    unit: Unit | None,
    depth: int,
) -> UnitFigures:
    key = unit.pk if unit else ORGANISATION
    if not result.allows(key):
        return UnitFigures(str(name), unit, depth, False, 0, [])
    group = [people[p][1] for p in members[key]]
    return UnitFigures(
        str(name), unit, depth, True, len(group), _dimension_figures(instrument, group)
    )


def _over_time(
    instrument: definitions.Instrument,
    answers: list[dict[str, Any]],
    quarters: list[Window],
    organisation_shown: bool,
    threshold: int,
) -> list[SliceFigures]:
    """The organisation's means in each quarter. Quarters are disjoint and closed, so each
    stands alone before the gate: no figure covers two of them to subtract from."""
    figures = []
    for quarter in quarters:
        group = _latest_means(answers, quarter)
        # The chosen quarter is also the table's top row: hidden there, hidden here.
        shown_above = organisation_shown or quarter != quarters[-1]
        if not (shown_above and gate({0: None}, {0: set(group)}, threshold).allows(0)):
            figures.append(SliceFigures(quarter, False, 0, []))
            continue
        dims = _dimension_figures(instrument, [means for _unit, means in group.values()])
        figures.append(SliceFigures(quarter, True, len(group), [d.mean for d in dims]))
    return figures


def instrument_figures(
    *, instrument: definitions.Instrument, quarter: Window, threshold: int | None = None
) -> Figures:
    k = threshold or configured_threshold()
    quarters = quarter.previous(QUARTERS)
    span = Window(quarters[0].start, quarter.end)
    answers = _answers(instrument.key, span)
    people = _latest_means(answers, quarter)
    rows = _unit_rows(instrument, people, k)
    organisation_shown = _organisation_shown(rows)
    return Figures(
        instrument,
        quarter,
        k,
        rows,
        _over_time(instrument, answers, quarters, organisation_shown, k),
    )


def _organisation_shown(rows: list[UnitFigures]) -> bool:
    """The over-time figures describe everyone in the window: shown only when the
    organisation's own figure is (the top row: the one top unit, or the whole
    organisation above several)."""
    tops = [row for row in rows if row.depth == 0]
    return len(tops) == 1 and tops[0].shown


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
