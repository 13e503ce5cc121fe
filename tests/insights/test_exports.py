"""Exports of HR's figures: the same gate as the pages, "skjult" and never a number for a
hidden unit, CSV for Norwegian Excel, XLSX that opens, and no free text. Each is asked for
by a POST, built by the worker and downloaded from the job's page (tests/insights/helpers.py;
the job itself in test_export_jobs.py)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aktiv.assessments.models import FocusArea
from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights.models import ExportJob
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import exported
from .test_figures import submitted_response

KEY = "aktivt-medarbeiderskap"


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(content: bytes) -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]


def by_name(rows: list[list], name: str) -> list:
    return next(row for row in rows if row and row[0] == name)


@pytest.fixture
def units(org, settings):
    """Kommunen with Skole (4), Helse (3) and Museum (2): Museum is too small, and Helse is
    hidden so that Museum cannot be worked out by subtraction."""
    settings.ANONYMITY_THRESHOLD = 3
    root = Unit.objects.create(name="Kommunen")
    made = {"Kommunen": root}
    for name, count, value in (("Skole", 4, 4), ("Helse", 3, 2), ("Museum", 2, 1)):
        made[name] = Unit.objects.create(name=name, parent=root)
        for _ in range(count):
            response = submitted_response(PersonFactory.create(unit=made[name]), KEY, value)
            FocusArea.objects.create(
                response=response, kind="strength", position=1, item_key="x", note="Hemmelig"
            )
    return made


def export(org, file_format: str, **params: str):
    return exported(
        client_for(org.hr), "insights:export", {"format": file_format, "instrument": KEY, **params}
    )


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_hidden_units_are_skjult_in_both_exports(org, units, file_format):
    result = export(org, file_format)
    assert result.status_code == 200
    assert result["Content-Disposition"].startswith("attachment; filename=")
    assert result["Content-Disposition"].endswith(f'.{file_format}"')
    rows = csv_rows(result.content) if file_format == "csv" else xlsx_rows(result.content)
    for hidden in ("Kommunen / Museum", "Kommunen / Helse"):
        figures = by_name(rows, hidden)[1:]
        assert figures and set(figures) == {"skjult"}, figures
    skole = by_name(rows, "Kommunen / Skole")
    if file_format == "csv":
        assert skole[:5] == ["Kommunen / Skole", "4", "4,0", "4,0", "4,0"]
    else:
        assert skole[:5] == ["Kommunen / Skole", 4, 4.0, 4.0, 4.0]
    # Kommunen's nine: the mean of 4×4, 3×2 and 2×1 is 2,7.
    assert by_name(rows, "Kommunen")[1] in ("9", 9)
    flat = " ".join(str(cell) for row in rows for cell in row)
    assert "Hemmelig" not in flat


def test_export_matches_the_page(org, units):
    page = client_for(org.hr).get(reverse("insights:figures"), {"instrument": KEY})
    rows = csv_rows(export(org, "csv").content)
    shown_on_page = {
        name
        for name in ("Kommunen", "Skole", "Helse", "Museum")
        if "skjult" not in page.content.decode().split(f">{name}</span>")[1].split("</tr>")[0]
    }
    shown_in_export = {
        row[0].split(" / ")[-1]
        for row in rows
        if row and row[0].startswith("Kommunen") and row[1] != "skjult"
    }
    assert shown_on_page == shown_in_export == {"Kommunen", "Skole"}


def test_csv_is_for_norwegian_excel(org, units):
    result = export(org, "csv")
    assert result["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(result.content)
    assert rows[1][:2] == ["Enhet", "Svar"]
    assert any(row and row[0] == "Periode" for row in rows)  # the over-time table follows


def test_unit_name_that_looks_like_a_formula_is_text(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    unit = Unit.objects.create(name="=HYPERLINK(1)")
    for _ in range(3):
        submitted_response(PersonFactory.create(unit=unit), KEY, 3)
    assert by_name(csv_rows(export(org, "csv").content), "'=HYPERLINK(1)")
    assert by_name(xlsx_rows(export(org, "xlsx").content), "'=HYPERLINK(1)")


@pytest.mark.parametrize(
    "params", [{"format": "pdf"}, {"format": ""}, {"format": "csv", "instrument": "finnes-ikke"}]
)
def test_bad_parameters_are_refused_and_nothing_is_stored(org, params):
    hr = client_for(org.hr)
    result = hr.post(reverse("insights:export"), {"instrument": KEY, **params})
    assert result.status_code == 400
    assert "Velg egenvurdering, tidsrom og format" in result.content.decode()
    assert hr.post(reverse("insights:participation_export")).status_code == 400
    bad_quarter = {"instrument": KEY, "quarter": "1999-12-31", "format": "csv"}
    assert hr.post(reverse("insights:export"), bad_quarter).status_code == 400
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_participation_export_matches_the_page(org, settings, file_format):
    settings.ANONYMITY_THRESHOLD = 3
    today = timezone.localdate()
    period = Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    root = Unit.objects.create(name="Kommunen")
    leader = PersonFactory.create(unit=root)
    for name, count in (("Skole", 4), ("Bibliotek", 3), ("Museum", 2)):
        unit = Unit.objects.create(name=name, parent=root)
        for _ in range(count):
            person = PersonFactory.create(unit=unit, leader=leader)
            record = ConversationRecord.objects.create(
                period=period, employee=person, leader=leader
            )
            PersonalGoal.objects.create(
                record=record, kind="professional", title="Hemmelig mål", state="agreed"
            )
            FollowUp.objects.create(
                record=record,
                scheduled_at=timezone.now(),
                status="held",
                held_at=timezone.now(),
                shared_notes="Hemmelige notater",
            )
    result = exported(client_for(org.hr), "insights:participation_export", {"format": file_format})
    assert result.status_code == 200
    assert "attachment" in result["Content-Disposition"]
    rows = csv_rows(result.content) if file_format == "csv" else xlsx_rows(result.content)
    assert by_name(rows, "Kommunen / Museum")[1:3] in (["2", "2"], [2, 2])
    assert by_name(rows, "Kommunen / Skole")[1:5] in (["4", "4", "4", "4"], [4, 4, 4, 4])
    assert by_name(rows, "Kommunen")[1] in ("9", 9)
    assert "Hemmelig" not in " ".join(str(cell) for row in rows for cell in row)
    # The last follow-up's day: a real date in the spreadsheet, dd.mm.yyyy in the CSV.
    last = by_name(rows, "Kommunen")[5]
    if file_format == "xlsx":
        assert isinstance(last, datetime) and last.date() == today
    else:
        assert last == f"{today:%d.%m.%Y}"


def test_xlsx_cells_carry_their_formats(org, units):
    """Means with one decimal and the sheet's first column wide enough for unit paths."""
    book = load_workbook(io.BytesIO(export(org, "xlsx").content))
    sheet = book.worksheets[0]
    skole = next(row for row in sheet.iter_rows() if row[0].value == "Kommunen / Skole")
    assert skole[2].value == 4.0 and skole[2].number_format == "0.0"
    assert skole[1].value == 4 and skole[1].number_format == "General"
    assert sheet.column_dimensions["A"].width == 40
