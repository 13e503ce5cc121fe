"""The import of sick-leave figures (helsenærvær) from CSV or XLSX, with a dry run like the
people import (people/organisation/importer.py, whose file reading it uses).

Columns, as payroll and HR systems export them: enhet, periode, mulige dagsverk, tapte
dagsverk egenmeldt, tapte dagsverk legemeldt (or unit, period, possible workdays,
self-certified, doctor-certified). The unit is a path from the top or a unit name used once;
the period a month (2026-03, 03.2026) or a quarter (2026-K1, 2026-Q1, K1 2026). An optional
column ansatte (head count) says how many people the row is about; without it the anonymity
gate estimates it from the possible workdays. A row for a unit and period already imported
replaces it."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.content import language_code
from aktiv.people.models import Person
from aktiv.people.organisation.importer import (
    MAX_ROWS,
    ImportFileError,
    known_units,
    read_table,
    unit_key,
)

from .models import SickLeave

HEADERS = {
    "enhet": "unit",
    "unit": "unit",
    "periode": "period",
    "period": "period",
    "mulige dagsverk": "possible",
    "mulige arbeidsdager": "possible",
    "possible workdays": "possible",
    "tapte dagsverk egenmeldt": "self",
    "egenmeldt": "self",
    "self-certified": "self",
    "tapte dagsverk legemeldt": "doctor",
    "legemeldt": "doctor",
    "doctor-certified": "doctor",
    "ansatte": "people",
    "antall ansatte": "people",
    "head count": "people",
    "employees": "people",
}
REQUIRED = ("unit", "period", "possible", "self", "doctor")
NAMES = {
    "unit": "enhet",
    "period": "periode",
    "possible": "mulige dagsverk",
    "self": "tapte dagsverk egenmeldt",
    "doctor": "tapte dagsverk legemeldt",
    "people": "ansatte",
}
# Both sets of headers are read whatever the language; a message names the reader's own.
ENGLISH_NAMES = {
    "unit": "unit",
    "period": "period",
    "possible": "possible workdays",
    "self": "self-certified",
    "doctor": "doctor-certified",
    "people": "employees",
}


def _names() -> dict[str, str]:
    return ENGLISH_NAMES if language_code() == "en" else NAMES


MAX_DAYS = Decimal("100000000")
_MONTH = (re.compile(r"^(\d{4})-(\d{1,2})$"), re.compile(r"^(\d{1,2})[./](\d{4})$"))
_QUARTER = (
    re.compile(r"^(\d{4})\s*-?\s*[KQ]([1-4])$"),
    re.compile(r"^[KQ]([1-4])\s*-?\s*(\d{4})$"),
)


@dataclass(frozen=True)
class SickLeaveRow:
    line: int
    unit_id: int
    unit_path: str
    starts_on: date
    ends_on: date
    possible: Decimal
    self_certified: Decimal
    doctor_certified: Decimal
    head_count: int | None = None
    replaces: bool = False

    @property
    def percent(self) -> Decimal:
        lost = self.self_certified + self.doctor_certified
        return (100 * lost / self.possible).quantize(Decimal("0.1"))


@dataclass
class SickLeaveReport:
    filename: str
    file_error: str = ""
    rows: list[SickLeaveRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def replaced(self) -> int:
        return sum(row.replaces for row in self.rows)


def parse_period(text: str) -> tuple[date, date] | None:
    """A month or a quarter, as its first and last day; None when not one."""
    text = text.strip().upper()
    for pattern in _MONTH:
        if match := pattern.match(text):
            year, month = (
                (int(match[1]), int(match[2]))
                if pattern is _MONTH[0]
                else (int(match[2]), int(match[1]))
            )
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
            return None
    for pattern in _QUARTER:
        if match := pattern.match(text):
            year, quarter = (
                (int(match[1]), int(match[2]))
                if pattern is _QUARTER[0]
                else (int(match[2]), int(match[1]))
            )
            if not 1900 <= year <= 2100:
                return None
            last = 3 * quarter
            return date(year, last - 2, 1), date(year, last, calendar.monthrange(year, last)[1])
    return None


def _days(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value >= MAX_DAYS:
        return None
    return value.quantize(Decimal("0.1"))


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = HEADERS.get(" ".join(title.casefold().replace(",", " ").split()))
        if title and key is None:
            raise ImportFileError(
                _("Ukjent kolonne «%(title)s». Kolonnene er: %(names)s.")
                % {"title": title[:60], "names": ", ".join(_names().values())}
            )
        if key is not None:
            if key in columns:
                raise ImportFileError(_("Kolonnen «%(title)s» står to ganger.") % {"title": title})
            columns[key] = index
    missing = [_names()[key] for key in REQUIRED if key not in columns]
    if missing:
        raise ImportFileError(
            _("Filen mangler kolonnen %(names)s i første rad.")
            % {"names": ", ".join(f"«{name}»" for name in missing)}
        )
    return columns


def _unit_lookup() -> tuple[dict[tuple[str, ...], int], dict[int, str]]:
    """Units by full path, and by name alone where only one unit has that name."""
    by_path, paths = known_units()
    names: dict[tuple[str, ...], list[int]] = {}
    for key, pk in by_path.items():
        names.setdefault(key[-1:], []).append(pk)
    for name, pks in names.items():
        if len(pks) == 1:
            by_path.setdefault(name, pks[0])
    return by_path, paths


def _row(
    line: int, cells: dict[str, str], units: dict[tuple[str, ...], int], paths: dict[int, str]
) -> tuple[SickLeaveRow | None, list[str]]:
    problems = []
    unit_id = units.get(unit_key(p.strip() for p in cells["unit"].split("/")))
    if unit_id is None:
        problems.append(_("Ukjent enhet «%(unit)s».") % {"unit": cells["unit"][:80]})
    period = parse_period(cells["period"])
    if period is None:
        problems.append(
            _("Perioden «%(period)s» er verken en måned (2026-03) eller et kvartal (2026-K1).")
            % {"period": cells["period"][:40]}
        )
    possible, own, doctor = (_days(cells[key]) for key in ("possible", "self", "doctor"))
    if possible is None or own is None or doctor is None:
        problems.append(_("Dagsverk må være tall fra 0 og oppover."))
    elif possible == 0:
        problems.append(_("Mulige dagsverk må være mer enn 0."))
    elif own + doctor > possible:
        problems.append(_("Tapte dagsverk er flere enn mulige dagsverk."))
    head_count = None
    if cells.get("people"):
        text = cells["people"].replace(" ", "")
        if not text.isdigit() or len(text) > 7:
            problems.append(_("Antall ansatte må være et helt tall fra 0 og oppover."))
        else:
            head_count = int(text)
    if problems or unit_id is None or period is None:
        return None, problems
    if possible is None or own is None or doctor is None:
        return None, problems
    row = SickLeaveRow(line, unit_id, paths[unit_id], *period, possible, own, doctor, head_count)
    return row, []


def sick_leave_check(*, filename: str, data: bytes) -> SickLeaveReport:
    """Read and check the file; the plan of what an import would write, or every bad row."""
    report = SickLeaveReport(filename)
    try:
        table = [(line, cells) for line, cells in read_table(filename, data) if any(cells)]
        if not table:
            raise ImportFileError(_("Filen er tom."))
        columns = _columns(table[0][1])
    except ImportFileError as error:
        report.file_error = str(error)
        return report
    if len(table) - 1 > MAX_ROWS:
        report.file_error = _("Filen har mer enn %(max)s rader.") % {"max": MAX_ROWS}
        return report
    units, paths = _unit_lookup()
    existing = set(SickLeave.objects.values_list("unit_id", "starts_on", "ends_on"))
    seen: dict[tuple[int, date, date], int] = {}
    for line, raw in table[1:]:
        cells = {key: raw[i] if i < len(raw) else "" for key, i in columns.items()}
        row, problems = _row(line, cells, units, paths)
        report.errors += [(line, problem) for problem in problems]
        if row is None:
            continue
        key = (row.unit_id, row.starts_on, row.ends_on)
        if key in seen:
            report.errors.append(
                (line, _("Enhet og periode står også på linje %(line)s.") % {"line": seen[key]})
            )
            continue
        seen[key] = line
        report.rows.append(SickLeaveRow(**{**row.__dict__, "replaces": key in existing}))
    return report


@transaction.atomic
def sick_leave_import(*, actor: Person, filename: str, data: bytes, apply: bool) -> SickLeaveReport:
    """Check the file; with `apply` and no errors, write every row (replacing the same unit
    and period). A file with any bad row writes nothing."""
    report = sick_leave_check(filename=filename, data=data)
    if not apply or not report.ok or not report.rows:
        return report
    for row in report.rows:
        saved, _created = SickLeave.objects.update_or_create(
            unit_id=row.unit_id,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            defaults={
                "possible_days": row.possible,
                "self_certified_days": row.self_certified,
                "doctor_certified_days": row.doctor_certified,
                "head_count": row.head_count,
            },
        )
    action_log(actor=actor, action="sick_leave_import", obj=saved)
    report.applied = True
    return report
