"""HR's instrument figures (PRODUCT.md 2.5): per unit, the dimension means and how people's
dimension means are spread, for the latest submitted response of each person in a 12-month
window; and the whole organisation's means over the window's four quarters.

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
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @classmethod
    def twelve_months_to(cls, end: date) -> Window:
        return cls(add_months(end, -12, keep_month_end=True) + timedelta(days=1), end)

    def slices(self) -> list[Window]:
        """The window cut into four three-month slices, oldest first; calendar quarters
        when the window ends on a quarter's last day."""
        return [
            Window(
                add_months(self.end, -3 * (n + 1), keep_month_end=True) + timedelta(days=1),
                add_months(self.end, -3 * n, keep_month_end=True),
            )
            for n in reversed(range(QUARTERS))
        ]

    def contains(self, moment: datetime) -> bool:
        return self.start <= timezone.localdate(moment) <= self.end

    def bounds(self) -> tuple[datetime, datetime]:
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


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
        response__person__is_active=True,
        response__person__unit__isnull=False,
    ).values(
        "response_id",
        "response__person_id",
        "response__person__unit_id",
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
            units[person] = row["response__person__unit_id"]
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
    window: Window,
    organisation_shown: bool,
    threshold: int,
) -> list[SliceFigures]:
    """The organisation's means in each quarter of the window. The quarters are gated
    together under the whole window, so a hidden quarter cannot be worked out from the
    window's figure and the other quarters."""
    slices = window.slices()
    per_slice = [_latest_means(answers, part) for part in slices]
    parents: dict[Any, Any] = {ORGANISATION: None, **{n: ORGANISATION for n in range(QUARTERS)}}
    people = {n: set(group) for n, group in enumerate(per_slice)}
    result = gate(parents, cast(Any, people), threshold)
    figures = []
    for n, (part, group) in enumerate(zip(slices, per_slice, strict=True)):
        if not (organisation_shown and result.allows(n)):
            figures.append(SliceFigures(part, False, 0, []))
            continue
        dims = _dimension_figures(instrument, [means for _unit, means in group.values()])
        figures.append(SliceFigures(part, True, len(group), [d.mean for d in dims]))
    return figures


def instrument_figures(
    *, instrument: definitions.Instrument, as_of: date, threshold: int | None = None
) -> Figures:
    k = threshold or configured_threshold()
    window = Window.twelve_months_to(as_of)
    answers = _answers(instrument.key, window)
    people = _latest_means(answers, window)
    rows = _unit_rows(instrument, people, k)
    organisation_shown = _organisation_shown(rows)
    return Figures(
        instrument, window, k, rows, _over_time(instrument, answers, window, organisation_shown, k)
    )


def _organisation_shown(rows: list[UnitFigures]) -> bool:
    """The over-time figures describe everyone in the window: shown only when the
    organisation's own figure is (the top row: the one top unit, or the whole
    organisation above several)."""
    tops = [row for row in rows if row.depth == 0]
    return len(tops) == 1 and tops[0].shown


class FiguresForm(forms.Form):
    """What the figures page and its exports show: an instrument and the window's end."""

    instrument = forms.ChoiceField(label=_("Egenvurdering"))
    as_of = forms.ChoiceField(label=_("Svar de siste 12 månedene fram til"), required=False)

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        field = cast(forms.ChoiceField, self.fields["instrument"])
        field.choices = [(i.key, i.title) for i in definitions.all_latest()]
        as_of = cast(forms.ChoiceField, self.fields["as_of"])
        as_of.choices = [("", _("i dag"))] + [
            (end.isoformat(), _("%(quarter)s. kvartal %(year)s (%(day)s)") % _quarter(end))
            for end in quarter_ends(today)
        ]

    def chosen(self) -> tuple[definitions.Instrument, date]:
        data = self.cleaned_data
        end = date.fromisoformat(data["as_of"]) if data["as_of"] else self.today
        return definitions.latest(data["instrument"]), end


def _quarter(end: date) -> dict[str, Any]:
    return {
        "quarter": (end.month - 1) // 3 + 1,
        "year": end.year,
        "day": end.strftime("%d.%m.%Y"),
    }
