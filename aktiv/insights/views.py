from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode
from uuid import UUID

from django.http import Http404, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.assessments import definitions
from aktiv.conversations.models import Period
from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.charts import Column, HeatRow, column_chart, heatmap
from aktiv.lib.permissions import hr_required
from aktiv.lib.replica import read_figures
from aktiv.lib.typing import AuthedRequest
from aktiv.people.models import Unit
from aktiv.people.units import opened_unit, path_of

from . import exports
from .downloads.views import export_requested
from .figures import (
    BANDS,
    Figures,
    FiguresForm,
    closed_quarters,
    figures_page,
)
from .overview import overview
from .participation import (
    computed_at,
    leader_page,
    unit_rows,
)
from .team import FLAGS_BY_KEY, flag_counts, team_figures, team_rows


@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    """Every direct report, the most urgent first; `?flagg=` keeps those with one flag."""
    leader = request.user
    if not leader.is_leader:
        raise Http404
    rows = team_rows(leader, list(leader.active_direct_reports()))
    chosen = FLAGS_BY_KEY.get(request.GET.get("flagg", ""))
    quarter = closed_quarters(timezone.localdate())[0]
    return render(
        request,
        "people/team.html",
        {
            "rows": [row for row in rows if row.has(chosen)] if chosen else rows,
            "team_size": len(rows),
            "counts": flag_counts(rows),
            "chosen": chosen,
            "quarter": quarter,
            "figures": team_figures(leader, quarter),
            "threshold": configured_threshold(),
        },
    )


@hr_required
@require_GET
def hr_home(request: AuthedRequest) -> HttpResponse:
    """HR's start page: how the practice is going at a glance, each figure linking to its
    page, then the organisation, the conversation year, expectations and learning."""
    at_a_glance = overview()
    chart = column_chart(
        [Column(date_format(m.starts, "M"), m.follow_ups_held) for m in at_a_glance.months],
        chart_id="held-per-month",
        title=_("Oppfølgingssamtaler holdt per måned, siste 12 måneder"),
    )
    return render(request, "insights/hr_home.html", {"overview": at_a_glance, "chart": chart})


@hr_required
@require_GET
def participation_view(request: AuthedRequest) -> HttpResponse:
    """Per unit (the top two levels, or one unit and those under it with `?enhet=`) and per
    leader (50 a page, `?q=` by name): who has agreed goals, held follow-ups and a confirmed
    evaluation. The rows shown are read, never the whole organisation."""
    period = Period.objects.current()
    top = opened_unit(request)
    query = request.GET.get("q", "")[:200]
    context: dict[str, object] = {"period": period, "top": top, "query": query}
    if period is not None:

        def page_of(db: str) -> dict[str, object]:
            return {
                "rows": unit_rows(period, db=db, top=top),
                "leaders": leader_page(period, db=db, query=query, number=request.GET.get("side")),
                "computed_at": computed_at(period, db),
            }

        context |= read_figures(page_of)
        context["page_query"] = urlencode({"q": query}) if query else ""
    return render(request, "insights/participation.html", context)


@hr_required
@require_GET
def participation_unit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The rows under one unit, for the page's "Vis enhetene under" (HTMX): the unit's own
    row, now opened, and its children's."""
    period = Period.objects.current()
    top = get_object_or_404(Unit, uuid=uuid)
    depth = _depth(request.GET.get("dybde", ""))
    rows = read_figures(lambda db: unit_rows(period, db=db, top=top)) if period else []
    return render(
        request,
        "insights/participation.html#unit_rows",
        {"rows": [replace(row, depth=row.depth + depth) for row in rows]},
    )


def _depth(value: str) -> int:
    """Where the opened unit sits in the page's tree (indentation only), kept in bounds."""
    return min(int(value), 20) if value.isdigit() and len(value) < 3 else 0


def _figures_form(request: AuthedRequest) -> FiguresForm:
    # Opening the page without a choice shows the first instrument for the last 12 months.
    data = request.GET if "instrument" in request.GET else {"instrument": ""}
    if not data["instrument"]:
        data = {"instrument": definitions.all_latest()[0].key, "quarter": ""}
    return FiguresForm(data, today=timezone.localdate())


def _short(title: str) -> str:
    """A dimension's name without its explanation, for the narrow chart columns."""
    return title.split(" – ")[0]


def _charts(figures: Figures) -> tuple[str, str]:
    instrument = figures.instrument
    columns = [_short(d.title) for d in instrument.dimensions]
    scale = {"minimum": instrument.scale.min, "maximum": instrument.scale.max}
    units = heatmap(
        [HeatRow(row.name, tuple(row.means), not row.shown, row.depth) for row in figures.rows],
        columns,
        chart_id="units-heatmap",
        title=_("Gjennomsnitt per enhet og dimensjon, %(instrument)s")
        % {"instrument": instrument.title},
        hidden_label=_("skjult"),
        **scale,
    )
    over_time = heatmap(
        [
            HeatRow(
                f"{p.window.start:%d.%m.%y}–{p.window.end:%d.%m.%y}", tuple(p.means), not p.shown
            )
            for p in figures.over_time
        ],
        columns,
        chart_id="time-heatmap",
        title=_("Hele organisasjonen per kvartal, %(instrument)s")
        % {"instrument": instrument.title},
        hidden_label=_("skjult"),
        **scale,
    )
    return units, over_time


@hr_required
@require_GET
def figures_view(request: AuthedRequest) -> HttpResponse:
    """Per unit and over time: the dimension means of the latest responses, gated. The top
    units and their children, or one unit and its children with `?enhet=`."""
    form = _figures_form(request)
    if not form.is_valid():
        return render(request, "insights/figures.html", {"form": form}, status=400)
    instrument, quarter = form.chosen()
    top = opened_unit(request)
    figures = read_figures(
        lambda db: figures_page(instrument=instrument, quarter=quarter, top=top, db=db)
    )
    units_chart, time_chart = _charts(figures)
    return render(
        request,
        "insights/figures.html",
        {
            "form": form,
            "figures": figures,
            "top": top,
            "top_path": path_of(top) if top else "",
            "bands": BANDS,
            "units_chart": units_chart,
            "time_chart": time_chart,
            "query": urlencode({k: form.cleaned_data[k] for k in ("instrument", "quarter")}),
        },
    )


def _export_format(data: QueryDict) -> str | None:
    chosen = data.get("format", "")
    return chosen if chosen in exports.FORMATS else None


@hr_required
@require_POST
def figures_export(request: AuthedRequest) -> HttpResponse:
    """The figures page's figures as a file, built by the worker: the same gate, hidden
    units as "skjult"."""
    form = FiguresForm(request.POST, today=timezone.localdate())
    file_format = _export_format(request.POST)
    if file_format is None or not form.is_valid():
        return HttpResponseBadRequest(_("Velg egenvurdering, tidsrom og format (csv eller xlsx)."))
    params = {key: form.cleaned_data[key] for key in ("instrument", "quarter")}
    return export_requested(request, "figures", params, file_format)


@hr_required
@require_POST
def participation_export(request: AuthedRequest) -> HttpResponse:
    """The participation page's counts as a file, built by the worker: per unit and per
    leader."""
    file_format = _export_format(request.POST)
    if file_format is None:
        return HttpResponseBadRequest(_("Velg format: csv eller xlsx."))
    return export_requested(request, "participation", {}, file_format)
