"""Reading and checking an import of people and units from CSV or XLSX (PRODUCT.md 2.5).

Plain functions, no HTTP: `import_check` reads the file, checks every row against the file
itself and the database, and returns an `ImportReport` with every bad row (line number and
reason) or, for a clean file, the plan of what an import would create and update. Writing the
plan is `organisation_import` in organisation/services.py.

Columns: e-post, navn, enhet, leder, roller (or email, name, unit, leader, roles). The unit is
a path from the top ("Fjordvik kommune / Oppvekst og kultur"), the leader an e-mail address,
the roles "HR" or empty. Line numbers are the row numbers a spreadsheet shows; the header is
line 1."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from ..models import ERASED_NAME, EmailChange, Person, Unit
from ..units import build_tree

# One file holds a whole organisation: 100,000 people is about 10 MB of CSV.
MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 200_000
# A 32 MB XLSX can unpack to gigabytes; refuse before openpyxl tries.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
# A file larger than this (about 2,000 people) is checked and imported by the worker, with a
# progress page; smaller ones are done while HR waits.
LARGE_BYTES = 200 * 1024
# What a report shows of its lists (the counts are always whole).
SHOWN = 200
SHOWN_ERRORS = 1000
MAX_COLUMNS = 20
MAX_UNIT_DEPTH = 10
MAX_NAME = 200
MAX_EMAIL = 254

HEADERS = {
    "e-post": "email",
    "epost": "email",
    "e-postadresse": "email",
    "email": "email",
    "e-mail": "email",
    "navn": "name",
    "name": "name",
    "enhet": "unit",
    "unit": "unit",
    "leder": "leader",
    "leader": "leader",
    "roller": "roles",
    "rolle": "roles",
    "roles": "roles",
    "role": "roles",
}
REQUIRED = ("email", "name", "unit")
ROLES = {"hr"}

UnitKey = tuple[str, ...]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the person who sent it."""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass(frozen=True)
class ImportRow:
    line: int
    email: str
    full_name: str
    unit_path: tuple[str, ...]
    leader_email: str
    is_hr: bool

    @property
    def unit_key(self) -> UnitKey:
        return unit_key(self.unit_path)


@dataclass(frozen=True)
class PersonChange:
    line: int
    email: str
    full_name: str
    changes: tuple[str, ...] = ()


@dataclass
class ImportReport:
    filename: str
    file_error: str = ""
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: list[PersonChange] = field(default_factory=list)
    updated: list[PersonChange] = field(default_factory=list)
    units_created: list[str] = field(default_factory=list)
    unit_warnings: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def changed_count(self) -> int:
        return len(self.created) + len(self.updated) + len(self.units_created)

    @property
    def unchanged_count(self) -> int:
        return len(self.rows) - len(self.created) - len(self.updated)

    @property
    def error_lines(self) -> int:
        return len({error.line for error in self.errors})


@dataclass
class ImportSummary:
    """What the report page shows of an ImportReport: the counts, and the first SHOWN rows
    of each list (a file of 100,000 people is not listed whole). Kept as JSON by an
    ImportJob for the progress page."""

    filename: str
    file_error: str = ""
    errors: list[RowError] = field(default_factory=list)
    error_lines: int = 0
    row_count: int = 0
    created: list[PersonChange] = field(default_factory=list)
    created_count: int = 0
    updated: list[PersonChange] = field(default_factory=list)
    updated_count: int = 0
    units_created: list[str] = field(default_factory=list)
    units_created_count: int = 0
    unit_warnings: list[str] = field(default_factory=list)
    applied: bool = False
    # A checked file kept for "Importer denne filen" (an ImportJob's uuid), when there is one.
    staged: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors

    @property
    def changed_count(self) -> int:
        return self.created_count + self.updated_count + self.units_created_count

    @property
    def unchanged_count(self) -> int:
        return self.row_count - self.created_count - self.updated_count

    @property
    def created_more(self) -> int:
        return self.created_count - len(self.created)

    @property
    def updated_more(self) -> int:
        return self.updated_count - len(self.updated)

    @property
    def units_more(self) -> int:
        return self.units_created_count - len(self.units_created)

    @property
    def errors_more(self) -> int:
        return max(self.error_lines - len({error.line for error in self.errors}), 0)

    @classmethod
    def of(cls, report: ImportReport) -> ImportSummary:
        return cls(
            filename=report.filename,
            file_error=report.file_error,
            errors=report.errors[:SHOWN_ERRORS],
            error_lines=report.error_lines,
            row_count=len(report.rows),
            created=report.created[:SHOWN],
            created_count=len(report.created),
            updated=report.updated[:SHOWN],
            updated_count=len(report.updated),
            units_created=report.units_created[:SHOWN],
            units_created_count=len(report.units_created),
            unit_warnings=report.unit_warnings[:SHOWN],
            applied=report.applied,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **{
                key: getattr(self, key)
                for key in (
                    "filename",
                    "file_error",
                    "error_lines",
                    "row_count",
                    "created_count",
                    "updated_count",
                    "units_created",
                    "units_created_count",
                    "unit_warnings",
                    "applied",
                )
            },
            "errors": [[error.line, error.message] for error in self.errors],
            "created": [[c.line, c.email, c.full_name] for c in self.created],
            "updated": [[c.line, c.email, c.full_name, list(c.changes)] for c in self.updated],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportSummary:
        return cls(
            filename=data["filename"],
            file_error=data["file_error"],
            errors=[RowError(line, message) for line, message in data["errors"]],
            error_lines=data["error_lines"],
            row_count=data["row_count"],
            created=[PersonChange(row[0], row[1], row[2]) for row in data["created"]],
            created_count=data["created_count"],
            updated=[
                PersonChange(row[0], row[1], row[2], tuple(row[3])) for row in data["updated"]
            ],
            updated_count=data["updated_count"],
            units_created=data["units_created"],
            units_created_count=data["units_created_count"],
            unit_warnings=data.get("unit_warnings", []),
            applied=data["applied"],
        )


def unit_key(path: Iterable[str]) -> UnitKey:
    """Units are matched without regard to case, so "oppvekst" finds "Oppvekst"."""
    return tuple(part.casefold() for part in path)


# Reading ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _capped(rows: Iterable[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    """Stop reading one row past the limit (the header plus MAX_ROWS): enough to say the
    file is too long without reading all of it."""
    filled = 0
    for line, cells in rows:
        if any(cells):
            filled += 1
            if filled > MAX_ROWS + 2:
                return
        yield line, cells


def _read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    if b"\x00" in data:
        raise ImportFileError(_("Filen ser ikke ut som en CSV-fil (tekst)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Norway saves "CSV" as Windows-1252 unless told otherwise.
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(
            _capped(
                (line, [_cell(c) for c in row[:MAX_COLUMNS]])
                for line, row in enumerate(reader, start=1)
            )
        )
    except csv.Error as error:
        raise ImportFileError(
            _("Kunne ikke lese CSV-filen (linje %(line)s).") % {"line": reader.line_num}
        ) from error


def _read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ImportFileError(_("Filen er ikke en gyldig XLSX-fil.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("XLSX-filen er for stor når den pakkes ut."))
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("Filen er ikke en gyldig XLSX-fil.")) from error
    try:
        sheet = workbook.worksheets[0]
        return list(
            _capped(
                (line, [_cell(c) for c in row])
                for line, row in enumerate(
                    sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
                )
            )
        )
    except Exception as error:
        raise ImportFileError(_("Kunne ikke lese regnearket i XLSX-filen.")) from error
    finally:
        workbook.close()


def too_large() -> str:
    return _("Filen er større enn %(size)s MB. Del den opp i flere filer.") % {
        "size": MAX_BYTES // (1024 * 1024)
    }


def read_table(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """The file's rows as (line number, cells), by its extension."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(too_large())
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(data)
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith(".xls"):
        raise ImportFileError(
            _("Det gamle Excel-formatet (.xls) kan ikke leses. Lagre som .xlsx eller .csv.")
        )
    raise ImportFileError(_("Velg en CSV- eller XLSX-fil (.csv eller .xlsx)."))


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        if not title:
            continue
        key = HEADERS.get(title.casefold())
        if key is None:
            raise ImportFileError(
                _("Ukjent kolonne «%(title)s». Kolonnene er: e-post, navn, enhet, leder, roller.")
                % {"title": title}
            )
        if key in columns:
            raise ImportFileError(_("Kolonnen «%(title)s» står to ganger.") % {"title": title})
        columns[key] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        names = {"email": "e-post", "name": "navn", "unit": "enhet"}
        raise ImportFileError(
            _("Filen mangler kolonnen %(names)s i første rad.")
            % {"names": ", ".join(f"«{names[key]}»" for key in missing)}
        )
    return columns


# Checking one row ------------------------------------------------------------------------


def _unit_path(text: str) -> tuple[tuple[str, ...], list[str]]:
    if not text:
        return (), [_("Enhet mangler.")]
    parts = tuple(part.strip() for part in text.split("/"))
    problems = []
    if any(not part for part in parts):
        problems.append(
            _(
                "Enhetsstien «%(path)s» har et tomt ledd "
                "(to «/» etter hverandre, eller «/» først eller sist)."
            )
            % {"path": text}
        )
    if any(len(part) > MAX_NAME for part in parts):
        problems.append(
            _("Et enhetsnavn i «%(path)s» er lengre enn %(max)s tegn.")
            % {"path": text[:60], "max": MAX_NAME}
        )
    if len(parts) > MAX_UNIT_DEPTH:
        problems.append(_("Enhetsstien har mer enn %(max)s nivåer.") % {"max": MAX_UNIT_DEPTH})
    return parts, problems


def _email_problem(email: str, what: str) -> str | None:
    try:
        validate_email(email)
    except ValidationError:
        return _("%(what)s «%(email)s» er ikke en gyldig e-postadresse.") % {
            "what": what,
            "email": email,
        }
    if len(email) > MAX_EMAIL:
        return _("%(what)s er lengre enn %(max)s tegn.") % {"what": what, "max": MAX_EMAIL}
    return None


def _roles(text: str) -> tuple[bool, list[str]]:
    problems = []
    is_hr = False
    for role in filter(None, (part.strip() for part in re.split(r"[,;]", text))):
        if role.casefold() in ROLES:
            is_hr = True
        elif role.casefold() in ("leder", "leader"):
            problems.append(
                _("«%(role)s» er ingen rolle: en leder er den som står som leder for noen.")
                % {"role": role}
            )
        else:
            problems.append(_("Ukjent rolle «%(role)s». Bare «HR» kan gis her.") % {"role": role})
    return is_hr, problems


def parse_row(line: int, cells: dict[str, str]) -> tuple[ImportRow | None, list[RowError]]:
    """One data row: a row, or every reason it cannot be one."""
    email = cells.get("email", "").lower()
    full_name = cells.get("name", "")
    leader = cells.get("leader", "").lower()
    problems: list[str] = []
    if not email:
        problems.append(_("E-post mangler."))
    elif problem := _email_problem(email, _("E-posten")):
        problems.append(problem)
    if not full_name:
        problems.append(_("Navn mangler."))
    elif len(full_name) > MAX_NAME:
        problems.append(_("Navnet er lengre enn %(max)s tegn.") % {"max": MAX_NAME})
    path, path_problems = _unit_path(cells.get("unit", ""))
    problems += path_problems
    if leader and (problem := _email_problem(leader, _("Lederens e-post"))):
        problems.append(problem)
    is_hr, role_problems = _roles(cells.get("roles", ""))
    problems += role_problems
    errors = [RowError(line, problem) for problem in problems]
    if errors:
        return None, errors
    return ImportRow(line, email, full_name, path, leader, is_hr), []


# Checking the whole file -----------------------------------------------------------------


@dataclass(frozen=True)
class KnownPerson:
    email: str
    full_name: str
    unit_id: int | None
    leader_email: str
    is_hr: bool
    is_active: bool
    editable: bool = True


def known_people() -> dict[str, KnownPerson]:
    """Everyone in the database by lower-case e-mail, in one query; `editable` is the
    person form's rule (Person.objects.hr_editable)."""
    editable = Person.objects.hr_editable().filter(pk=OuterRef("pk"))
    rows = Person.objects.annotate(editable=Exists(editable)).values_list(
        "email", "full_name", "unit_id", "leader__email", "is_hr", "is_active", "editable"
    )
    return {
        email.lower(): KnownPerson(
            email.lower(), name, unit, (leader or "").lower(), hr, active, can_edit
        )
        for email, name, unit, leader, hr, active, can_edit in rows
    }


def known_units() -> tuple[dict[UnitKey, int], dict[int, str]]:
    """Every unit's path key → id, and id → path as written, in one query."""
    tree = build_tree(Unit.objects.only("pk", "name", "parent_id"))
    return {unit_key(node.names): node.unit.pk for node in tree}, {
        node.unit.pk: node.path for node in tree
    }


def _duplicates(emails: list[tuple[int, str]]) -> list[RowError]:
    first: dict[str, int] = {}
    errors = []
    for line, email in emails:
        if email in first:
            errors.append(
                RowError(
                    line,
                    _("E-posten %(email)s står også på linje %(first)s.")
                    % {"email": email, "first": first[email]},
                )
            )
        else:
            first[email] = line
    return errors


def _leader_errors(
    rows: list[ImportRow], in_file: set[str], people: dict[str, KnownPerson]
) -> list[RowError]:
    errors = []
    for row in rows:
        leader = row.leader_email
        if not leader:
            continue
        if leader == row.email:
            errors.append(RowError(row.line, _("En person kan ikke lede seg selv.")))
        elif leader not in in_file and leader not in people:
            errors.append(
                RowError(
                    row.line,
                    _("Ukjent leder %(email)s: finnes verken i filen eller i Aktiv.")
                    % {"email": leader},
                )
            )
        elif leader not in in_file and not people[leader].is_active:
            errors.append(
                RowError(row.line, _("Lederen %(email)s er deaktivert.") % {"email": leader})
            )
    return errors


def _cycle_errors(rows: list[ImportRow], people: dict[str, KnownPerson]) -> list[RowError]:
    """Leaders as they would be after the import (the file over the database): a row whose
    chain of leaders comes back to the row's own person is in a ring."""
    leader_of = {email: known.leader_email for email, known in people.items()}
    leader_of.update({row.email: row.leader_email for row in rows})
    errors = []
    for row in rows:
        chain, node = [row.email], row.leader_email
        seen = {row.email}
        while node and node not in seen:
            chain.append(node)
            seen.add(node)
            node = leader_of.get(node, "")
        if node == row.email and len(chain) > 1:
            errors.append(
                RowError(
                    row.line,
                    _("Lederne går i ring: %(chain)s.")
                    % {"chain": " → ".join([*chain, row.email])},
                )
            )
    return errors


def _not_editable_errors(rows: list[ImportRow], people: dict[str, KnownPerson]) -> list[RowError]:
    """The import changes no one the person form may not: administrator accounts and
    erased people (Person.objects.hr_editable)."""
    errors = []
    for row in rows:
        known = people.get(row.email)
        if known is None or known.editable:
            continue
        if known.full_name == ERASED_NAME:
            message = _("%(email)s tilhører en slettet person og kan ikke endres.")
        else:
            message = _(
                "%(email)s er en administratorkonto. Den endres bare i administrasjonen, "
                "ikke ved import. Ta raden ut av filen."
            )
        errors.append(RowError(row.line, message % {"email": row.email}))
    return errors


def _reserved_errors(rows: list[ImportRow], people: dict[str, KnownPerson]) -> list[RowError]:
    """A new person cannot take an address that a change still in its waiting period took
    from someone: they may yet take it back (services.email_validate, as on the form)."""
    new = {row.email for row in rows if row.email not in people}
    if not new:
        return []
    reserved = {
        email.lower() for email in EmailChange.objects.holding().values_list("old_email", flat=True)
    }
    return [
        RowError(
            row.line,
            _(
                "%(email)s ble nylig tatt fra en annen person, som fortsatt kan angre "
                "endringen. Bruk en annen adresse, eller vent."
            )
            % {"email": row.email},
        )
        for row in rows
        if row.email in new and row.email in reserved
    ]


def _protection_errors(rows: list[ImportRow], actor: Person | None) -> list[RowError]:
    if actor is None or not actor.is_hr:
        return []
    return [
        RowError(row.line, _("Du kan ikke fjerne din egen HR-rolle. Skriv «HR» under roller."))
        for row in rows
        if row.email == actor.email.lower() and not row.is_hr
    ]


# A new unit whose name is this close to a unit beside it (difflib's ratio, ignoring case)
# is probably a typo of it: "Oppvekst og kultr" for "Oppvekst og kultur".
SIMILAR = 0.8


def _unit_warnings(new: list[tuple[str, ...]], unit_names: dict[int, str]) -> list[str]:
    """What in the new units looks like a mistake: a second tree beside the existing one,
    or a name close to a unit that already stands at the same place. Warnings do not stop
    the import; they make HR look before a typo becomes a unit."""
    existing = [tuple(path.split(" / ")) for path in unit_names.values()]
    if not existing:
        return []
    siblings: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in existing:
        siblings[tuple(n.casefold() for n in path[:-1])].append(path[-1])
    warnings = []
    for path in new:
        name, parent = path[-1], tuple(n.casefold() for n in path[:-1])
        close = [
            other
            for other in siblings.get(parent, [])
            if SequenceMatcher(None, name.casefold(), other.casefold()).ratio() >= SIMILAR
        ]
        if close:
            warnings.append(
                _("«%(new)s» ligner på «%(old)s», som finnes fra før. Er det en skrivefeil?")
                % {"new": " / ".join(path), "old": " / ".join((*path[:-1], close[0]))}
            )
        elif len(path) == 1:
            warnings.append(
                _(
                    "«%(new)s» blir en ny enhet øverst i treet, ved siden av «%(old)s». "
                    "Skal den ligge under en av enhetene som finnes?"
                )
                % {"new": name, "old": existing[0][0]}
            )
    return warnings


def _plan(report: ImportReport, people: dict[str, KnownPerson]) -> None:
    unit_ids, unit_names = known_units()
    new_units: set[UnitKey] = set()
    new_paths: list[tuple[str, ...]] = []
    for row in report.rows:
        for depth in range(1, len(row.unit_path) + 1):
            key = unit_key(row.unit_path[:depth])
            if key not in unit_ids and key not in new_units:
                new_units.add(key)
                new_paths.append(tuple(row.unit_path[:depth]))
                report.units_created.append(" / ".join(row.unit_path[:depth]))
    # Only the first new unit of a branch is worth a look: the ones below it come with it.
    report.unit_warnings = _unit_warnings(
        [p for p in new_paths if len(p) == 1 or unit_key(p[:-1]) in unit_ids], unit_names
    )
    for row in report.rows:
        known = people.get(row.email)
        if known is None:
            report.created.append(PersonChange(row.line, row.email, row.full_name))
            continue
        changes = _changes(row, known, unit_ids, unit_names)
        if changes:
            report.updated.append(PersonChange(row.line, row.email, row.full_name, changes))


def _changes(
    row: ImportRow, known: KnownPerson, unit_ids: dict[UnitKey, int], unit_names: dict[int, str]
) -> tuple[str, ...]:
    none = _("(ingen)")
    changes = []
    if known.full_name != row.full_name:
        changes.append(
            _("navn: %(old)s → %(new)s") % {"old": known.full_name, "new": row.full_name}
        )
    if known.unit_id is None or known.unit_id != unit_ids.get(row.unit_key):
        old = unit_names.get(known.unit_id, none) if known.unit_id else none
        changes.append(
            _("enhet: %(old)s → %(new)s") % {"old": old, "new": " / ".join(row.unit_path)}
        )
    if known.leader_email != row.leader_email:
        changes.append(
            _("leder: %(old)s → %(new)s")
            % {"old": known.leader_email or none, "new": row.leader_email or none}
        )
    if known.is_hr != row.is_hr:
        changes.append(_("HR-rolle: gis") if row.is_hr else _("HR-rolle: fjernes"))
    return tuple(changes)


def import_check(*, filename: str, data: bytes, actor: Person | None = None) -> ImportReport:
    """Read and check a file without writing anything."""
    report = ImportReport(filename=filename)
    try:
        table = [(line, cells) for line, cells in read_table(filename, data) if any(cells)]
        if not table:
            raise ImportFileError(_("Filen er tom."))
        columns = _columns(table[0][1])
        if len(table) - 1 > MAX_ROWS:
            raise ImportFileError(
                _("Filen har mer enn %(max)s personer. Del den opp i flere filer.")
                % {"max": MAX_ROWS}
            )
    except ImportFileError as error:
        report.file_error = str(error)
        return report
    emails: list[tuple[int, str]] = []
    for line, cells in table[1:]:
        named = {key: cells[index] if index < len(cells) else "" for key, index in columns.items()}
        if named["email"]:
            emails.append((line, named["email"].lower()))
        row, errors = parse_row(line, named)
        report.errors += errors
        if row is not None:
            report.rows.append(row)
    people = known_people()
    report.errors += _duplicates(emails)
    report.errors += _leader_errors(report.rows, {email for _line, email in emails}, people)
    report.errors += _cycle_errors(report.rows, people)
    report.errors += _protection_errors(report.rows, actor)
    report.errors += _not_editable_errors(report.rows, people)
    report.errors += _reserved_errors(report.rows, people)
    report.errors.sort(key=lambda error: error.line)
    if report.ok:
        _plan(report, people)
    return report
