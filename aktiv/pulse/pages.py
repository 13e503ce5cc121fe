"""What HR's pulse page shows and exports, built read-only from the gated figures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.insights.exports import Cell, Section, hidden
from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.charts import HeatRow, heatmap
from aktiv.people.models import Unit
from aktiv.people.units import path_of, unit_paths

from . import definitions
from .forms import RoundForm
from .models import Round
from .results import ORGANISATION, RoundFigures, closed_rounds, health_presence, round_figures
from .stored import page_units, round_figures_shown

# Rounds are scheduled monthly or quarterly, for years: the list is paged and the views over
# time show the chosen round and those before it, so the page does not grow with the years.
ROUNDS_PER_PAGE = 12
OVER_TIME = 12


def _chosen(closed: list[Round], wanted: str) -> Round | None:
    return next((r for r in closed if str(r.uuid) == wanted), closed[0] if closed else None)


def _heatmap(rows: list[HeatRow], pulse: definitions.Pulse, chart_id: str, title: str) -> Any:
    return heatmap(
        rows,
        [d.title for d in pulse.drivers],
        minimum=pulse.scale_min,
        maximum=pulse.scale_max,
        chart_id=chart_id,
        title=title,
        hidden_label=_("Skjult: for få svar"),
    )


def _units_over_rounds(
    over_time: list[RoundFigures], pulse: definitions.Pulse, driver: definitions.Driver
) -> tuple[Any, list[tuple[str, int, list[float | str | None]]]]:
    """One driver per unit over the closed rounds, oldest first: a heatmap and its table
    ("skjult" where the gate held the unit back in a round)."""
    if not over_time:
        return None, []
    latest = over_time[-1]
    table: list[tuple[str, int, list[float | str | None]]] = []
    heat = []
    for row in latest.rows:
        cells: list[float | str | None] = []
        for figures in over_time:
            found = figures.row(row.key)
            cells.append(found.means.get(driver.key) if found and found.shown else "skjult")
        table.append((row.name, row.depth, cells))
        values = tuple(c if isinstance(c, float) else None for c in cells)
        heat.append(HeatRow(row.name, values, all(c == "skjult" for c in cells), row.depth))
    chart = heatmap(
        heat,
        [f.round.name for f in over_time],
        minimum=pulse.scale_min,
        maximum=pulse.scale_max,
        chart_id="pulse-units-over-time",
        title=_("%(driver)s per enhet og runde") % {"driver": driver.title},
        hidden_label=_("Skjult: for få svar"),
    )
    return chart, table


def hr_page(
    wanted: str,
    form: RoundForm,
    driver_key: str = "",
    top: Unit | None = None,
    page: str | None = None,
) -> dict[str, Any]:
    """The organisation's row, then the top units and their children (or `top` and its
    children): the rows shown are read, stored by the worker's sweep, not the whole tree."""
    today = timezone.localdate()
    rounds = Paginator(
        Round.objects.annotate(answered=Count("participations"))
        .prefetch_related("units")
        .order_by("-closes_on", "-opens_on", "-pk"),
        ROUNDS_PER_PAGE,
    ).get_page(page)
    closed = closed_rounds(today)
    chosen = _chosen(closed, wanted)
    # Over time: the chosen round and the closed rounds before it, OVER_TIME in all.
    window = closed[closed.index(chosen) :][:OVER_TIME] if chosen else []
    shown, openable = page_units(top)
    figures = round_figures_shown(closed, shown, only=window)
    pulse = figures[chosen.pk].pulse if chosen else definitions.latest()
    context: dict[str, Any] = {
        "form": form,
        "rounds": rounds,
        "closed": closed,
        "over_time_cut": len(closed) > len(window),
        "over_time_count": OVER_TIME,
        "chosen": chosen,
        "pulse": pulse,
        "today": today,
        "threshold": configured_threshold(),
        "top": top,
        "top_path": path_of(top) if top else "",
        "openable": {key: unit.uuid for key, unit in openable.items()},
    }
    if chosen is None:
        return context
    current = figures[chosen.pk]
    context["figures"] = current
    context["units_chart"] = _heatmap(
        [HeatRow(r.name, r.cells, not r.shown, r.depth) for r in current.rows],
        pulse,
        "pulse-units",
        _("Prestasjonsdriverne per enhet, %(round)s") % {"round": chosen.name},
    )
    over_time = [figures[r.pk] for r in reversed(window)]
    context["over_time"] = over_time
    driver = next((d for d in pulse.drivers if d.key == driver_key), pulse.drivers[0])
    context["driver"] = driver
    context["units_time_chart"], context["units_time"] = _units_over_rounds(
        over_time, pulse, driver
    )
    context["time_chart"] = _heatmap(
        [HeatRow(f.round.name, f.organisation.cells, not f.organisation.shown) for f in over_time],
        pulse,
        "pulse-over-time",
        _("Hele organisasjonen per runde"),
    )
    return context


def _cells(row: Any, pulse: definitions.Pulse) -> list[Cell]:
    if not row.shown:
        return [hidden()] * (len(pulse.drivers) + 1)
    return [row.respondents, *[v if v is not None else "–" for v in row.cells]]


def export_sections(wanted: str) -> tuple[list[Section], str]:
    closed = closed_rounds(timezone.localdate())
    chosen = _chosen(closed, wanted)
    figures = round_figures(closed)
    pulse = figures[chosen.pk].pulse if chosen else definitions.latest()
    header = [_("Svar"), *[d.title for d in pulse.drivers]]
    units: list[list[Cell]] = []
    if chosen is not None:
        current: RoundFigures = figures[chosen.pk]
        paths = unit_paths()
        units = [
            [
                paths.get(row.key, row.name) if row.key != ORGANISATION else row.name,
                *_cells(row, pulse),
            ]
            for row in current.rows
        ]
    over_time = [
        [figures[r.pk].round.name, *_cells(figures[r.pk].organisation, pulse)]
        for r in reversed(closed)
    ]
    name = f"aktiv-puls-{chosen.closes_on:%Y-%m-%d}" if chosen else "aktiv-puls"
    return [
        Section(
            _("Enheter"),
            chosen.name if chosen else _("Ingen avsluttet runde"),
            [_("Enhet"), *header],
            units,
        ),
        Section(
            _("Over tid"), _("Hele organisasjonen per runde"), [_("Runde"), *header], over_time
        ),
    ], name


def export_file(params: Mapping[str, str], day: date) -> tuple[list[Section], str]:
    """The HR page's figures, built by the worker (insights.exports.KINDS["pulse"])."""
    return export_sections(params.get("runde", ""))


def health_file(params: Mapping[str, str], day: date) -> tuple[list[Section], str]:
    """The helsenærvær page, built by the worker (insights.exports.KINDS["health"])."""
    return health_sections(), "aktiv-helsenaervaer"


def health_sections() -> list[Section]:
    """The helsenærvær page as one table: a line per unit and quarter the gate lets through;
    a quarter whose sick leave it holds back says "skjult", never a number."""
    pulse, units = health_presence(timezone.localdate())
    header = [
        _("Enhet"),
        _("Kvartal"),
        _("Ansatte"),
        _("Sykefravær (%)"),
        _("Egenmeldt (%)"),
        _("Legemeldt (%)"),
        _("Svar i pulsen"),
        *[d.title for d in pulse.drivers],
    ]
    rows: list[list[Cell]] = []
    for unit in units:
        for line in unit.lines:
            absence: list[Cell] = [hidden()] * 4
            if line.absence is not None and line.people is not None:
                absence = [
                    line.people,
                    *[
                        v if v is not None else "–"
                        for v in (
                            line.absence.total_percent,
                            line.absence.self_percent,
                            line.absence.doctor_percent,
                        )
                    ],
                ]
            answers: list[Cell] = [line.respondents if line.respondents is not None else "–"]
            means: list[Cell] = [m if m is not None else "–" for m in line.means]
            rows.append([unit.name, line.label, *absence, *answers, *means])
    return [
        Section(_("Helsenærvær"), _("Sykefravær og prestasjonsdrivere per kvartal"), header, rows)
    ]
