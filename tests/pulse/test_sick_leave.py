"""Helsenærvær: HR's import of sick-leave figures (with a dry run), and the pages that show
them beside the drivers, only for units the gate lets through by head count."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from aktiv.insights.models import ExportJob
from aktiv.pulse.models import SickLeave
from aktiv.pulse.results import people_in
from aktiv.pulse.sickleave import parse_period

from ..conftest import client_for
from ..factories import PersonFactory, UnitFactory
from ..insights.helpers import exported
from .helpers import add_answers, closed_round

HEADER = "enhet;periode;mulige dagsverk;tapte dagsverk egenmeldt;tapte dagsverk legemeldt\n"


def upload(text: str, name: str = "fravaer.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def post(client, text: str, action: str, name: str = "fravaer.csv"):
    return client.post(
        reverse("pulse:sick_leave_import"), {"file": upload(text, name), "action": action}
    )


def test_periods_are_months_or_quarters():
    assert parse_period("2026-03") == (date(2026, 3, 1), date(2026, 3, 31))
    assert parse_period("02.2028") == (date(2028, 2, 1), date(2028, 2, 29))
    assert parse_period("2026-K2") == (date(2026, 4, 1), date(2026, 6, 30))
    assert parse_period("Q4 2026") == (date(2026, 10, 1), date(2026, 12, 31))
    assert parse_period("2026-13") is None
    assert parse_period("9999-K1") is None
    assert parse_period("mars") is None


def test_a_dry_run_shows_the_rows_and_stores_nothing(org):
    response = post(client_for(org.hr), HEADER + "Oppvekst;2026-03;210;4;10,5\n", "check")
    text = response.content.decode()
    assert response.status_code == 200
    assert "ingenting er lagret ennå" in text
    assert "6,9" in text  # (4 + 10,5) / 210
    assert not SickLeave.objects.exists()


def test_an_import_stores_and_a_second_replaces(org):
    client = client_for(org.hr)
    post(client, HEADER + "Oppvekst;2026-03;210;4;10,5\n", "apply")
    row = SickLeave.objects.get()
    assert (row.possible_days, row.self_certified_days, row.doctor_certified_days) == (
        Decimal("210.0"),
        Decimal("4.0"),
        Decimal("10.5"),
    )
    again = post(client, HEADER + "Oppvekst;2026-03;200;2;2\n", "apply")
    assert "1 erstatter" in again.content.decode()
    assert SickLeave.objects.get().possible_days == Decimal(200)


def test_the_head_count_column_is_read_and_checked(org):
    client = client_for(org.hr)
    header = HEADER.replace("\n", ";ansatte\n")
    bad = post(client, header + "Oppvekst;2026-03;210;4;10;ti\n", "apply")
    assert "Antall ansatte må være et helt tall" in bad.content.decode()
    assert not SickLeave.objects.exists()
    post(client, header + "Oppvekst;2026-03;210;4;10;11\n", "apply")
    assert SickLeave.objects.get().head_count == 11


def test_xlsx_files_are_read(org):
    book = Workbook()
    sheet = book.active
    sheet.append(["Enhet", "Periode", "Mulige dagsverk", "Egenmeldt", "Legemeldt"])
    sheet.append(["Teknisk", "2026-K1", 630, 12, 30])
    out = io.BytesIO()
    book.save(out)
    client_for(org.hr).post(
        reverse("pulse:sick_leave_import"),
        {"file": SimpleUploadedFile("f.xlsx", out.getvalue()), "action": "apply"},
    )
    row = SickLeave.objects.get()
    assert (row.unit, row.starts_on, row.ends_on) == (
        org.other_unit,
        date(2026, 1, 1),
        date(2026, 3, 31),
    )


def test_bad_rows_are_listed_by_line_and_nothing_is_stored(org):
    text = (
        HEADER
        + "Oppvekst;2026-03;210;4;10\n"
        + "Finnes ikke;2026-03;10;1;1\n"
        + "Oppvekst;mars;10;1;1\n"
        + "Teknisk;2026-03;10;8;8\n"
        + "Teknisk;2026-04;-3;0;0\n"
        + "Oppvekst;2026-03;210;4;10\n"
    )
    response = post(client_for(org.hr), text, "apply")
    page = response.content.decode()
    assert response.status_code == 400
    for line, words in (
        (3, "Ukjent enhet"),
        (4, "verken en måned"),
        (5, "flere enn mulige"),
        (6, "tall fra 0"),
        (7, "også på linje 2"),
    ):
        assert words in page, (line, words)
    assert not SickLeave.objects.exists()


def test_an_unknown_column_or_a_wrong_file_is_refused(org):
    client = client_for(org.hr)
    page = post(client, "enhet;hemmelig\n", "check").content.decode()
    assert "Ukjent kolonne «hemmelig»" in page and "mulige dagsverk" in page
    # Read in English, the message names the English headers (both sets are accepted).
    org.hr.language = "en"
    org.hr.save(update_fields=["language"])
    page = post(client, "unit;secret\n", "check").content.decode()
    assert "secret" in page and "possible workdays, self-certified" in page
    assert "mulige dagsverk" not in page
    assert post(client, "x", "check", name="f.pdf").status_code == 400
    assert not SickLeave.objects.exists()


def _sick(unit, percent: int, head_count: int | None) -> None:
    # 65 workdays in the quarter for each person the row says it describes.
    possible = Decimal(65 * (head_count or 2))
    SickLeave.objects.create(
        unit=unit,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        possible_days=possible,
        self_certified_days=Decimal(0),
        doctor_certified_days=possible * percent / 100,
        head_count=head_count,
    )


def test_a_head_count_higher_than_the_workdays_bear_out_does_not_open_the_gate(org):
    """A one-person unit's row says about one person, whatever head count it is given."""
    small = UnitFactory.create(name="Enmannsenhet")
    SickLeave.objects.create(
        unit=small,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        possible_days=Decimal(65),
        self_certified_days=Decimal(0),
        doctor_certified_days=Decimal(10),
        head_count=9,
    )
    assert people_in(SickLeave.objects.get()) == 1


def test_sick_leave_of_a_small_unit_is_never_shown(org):
    big = UnitFactory.create(name="Storenhet")
    small = UnitFactory.create(name="Liten enhet")
    other = UnitFactory.create(name="Tredje enhet")
    _sick(big, 7, 6)
    _sick(small, 43, 2)
    _sick(other, 5, 5)
    page = client_for(org.hr).get(reverse("pulse:health")).content.decode()
    assert "Storenhet" in page
    assert "Liten enhet" not in page
    assert "43,0" not in page and "43.0" not in page
    # The organisation minus Storenhet would leave Liten enhet with Tredje enhet (7 people),
    # but minus both the others it would be Liten enhet alone: Tredje enhet is hidden too.
    assert "Tredje enhet" not in page
    assert "ikke bevis for at det ene fører til det andre" in page


def test_without_a_head_count_the_people_are_estimated_from_workdays(org):
    """65 workdays in the first quarter of 2026: 260 possible days are four people at most."""
    unit = UnitFactory.create(name="Anslått")
    SickLeave.objects.create(
        unit=unit,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 3, 31),
        possible_days=Decimal(260),
        self_certified_days=Decimal(1),
        doctor_certified_days=Decimal(1),
    )
    assert "Anslått" not in client_for(org.hr).get(reverse("pulse:health")).content.decode()
    SickLeave.objects.update(possible_days=Decimal(325))
    assert "Anslått" in client_for(org.hr).get(reverse("pulse:health")).content.decode()


def test_moving_people_today_changes_nothing_shown(org):
    unit = UnitFactory.create(name="Flytting")
    _sick(unit, 8, 6)
    before = client_for(org.hr).get(reverse("pulse:health")).content.decode()
    for person in (org.employee, org.colleague, org.leader):
        person.unit = unit
        person.save()
    after = client_for(org.hr).get(reverse("pulse:health")).content.decode()
    assert "Flytting" in before and "Flytting" in after
    assert before.count("8,0") == after.count("8,0")


def test_the_leader_sees_their_units_line_beside_the_drivers_when_it_passes(org):
    for _ in range(5):
        PersonFactory.create(unit=org.unit, leader=org.leader)
    # Teknisk's figures are about two people; with Helse (six) hidden as well, the
    # organisation minus Oppvekst is eight.
    _sick(org.unit, 9, 8)
    _sick(UnitFactory.create(name="Helse"), 4, 6)
    round_ = closed_round()
    add_answers(round_, org.unit, 6, 4)
    page = client_for(org.leader).get(reverse("pulse:team")).content.decode()
    assert "Helsenærvær i enheten" in page
    assert "9,0" in page
    assert "ikke bevis" in page
    # Teknisk is hidden: its leader sees no sick leave.
    _sick(org.other_unit, 30, 2)
    other = client_for(org.other_leader).get(reverse("pulse:team")).content.decode()
    assert "30,0" not in other
    assert "Det gjelder ikke enheten din nå." in other


def test_the_export_holds_only_what_the_page_shows(org):
    _sick(UnitFactory.create(name="Storenhet"), 7, 6)
    _sick(UnitFactory.create(name="Liten enhet"), 43, 2)
    _sick(UnitFactory.create(name="Tredje enhet"), 5, 5)
    client = client_for(org.hr)
    response = exported(client, "pulse:health_export", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="aktiv-helsenaervaer.csv"'
    text = response.content.decode("utf-8-sig")
    assert "Storenhet" in text and "7,0" in text
    assert "Liten enhet" not in text and "43" not in text
    xlsx = exported(client, "pulse:health_export", {"format": "xlsx"})
    assert xlsx["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Helsenærvær"]
    jobs = ExportJob.objects.count()
    assert client.post(reverse("pulse:health_export")).status_code == 400
    assert ExportJob.objects.count() == jobs
