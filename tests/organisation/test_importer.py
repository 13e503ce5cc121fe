"""The import: every bad row with its line number and reason, nothing written by a dry run
or a bad file, and a clean file applied once (re-importing it changes nothing)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.people.models import Person, Unit
from aktiv.people.organisation import importer
from aktiv.people.organisation.importer import import_check
from aktiv.people.organisation.services import organisation_import
from aktiv.people.privacy import person_erase

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import HEADER, csv_bytes, xlsx_bytes

TOP = "Fjordvik kommune"


def _errors(report: importer.ImportReport) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in report.errors:
        found.setdefault(error.line, []).append(error.message)
    return found


def _snapshot() -> tuple[list[tuple], list[tuple], int]:
    people = list(
        Person.objects.order_by("pk").values_list(
            "email", "full_name", "unit_id", "leader_id", "is_hr", "is_active"
        )
    )
    units = list(Unit.objects.order_by("pk").values_list("name", "parent_id"))
    return people, units, ActionEntry.objects.count()


def _bad_file(org) -> bytes:
    return csv_bytes(
        [
            HEADER,
            ["anne@fjordvik.no", "Anne Berg", TOP, "", "HR"],  # 2: fine
            ["", "Uten E-post", TOP, "", ""],  # 3
            ["ikke-en-epost", "Feil Adresse", TOP, "", ""],  # 4
            ["bjorn@fjordvik.no", "", TOP, "", ""],  # 5
            ["cecilie@fjordvik.no", "Cecilie", f"{TOP} // Skole", "", ""],  # 6
            ["dag@fjordvik.no", "Dag", f"{TOP} / {'x' * 201}", "", ""],  # 7
            ["eva@fjordvik.no", "Eva", TOP, "ukjent@fjordvik.no", ""],  # 8
            ["ANNE@fjordvik.no", "Anne igjen", TOP, "", ""],  # 9
            ["finn@fjordvik.no", "Finn", TOP, "", "Sjef"],  # 10
            ["gro@fjordvik.no", "Gro", TOP, "hans@fjordvik.no", ""],  # 11
            ["hans@fjordvik.no", "Hans", TOP, "gro@fjordvik.no", ""],  # 12
            ["ida@fjordvik.no", "Ida", TOP, org.employee.email, ""],  # 13
            [org.leader.email, "Lena Leder", "Oppvekst", "ida@fjordvik.no", ""],  # 14
            ["jon@fjordvik.no", "Jon", TOP, "jon@fjordvik.no", ""],  # 15
            ["kim@fjordvik.no", "Kim", "", "", ""],  # 16
            ["", "", "", "", ""],  # 17: blank, skipped
            ["liv@fjordvik.no", "Liv", TOP, "", "Leder"],  # 18
            [org.hr.email, "Hanne HR", "Oppvekst", "", ""],  # 19
            ["mia@fjordvik.no", "Mia", TOP, "ikke epost", ""],  # 20
            ["nils@fjordvik.no", "Nils", "/".join(["Ledd"] * 11), "", ""],  # 21
        ]
    )


def test_every_bad_row_is_reported_with_its_line_and_reason(org):
    report = import_check(filename="folk.csv", data=_bad_file(org), actor=org.hr)
    errors = _errors(report)
    expected = {
        3: ["E-post mangler"],
        4: ["«ikke-en-epost» er ikke en gyldig e-postadresse"],
        5: ["Navn mangler"],
        6: ["tomt ledd"],
        7: ["lengre enn 200 tegn"],
        8: ["Ukjent leder ukjent@fjordvik.no"],
        9: ["står også på linje 2"],
        10: ["Ukjent rolle «Sjef»"],
        11: ["går i ring: gro@fjordvik.no → hans@fjordvik.no → gro@fjordvik.no"],
        12: ["går i ring: hans@fjordvik.no → gro@fjordvik.no → hans@fjordvik.no"],
        13: ["går i ring"],
        14: ["går i ring"],
        15: ["kan ikke lede seg selv"],
        16: ["Enhet mangler"],
        18: ["ingen rolle"],
        19: ["egen HR-rolle"],
        20: ["«ikke epost» er ikke en gyldig e-postadresse"],
        21: ["mer enn 10 nivåer"],
    }
    assert sorted(errors) == sorted(expected)
    for line, fragments in expected.items():
        assert len(errors[line]) == len(fragments), (line, errors[line])
        for fragment, message in zip(fragments, errors[line], strict=True):
            assert fragment in message, (line, message)
    # The ring across the file and the database names every step.
    assert org.employee.email in errors[13][0] and org.leader.email in errors[13][0]
    assert not report.ok
    assert report.created == report.updated == report.units_created == []


def test_a_file_with_errors_writes_nothing_even_when_applied(org):
    before = _snapshot()
    report = organisation_import(actor=org.hr, filename="folk.csv", data=_bad_file(org), apply=True)
    assert not report.applied
    assert _snapshot() == before


def _clean_rows(org) -> list[list[str]]:
    return [
        HEADER,
        # The leader comes after the people they lead: leaders are set once everyone exists.
        [
            "per@fjordvik.no",
            "Per Post",
            f"{TOP} / Oppvekst og kultur / Skole",
            "rita@fjordvik.no",
            "",
        ],
        ["rita@fjordvik.no", "Rita Rektor", f"{TOP} / Oppvekst og kultur", "", "hr"],
        [org.employee.email.upper(), "Emma Medarbeider", "oppvekst", org.leader.email, ""],
        [org.colleague.email, "Kari Kollega-Navn", "Oppvekst", "rita@fjordvik.no", ""],
    ]


def test_dry_run_reports_the_plan_and_writes_nothing(org):
    before = _snapshot()
    report = organisation_import(
        actor=org.hr, filename="folk.csv", data=csv_bytes(_clean_rows(org)), apply=False
    )
    assert report.ok and not report.applied
    assert report.units_created == [
        TOP,
        f"{TOP} / Oppvekst og kultur",
        f"{TOP} / Oppvekst og kultur / Skole",
    ]
    assert [c.email for c in report.created] == ["per@fjordvik.no", "rita@fjordvik.no"]
    # The employee already matches (e-mail and unit regardless of case): unchanged.
    assert [c.line for c in report.updated] == [5]
    assert report.updated[0].changes == (
        "navn: Kari Kollega → Kari Kollega-Navn",
        f"leder: {org.leader.email} → rita@fjordvik.no",
    )
    assert report.changed_count == 6
    assert report.unchanged_count == 1
    assert _snapshot() == before


def test_apply_then_reapply_changes_nothing_the_second_time(org):
    data = csv_bytes(_clean_rows(org))
    report = organisation_import(actor=org.hr, filename="folk.csv", data=data, apply=True)
    assert report.applied and report.changed_count == 6
    per = Person.objects.get(email="per@fjordvik.no")
    rita = Person.objects.get(email="rita@fjordvik.no")
    assert per.leader == rita and rita.is_hr and not per.is_hr
    assert per.unit is not None and per.unit.path == f"{TOP} / Oppvekst og kultur / Skole"
    assert not per.has_usable_password()
    org.colleague.refresh_from_db()
    assert (org.colleague.full_name, org.colleague.leader) == ("Kari Kollega-Navn", rita)
    assert ActionEntry.objects.filter(action="person_import_create").count() == 2
    assert ActionEntry.objects.filter(action="person_import_update").count() == 1
    assert ActionEntry.objects.filter(action="unit_create").count() == 3

    before = _snapshot()
    again = organisation_import(actor=org.hr, filename="folk.csv", data=data, apply=True)
    assert again.applied and again.changed_count == 0
    assert again.created == again.updated == again.units_created == []
    assert _snapshot() == before


def test_xlsx_with_english_headers_and_a_gap_keeps_spreadsheet_line_numbers(org):
    rows: list[list[str | None]] = [
        ["Email", "Name", "Unit", "Leader", "Roles"],
        ["ny@fjordvik.no", "Ny Person", TOP, None, None],
        [None, None, None, None, None],
        ["feil", "Feil", TOP, None, None],
    ]
    report = import_check(filename="FOLK.XLSX", data=xlsx_bytes(rows))
    assert _errors(report).keys() == {4}
    rows.pop()
    report = organisation_import(
        actor=org.hr, filename="folk.xlsx", data=xlsx_bytes(rows), apply=True
    )
    assert report.applied
    assert Person.objects.get(email="ny@fjordvik.no").unit.name == TOP


def test_csv_in_windows_encoding_with_commas(org):
    rows = [HEADER, ["bjorg@fjordvik.no", "Bjørg Ås", "Økonomi", "", ""]]
    data = csv_bytes(rows, delimiter=",", encoding="cp1252")
    report = organisation_import(actor=org.hr, filename="folk.csv", data=data, apply=True)
    assert report.applied
    assert Person.objects.get(email="bjorg@fjordvik.no").full_name == "Bjørg Ås"
    assert Unit.objects.filter(name="Økonomi", parent=None).exists()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("folk.pdf", b"%PDF-1.4", "CSV- eller XLSX-fil"),
        ("folk.xls", b"\xd0\xcf\x11\xe0", ".xls"),
        ("folk.xlsx", b"not a zip file at all", "ikke en gyldig XLSX-fil"),
        ("folk.csv", b"e-post;navn\x00", "ikke ut som en CSV-fil"),
        ("folk.csv", b"", "tom"),
        ("folk.csv", csv_bytes([["e-post", "navn"]]), "mangler kolonnen «enhet»"),
        ("folk.csv", csv_bytes([[*HEADER, "telefon"]]), "Ukjent kolonne «telefon»"),
        ("folk.csv", csv_bytes([[*HEADER, "navn"]]), "står to ganger"),
        ("folk.csv", b"x" * (importer.MAX_BYTES + 1), "32 MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_message(org, filename, data, message):
    before = _snapshot()
    report = organisation_import(actor=org.hr, filename=filename, data=data, apply=True)
    assert message in report.file_error
    assert not report.ok and not report.applied
    assert _snapshot() == before


def test_more_than_the_row_limit_is_refused(org, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 50)
    rows = [HEADER] + [
        [f"p{i}@fjordvik.no", f"P {i}", TOP, "", ""] for i in range(importer.MAX_ROWS + 1)
    ]
    report = import_check(filename="folk.csv", data=csv_bytes(rows))
    assert "mer enn 50 personer" in report.file_error
    exactly = import_check(filename="folk.csv", data=csv_bytes(rows[:-1]))
    assert exactly.ok


def test_an_xlsx_that_unpacks_too_large_is_refused(org, monkeypatch):
    monkeypatch.setattr(importer, "MAX_UNPACKED_BYTES", 100)
    report = import_check(filename="folk.xlsx", data=xlsx_bytes([HEADER]))
    assert "for stor" in report.file_error


def test_a_leader_known_only_in_the_database_and_an_inactive_one(org):
    org.other_leader.is_active = False
    org.other_leader.save()
    rows = [
        HEADER,
        ["ny@fjordvik.no", "Ny", TOP, org.leader.email.upper(), ""],
        ["to@fjordvik.no", "To", TOP, org.other_leader.email, ""],
    ]
    report = import_check(filename="folk.csv", data=csv_bytes(rows))
    assert _errors(report) == {3: [f"Lederen {org.other_leader.email} er deaktivert."]}


def test_administrators_staff_and_erased_people_are_not_changed_by_an_import(org):
    """The import obeys the person form (editable_people): a row for an administrator,
    a staff account or an erased person is an error of its own, and nothing is written."""
    staff = PersonFactory.create(email="drift@fjordvik.no", is_staff=True)
    gone = PersonFactory.create(is_active=False)
    person_erase(person=gone, actor=org.hr)
    gone.refresh_from_db()
    data = csv_bytes(
        [
            HEADER,
            [org.admin.email, "Adam Admin", "Oppvekst", org.leader.email, "HR"],  # 2
            ["ny@fjordvik.no", "Ny Person", "Oppvekst", "", ""],  # 3: fine
            [staff.email.upper(), "Drift", "Oppvekst", "", "HR"],  # 4
            [gone.email, "Gjenoppstått", "Oppvekst", "", ""],  # 5
        ]
    )
    before = _snapshot()
    for apply in (False, True):
        report = organisation_import(actor=org.hr, filename="f.csv", data=data, apply=apply)
        assert not report.ok and not report.applied
        errors = _errors(report)
        assert sorted(errors) == [2, 4, 5]
        assert "er en administratorkonto" in errors[2][0] and org.admin.email in errors[2][0]
        assert "er en administratorkonto" in errors[4][0]
        assert "tilhører en slettet person" in errors[5][0]
        assert _snapshot() == before


def test_the_import_page_shows_the_refused_rows(org):
    data = csv_bytes([HEADER, [org.admin.email, "Adam Admin", "Oppvekst", "", "HR"]])
    upload = SimpleUploadedFile("f.csv", data, content_type="text/csv")
    result = client_for(org.hr).post(
        reverse("organisation:import"), {"file": upload, "action": "apply"}
    )
    assert result.status_code == 400
    assert "er en administratorkonto" in result.content.decode()
    org.admin.refresh_from_db()
    assert not org.admin.is_hr and org.admin.full_name == "Adam Admin"
