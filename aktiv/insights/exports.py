"""Exports of HR's figures to CSV and XLSX: exactly the figures the pages show, built from
the same gated results, so a unit the page hides is "skjult" here too, never a number.
Names of units and numbers only; no free text ever leaves this way.

The files are built by the worker (services.export_job_run), never in a request: each kind
of export is an ExportKind in KINDS, which the apps above insights (the pulse) add to in
their `ready()`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from aktiv.conversations.models import Period
from aktiv.lib.replica import read_figures
from aktiv.people.units import unit_paths

from .figures import BANDS, Figures, FiguresForm, UnitFigures, Window, instrument_figures
from .participation import (
    LeaderParticipation,
    Practice,
    UnitParticipation,
    participation,
    participation_by_leader,
    stored,
)

Cell = str | int | float | date
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Section:
    """One table: a sheet in XLSX, a block of lines in CSV."""

    sheet: str
    title: str
    header: list[str]
    rows: list[list[Cell]]


def hidden() -> str:
    return _("skjult")


def _period(window: Window) -> str:
    return f"{window.start:%d.%m.%Y}–{window.end:%d.%m.%Y}"


def _paths(rows: list[Any]) -> dict[int, str]:
    """Each unit's full path, from the rows already loaded (no query per unit)."""
    return unit_paths({row.unit for row in rows if row.unit is not None})


def _unit_row(row: UnitFigures, name: str, width: int) -> list[Cell]:
    if not row.shown:
        return [name, *([hidden()] * width)]
    means: list[Cell] = [d.mean if d.mean is not None else "–" for d in row.dimensions]
    shares: list[Cell] = [
        d.shares[band] if d.shares else "–" for d in row.dimensions for band in range(len(BANDS))
    ]
    return [name, row.respondents, *means, *shares]


def figures_sections(figures: Figures) -> list[Section]:
    dimensions = figures.instrument.dimensions
    header = [
        _("Enhet"),
        _("Svar"),
        *[_("%(dimension)s: gjennomsnitt") % {"dimension": d.title} for d in dimensions],
        *[
            _("%(dimension)s: andel %(band)s (%%)") % {"dimension": d.title, "band": band}
            for d in dimensions
            for band in BANDS
        ],
    ]
    paths = _paths(figures.rows)
    width = len(header) - 1
    units = [
        _unit_row(row, paths[row.unit.pk] if row.unit else row.name, width) for row in figures.rows
    ]
    over_time: list[list[Cell]] = [
        [_period(part.window), part.respondents, *[m if m is not None else "–" for m in part.means]]
        if part.shown
        else [_period(part.window), *([hidden()] * (len(dimensions) + 1))]
        for part in figures.over_time
    ]
    title = f"{figures.instrument.title}, {_period(figures.window)}"
    return [
        Section(_("Enheter"), title, header, units),
        Section(
            _("Over tid"),
            _("Hele organisasjonen per kvartal"),
            [_("Periode"), _("Svar"), *[d.title for d in dimensions]],
            over_time,
        ),
    ]


def _practice_header() -> list[str]:
    # Translated when the file is made, in the language of the person who asked for it.
    return [
        _("Medarbeidere"),
        _("Med avtalte mål"),
        _("Fulgt opp"),
        _("Oppfølgingssamtaler holdt"),
        _("Siste oppfølgingssamtale"),
        _("Evaluering bekreftet"),
    ]


def _practice_cells(practice: Practice) -> list[Cell]:
    last = practice.last_follow_up
    return [
        practice.people,
        practice.goals_agreed,
        practice.followed_up,
        practice.follow_ups_held,
        timezone.localdate(last) if last else "–",
        practice.evaluations_confirmed,
    ]


def participation_sections(
    title: str, rows: list[UnitParticipation], leaders: list[LeaderParticipation]
) -> list[Section]:
    """Per unit and per leader: the leader's practice, shown without the gate."""
    paths = _paths(rows)
    return [
        Section(
            _("Deltakelse per enhet"),
            title,
            [_("Enhet"), *_practice_header()],
            [[paths[row.unit.pk], *_practice_cells(row.practice)] for row in rows],
        ),
        Section(
            _("Deltakelse per leder"),
            title,
            [_("Leder"), *_practice_header()],
            [[row.leader.full_name, *_practice_cells(row.practice)] for row in leaders],
        ),
    ]


def _text(value: str) -> str:
    """A name that a spreadsheet would run as a formula is written as plain text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _csv_value(value: Cell) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return _text(value) if isinstance(value, str) else str(value)


def to_csv(sections: list[Section]) -> bytes:
    """Semicolons and a byte order mark: what Excel in Norway opens correctly."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, section in enumerate(sections):
        if index:
            writer.writerow([])
        writer.writerow([_text(section.title)])
        writer.writerow(section.header)
        writer.writerows([_csv_value(v) for v in row] for row in section.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(sheet: Any, value: Cell) -> Any:
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float | date):
        cell = WriteOnlyCell(sheet, value=value)
        # One decimal, as the pages show; a real date, so the spreadsheet sorts it as one.
        cell.number_format = "0.0" if isinstance(value, float) else "DD.MM.YYYY"
        return cell
    return value


def to_xlsx(sections: list[Section]) -> bytes:
    """Written row by row (openpyxl's write-only mode): the cost follows the rows, and a whole
    organisation's rows are not held as cell objects."""
    book = Workbook(write_only=True)
    for section in sections:
        sheet = book.create_sheet(section.sheet[:31])
        sheet.column_dimensions["A"].width = 40
        sheet.append([_text(section.title)])
        sheet.append(section.header)
        for row in section.rows:
            sheet.append([_xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_content(sections: list[Section], file_format: str) -> bytes:
    return to_xlsx(sections) if file_format == "xlsx" else to_csv(sections)


Params = Mapping[str, str]
# The sections of a file and its name (without the format), from the job's checked
# parameters and the day it was asked for.
Builder = Callable[[Params, date], tuple[list[Section], str]]


@dataclass(frozen=True)
class ExportKind:
    """One kind of file HR can ask for: its name on the job's page, the page it exports (a
    URL name whose query is the job's parameters) and how the worker builds it."""

    title: str | Promise
    page: str
    build: Builder


KINDS: dict[str, ExportKind] = {}


def kind_register(key: str, kind: ExportKind) -> None:
    KINDS[key] = kind


def figures_file(params: Params, day: date) -> tuple[list[Section], str]:
    """The figures page's figures: the same gate, hidden units as "skjult"."""
    form = FiguresForm(params, today=day)
    if not form.is_valid():
        raise ValueError(f"figures export with bad parameters: {dict(params)}")
    instrument, quarter = form.chosen()
    figures = read_figures(
        lambda db: instrument_figures(instrument=instrument, quarter=quarter, db=db)
    )
    return figures_sections(figures), f"aktiv-{instrument.key}-{quarter.end:%Y-%m-%d}"


def participation_file(params: Params, day: date) -> tuple[list[Section], str]:
    """The participation page's counts: per unit and per leader."""
    period = Period.objects.current()

    def read(db: str) -> tuple[list[UnitParticipation], list[LeaderParticipation]]:
        if period is None:
            return [], []
        figures = stored(period, db)
        return (
            participation(period, db=db, figures=figures),
            participation_by_leader(period, db=db, figures=figures),
        )

    rows, leaders = read_figures(read)
    title = _("Deltakelse, periode %(name)s") % {
        "name": period.name if period else _("Ingen aktiv periode")
    }
    return participation_sections(title, rows, leaders), "aktiv-deltakelse"
