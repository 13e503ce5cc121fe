"""Lederens fire jobber: the leader's time split across the four jobs today and as it should
be, each split summing to 100 %, drawn as paired bars."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet
from aktiv.reflections.tools import fire_jobber

from ..factories import PersonFactory
from .helpers import assert_unchanged as unchanged
from .helpers import draft_with, post

KEY = "fire-jobber"
TOOL = registry.get(KEY)
JOBS = ("deliver", "improve", "develop_people", "develop_self")

SAVED = {
    "today": {"deliver": 70, "improve": 10, "develop_people": 15, "develop_self": 5},
    "should": {"deliver": 50, "improve": 20, "develop_people": 20, "develop_self": 10},
    "more": "Følge opp",
    "less": "",
    "first_step": "",
}


def split(name, *values):
    return {f"{name}_{job}": str(value) for job, value in zip(JOBS, values, strict=True)}


VALID = split("today", 60, 20, 10, 10) | split("should", 40, 20, 25, 15)


@pytest.fixture
def client(org, login):
    return login(org.leader)


@pytest.fixture
def sheet(org, client):
    return draft_with(client, org.leader, KEY, SAVED)


def assert_unchanged(sheet):
    unchanged(sheet, SAVED)


def test_tool_is_for_leaders_with_the_four_jobs_from_the_seeds():
    assert TOOL.audience == "leaders" and TOOL.order == 80
    jobs = TOOL.content["jobs"]
    assert [job["short"] for job in jobs] == [
        "Få jobben gjort",
        "Forbedre måten jobben gjøres på",
        "Utvikle egne medarbeidere og team",
        "Utvikle eget lederskap",
    ]
    assert jobs[3]["title"] == "Ledelse er å utvikle eget lederskap"
    assert jobs[0]["description"].startswith("Alle virksomheter leverer forskjellige tjenester")
    assert (
        "«det er så mye ved å hugge at det ikke er tid til å kvesse øksa»" in (TOOL.content["axe"])
    )


def test_employee_gets_404_and_nothing_is_created(org, login):
    client = login(org.employee)
    assert client.get(reverse("reflections:tool", args=[KEY])).status_code == 404
    assert client.post(reverse("reflections:start", args=[KEY])).status_code == 404
    assert not Worksheet.objects.exists()
    index = client.get(reverse("reflections:index")).content.decode()
    assert "Lederens fire jobber" not in index


def test_edit_page_describes_the_jobs_and_labels_every_number(sheet, client):
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Ledere har fire like viktige jobber" in page
    assert "Ledere er rollemodeller, på godt og vondt." in page
    assert "kvesse øksa" in page
    assert "Slik fordeler jeg tiden i dag" in page and "Slik bør tiden fordeles" in page
    for name in ("today", "should"):
        for job in JOBS:
            assert f'<label for="id_{name}_{job}">' in page
    assert 'name="today_deliver" value="70"' in page


def test_valid_splits_are_stored_as_numbers_and_marked_done(sheet, client):
    data = VALID | {"more": "Coaching", "less": "Brannslukking"}
    assert post(client, sheet, data, done=True).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.status == "done"
    assert stored.data["today"] == {
        "deliver": 60,
        "improve": 20,
        "develop_people": 10,
        "develop_self": 10,
    }
    assert stored.data["should"]["develop_people"] == 25
    assert stored.data["more"] == "Coaching" and stored.data["first_step"] == ""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            split("today", 50, 20, 10, 10) | split("should", 40, 20, 25, 15),
            "Fordelingen i dag summerer til 90 %, den må bli 100 %.",
        ),
        (
            split("today", 60, 20, 10, 10) | split("should", 40, 30, 25, 15),
            "Fordelingen slik den bør være summerer til 110 %, den må bli 100 %.",
        ),
    ],
)
@pytest.mark.parametrize("done", [False, True])
def test_split_not_adding_up_to_100_is_refused(sheet, client, data, message, done):
    result = post(client, sheet, data, done=done)
    assert result.status_code == 400
    page = result.content.decode()
    # In the summary at the top and inside the fieldset it is about.
    assert page.count(message) == 2
    assert_unchanged(sheet)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Prosenten kan ikke være lavere enn 0."),
        ("101", "Prosenten kan ikke være høyere enn 100."),
        ("12.5", "Skriv et helt tall fra 0 til 100, uten desimaler."),
        ("12,5", "Skriv et helt tall fra 0 til 100, uten desimaler."),
        ("mye", "Skriv et helt tall fra 0 til 100, uten desimaler."),
    ],
)
def test_number_out_of_range_or_not_whole_is_refused(sheet, client, value, message):
    result = post(client, sheet, VALID | {"today_improve": value})
    assert result.status_code == 400
    page = result.content.decode()
    assert message in page
    assert "Forbedre måten jobben gjøres på (i dag)" in page
    # The sum is not checked on top of a number that is itself wrong.
    assert "summerer til" not in page
    assert_unchanged(sheet)


def test_draft_may_hold_a_partly_filled_split(sheet, client):
    data = split("today", 60, 20, 10, 10) | {"should_deliver": "30"}
    assert post(client, sheet, data).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.data["should"] == {
        "deliver": 30,
        "improve": None,
        "develop_people": None,
        "develop_self": None,
    }


def test_marking_done_needs_all_eight_numbers(sheet, client):
    result = post(client, sheet, split("today", 60, 20, 10, 10) | {"should_deliver": "30"}, True)
    assert result.status_code == 400
    page = result.content.decode()
    assert page.count("Fyll ut dette før du markerer arket som ferdig.") == 3 * 2
    assert_unchanged(sheet)


def test_drawing_pairs_the_bars_to_scale(sheet, client):
    post(client, sheet, VALID, done=True)
    page = client.get(sheet.get_absolute_url()).content.decode()
    svg = re.search(r"<svg class=\"drawing fj-chart\".*?</svg>", page, re.S).group()
    assert 'role="img"' in svg and '<title id="fire-jobber-title">' in svg
    bars = re.findall(
        r'<rect class="fj-bar" data-split="(\w+)" x="8" y="(\d+)" width="([\d.]+)"', svg
    )
    assert [b[0] for b in bars] == ["today", "should"] * 4
    widths = [float(b[2]) for b in bars]
    span = fire_jobber.SPAN
    assert widths == [span * v / 100 for v in (60, 40, 20, 20, 10, 25, 10, 15)]
    # Each job's pair sits below the previous job's pair.
    tops = [int(b[1]) for b in bars]
    assert tops == sorted(tops)
    assert ">60 %</text>" in svg and ">25 %</text>" in svg
    assert '<rect class="fj-key" data-split="today"' in svg
    assert '<rect class="fj-key" data-split="should"' in svg
    assert ">I dag</text>" in svg and ">Bør være</text>" in svg
    table = re.search(r"<table class=\"fj-table\">.*?</table>", page, re.S).group()
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num">([^<]+)</td>'
        r'<td class="num">([^<]+)</td>\s*<td class="num">([^<]+)</td>',
        table,
    )
    assert rows == [
        ("Få jobben gjort", "60 %", "40 %", "−20"),
        ("Forbedre måten jobben gjøres på", "20 %", "20 %", "±0"),
        ("Utvikle egne medarbeidere og team", "10 %", "25 %", "+15"),
        ("Utvikle eget lederskap", "10 %", "15 %", "+5"),
    ]


def test_drawing_of_a_partial_draft_and_of_nothing():
    html = str(TOOL.draw({"today": {"deliver": 100}, "should": "ødelagt"}, []))
    assert ">100 %</text>" in html and html.count("–") >= 7
    assert TOOL.draw({}, []) is None
    assert TOOL.draw({"today": {"deliver": "70"}}, []) is None


def test_shared_sheet_is_readable_by_the_leaders_leader(org, login):
    boss = PersonFactory.create(full_name="Berit Sjef", unit=org.unit)
    org.leader.leader = boss
    org.leader.save()
    sheet = Worksheet.objects.create(
        person=org.leader,
        tool_key=KEY,
        status="done",
        completed_at=timezone.now(),
        data=SAVED,
        shared_with=boss,
        shared_at=timezone.now(),
    )
    page = login(boss).get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Lena Leder" in page
    assert "Følge opp" in page and ">70 %</text>" in page
    assert login(org.employee).get(sheet.get_absolute_url()).status_code == 404
