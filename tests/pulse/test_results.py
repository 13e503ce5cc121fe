"""What leaders and HR see of the pulse: only closed rounds, only through the gate."""

from __future__ import annotations

import csv
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from aktiv.insights.models import ExportJob
from aktiv.pulse.models import Round
from aktiv.pulse.results import ORGANISATION, round_figures

from ..conftest import client_for
from ..factories import PersonFactory, UnitFactory
from ..insights.helpers import exported
from .helpers import add_answers, closed_round, open_round


def _team(org, size: int = 6) -> None:
    for _ in range(size):
        PersonFactory.create(unit=org.unit, leader=org.leader)


def test_a_unit_with_fewer_than_k_answers_is_hidden_and_so_is_its_difference(org):
    round_ = closed_round()
    add_answers(round_, org.unit, 5, 4)
    add_answers(round_, org.other_unit, 2, 1)
    figures = round_figures([round_])[round_.pk]
    assert not figures.row(org.other_unit.pk).shown
    # The organisation minus Oppvekst would be the two answers of Teknisk: Oppvekst is
    # hidden too, and the organisation (7) is shown.
    assert not figures.row(org.unit.pk).shown
    whole = figures.row(ORGANISATION)
    assert whole.shown and whole.respondents == 7
    assert whole.means["lederstotte"] == round((5 * 4 + 2 * 1) / 7, 1)
    add_answers(round_, org.other_unit, 3, 1)
    figures = round_figures([round_])[round_.pk]
    assert figures.row(org.unit.pk).shown
    assert figures.row(org.unit.pk).means["lederstotte"] == 4.0
    assert figures.row(org.other_unit.pk).shown


def test_an_open_round_has_no_figures(org):
    round_ = open_round()
    add_answers(round_, org.unit, 8)
    _team(org)
    page = client_for(org.leader).get(reverse("pulse:team")).content.decode()
    assert "Ingen pulsrunde som gjelder enheten, er stengt ennå." in page
    hr_page = client_for(org.hr).get(reverse("pulse:hr")).content.decode()
    assert "Tallene vises her når den første runden er stengt." in hr_page


def test_the_leader_sees_the_drivers_the_change_and_what_to_do_about_a_low_one(org):
    _team(org)
    before = closed_round(name="Puls vår", days_ago=100)
    add_answers(before, org.unit, 6, 4)
    latest = closed_round(name="Puls høst", days_ago=5)
    add_answers(latest, org.unit, 6, 3)
    page = client_for(org.leader).get(reverse("pulse:team")).content.decode()
    assert "Puls høst: 6 svar" in page
    assert "endring fra Puls vår" in page
    assert "−1,0" in page
    assert "Hva kan du gjøre?" in page
    assert "Ta det opp i neste teammøte" in page
    assert "Individuell oppfølging og tilbakemeldinger" in page


def test_the_learning_sessions_are_named_in_the_leaders_language(org):
    _team(org)
    latest = closed_round(name="Puls høst", days_ago=5)
    add_answers(latest, org.unit, 6, 3)
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    page = client_for(org.leader).get(reverse("pulse:team")).content.decode()
    assert "Individual follow-up and feedback" in page
    assert "Individuell oppfølging og tilbakemeldinger" not in page


def test_the_leader_sees_nothing_when_too_few_answered(org):
    _team(org)
    round_ = closed_round()
    add_answers(round_, org.unit, 4, 1)
    page = client_for(org.leader).get(reverse("pulse:team")).content.decode()
    assert "For få svar" in page
    assert "Hva kan du gjøre?" not in page


def test_an_employee_cannot_open_the_team_or_hr_pages(org):
    for name in ("pulse:team", "pulse:hr", "pulse:health"):
        assert client_for(org.employee).get(reverse(name)).status_code == 404
    assert client_for(org.employee).post(reverse("pulse:export")).status_code == 404


def test_hr_sees_units_and_the_organisation_over_rounds_with_a_heatmap(org):
    child = UnitFactory.create(name="Skole", parent=org.unit)
    first = closed_round(name="Puls 1", days_ago=100)
    second = closed_round(name="Puls 2", days_ago=5)
    for round_ in (first, second):
        add_answers(round_, org.unit, 6, 4)
        add_answers(round_, child, 2, 2)
    page = client_for(org.hr).get(reverse("pulse:hr")).content.decode()
    assert "pulse-units-title" in page
    assert "pulse-over-time-title" in page
    assert "Puls 1" in page and "Puls 2" in page
    assert "skjult" in page  # Skole, with two answers
    assert "pulse-units-over-time-title" in page
    assert "Lederstøtte per enhet og runde" in page
    chosen = client_for(org.hr).get(reverse("pulse:hr"), {"driver": "jobbautonomi"})
    assert "Jobbautonomi per enhet og runde" in chosen.content.decode()


def test_the_export_says_hidden_never_a_number(org):
    child = UnitFactory.create(name="Skole", parent=org.unit)
    round_ = closed_round()
    add_answers(round_, org.unit, 6, 4)
    add_answers(round_, child, 2, 1)
    client = client_for(org.hr)
    response = exported(client, "pulse:export", {"runde": round_.uuid, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="aktiv-puls-{round_.closes_on:%Y-%m-%d}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    skole = next(row for row in rows if row and row[0].endswith("Skole"))
    assert set(skole[1:]) == {"skjult"}
    xlsx = exported(client, "pulse:export", {"runde": round_.uuid, "format": "xlsx"})
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Enheter", "Over tid"]
    jobs = ExportJob.objects.count()
    bad = client.post(reverse("pulse:export"), {"format": "pdf"})
    assert bad.status_code == 400
    assert ExportJob.objects.count() == jobs


def test_hr_schedules_a_round_for_some_units(org):
    today = timezone.localdate()
    client = client_for(org.hr)
    response = client.post(
        reverse("pulse:round_create"),
        {
            "name": "Puls desember",
            "opens_on": today.isoformat(),
            "closes_on": today.replace(day=28).isoformat() if today.day < 28 else today.isoformat(),
            "units": [org.unit.pk],
            "repeat": "0",
            "count": "1",
        },
    )
    assert response.status_code == 302
    from aktiv.pulse.models import Round

    round_ = Round.objects.get(name="Puls desember")
    assert list(round_.units.all()) == [org.unit]


def test_a_round_that_closes_before_it_opens_is_refused(org):
    today = timezone.localdate()
    response = client_for(org.hr).post(
        reverse("pulse:round_create"),
        {"name": "Feil", "opens_on": today.isoformat(), "closes_on": "2000-01-01"},
    )
    assert response.status_code == 400
    from aktiv.pulse.models import Round

    assert not Round.objects.exists()


def test_every_mistake_in_the_round_form_is_told_at_once(org):
    from datetime import timedelta

    from aktiv.pulse.models import Round

    today = timezone.localdate()
    response = client_for(org.hr).post(
        reverse("pulse:round_create"),
        {
            "name": "Feil",
            "opens_on": (today + timedelta(days=10)).isoformat(),
            "closes_on": (today + timedelta(days=5)).isoformat(),
            "repeat": "1",
            "count": "99",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Runden må stenge samme dag som den åpner eller senere." in page
    assert '<a href="#id_closes_on">Stenger</a>' in page
    assert '<a href="#id_count">Antall runder</a>: Verdien må være mindre enn eller lik 12.' in page
    assert not Round.objects.exists()


def test_hr_schedules_a_quarterly_series(org):
    from datetime import timedelta

    from aktiv.pulse.models import Round

    today = timezone.localdate()
    response = client_for(org.hr).post(
        reverse("pulse:round_create"),
        {
            "name": "Puls",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=13)).isoformat(),
            "repeat": "3",
            "count": "4",
        },
    )
    assert response.status_code == 302
    rounds = list(Round.objects.order_by("opens_on"))
    assert len(rounds) == 4
    assert [r.opens_on.month for r in rounds][:2] == [today.month, (today.month + 2) % 12 + 1]
    assert all(r.closes_on - r.opens_on == timedelta(days=13) for r in rounds)
    assert not rounds[0].units.exists()


def test_a_series_longer_than_twelve_is_refused(org):
    from aktiv.pulse.models import Round

    today = timezone.localdate()
    response = client_for(org.hr).post(
        reverse("pulse:round_create"),
        {
            "name": "Puls",
            "opens_on": today.isoformat(),
            "closes_on": today.isoformat(),
            "repeat": "1",
            "count": "50",
        },
    )
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_a_large_organisation_chooses_a_rounds_units_among_its_top_two_levels(org, monkeypatch):
    """A list of every unit is no choice at 10,000 units: above LISTED_UNITS the form lists
    the top two levels (a round covers the units below what is chosen) and says so."""
    from aktiv.pulse import forms

    top = UnitFactory.create(name="Toppen", parent=None)
    middle = UnitFactory.create(name="Sektoren", parent=top)
    UnitFactory.create(name="Laget langt nede", parent=middle)
    client = client_for(org.hr)
    every = client.get(reverse("pulse:hr")).content.decode()
    assert "Laget langt nede" in every
    monkeypatch.setattr(forms, "LISTED_UNITS", 3)
    page = client.get(reverse("pulse:hr")).content.decode()
    choices = page.split('name="units"')[1].split("</select>")[0]
    assert "Toppen" in choices and "Sektoren" in choices and "Laget langt nede" not in choices
    assert "Her står de to øverste nivåene." in page


def _monthly_rounds(org, count: int) -> list:
    rounds = []
    for number in range(1, count + 1):
        round_ = closed_round(name=f"Puls {number:02}", days_ago=30 * (count - number) + 5)
        add_answers(round_, org.unit, 6, 4)
        rounds.append(round_)
    return rounds


def _over_time_rows(page: str) -> list[str]:
    section = page.split('id="time-heading"')[1].split('id="units-time-heading"')[0]
    return re.findall(r'<th scope="row">([^<]+)</th>', section)


def test_over_time_is_the_chosen_round_and_eleven_before_it_and_the_rounds_are_paged(org):
    rounds = _monthly_rounds(org, 14)
    client = client_for(org.hr)
    page = client.get(reverse("pulse:hr")).content.decode()
    assert _over_time_rows(page) == [f"Puls {n:02}" for n in range(3, 15)]
    assert "Viser de 12 siste stengte rundene til og med Puls 14." in page
    assert "Side 1 av 2" in page
    listed = page.split('id="rounds-heading"')[1].split('id="new-round"')[0]
    assert listed.count('<th scope="row">') == 12 and "Puls 02" not in listed
    second = client.get(reverse("pulse:hr"), {"side": 2}).content.decode()
    listed = second.split('id="rounds-heading"')[1].split('id="new-round"')[0]
    assert "Puls 02" in listed and "Puls 01" in listed and "Puls 14" not in listed
    older = client.get(reverse("pulse:hr"), {"runde": rounds[4].uuid}).content.decode()
    assert _over_time_rows(older) == [f"Puls {n:02}" for n in range(1, 6)]
    assert "til og med Puls 05" in older


def test_the_hr_pulse_page_reads_as_much_with_thirteen_rounds_as_with_thirty(org):
    def queries(count: int) -> int:
        Round.objects.all().delete()
        _monthly_rounds(org, count)
        client = client_for(org.hr)
        client.get(reverse("pulse:hr"))
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("pulse:hr"))
            number = len(ctx.captured_queries)
        assert page.status_code == 200
        return number

    assert queries(13) == queries(30)
