"""Prioritering: tasks placed in the important × urgent model today and as they should be,
the five reflection questions, and the two models drawn side by side."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet
from aktiv.reflections.tools import prioritering

from .helpers import assert_unchanged as unchanged
from .helpers import draft_with, post

KEY = "prioritering"
TOOL = registry.get(KEY)
Q = prioritering.QUADRANT
LEFT = prioritering.LEFT
TOP = prioritering.TOP

SAVED = {
    "tasks": [
        {"title": "E-post", "today": "important_urgent", "should": "urgent_not_important"},
    ],
    "stop": "Sjekke e-post hele tiden",
    "less": "",
    "more": "",
    "start": "",
    "clarify": "",
}


def task(number, title="", today="", should=""):
    return {
        f"task_{number}_title": title,
        f"task_{number}_today": today,
        f"task_{number}_should": should,
    }


@pytest.fixture
def client(org, login):
    return login(org.employee)


@pytest.fixture
def sheet(org, client):
    return draft_with(client, org.employee, KEY, SAVED)


def assert_unchanged(sheet):
    unchanged(sheet, SAVED)


def markers(svg):
    return {
        int(number): (int(x), int(y))
        for number, x, y in re.findall(
            r'<circle class="prio-marker" data-task="(\d+)" cx="(\d+)" cy="(\d+)"', svg
        )
    }


def quadrant_of(point):
    """Which quadrant a point lies in: (important, urgent)."""
    x, y = point
    assert LEFT < x < LEFT + 2 * Q and TOP < y < TOP + 2 * Q
    return (y < TOP + Q, x > LEFT + Q)


def test_tool_is_declared_for_everyone_with_the_seed_texts():
    assert TOOL.audience == "everyone" and TOOL.order == 20
    content = TOOL.content
    assert content["steps"][2] == "Skriv inn i modellen slik du prioriterer i dag."
    assert [q["question"] for q in content["questions"]] == [
        "Er det noe jeg må slutte å gjøre?",
        "Er det noe jeg må gjøre mindre av?",
        "Er det noe jeg må gjøre mer av?",
        "Er det noe jeg må begynne å gjøre?",
        "Trenger jeg å avklare noe med min nærmeste leder eller kolleger?",
    ]
    assert [q["label"] for q in content["quadrants"]] == [
        "Viktig og haster",
        "Viktig, men haster ikke",
        "Haster, men er ikke viktig",
        "Verken viktig eller haster",
    ]


def test_edit_page_shows_steps_rows_and_questions(sheet, client):
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Hva jobber du med og hva bør du egentlig jobbe med?" in page
    assert "Gjør en vurdering av hvordan du styrer din egen tid" in page
    assert page.count('name="task_') == 3 * prioritering.MAX_TASKS
    assert 'value="E-post"' in page
    # Five rows shown, the rest folded away behind "Flere rader".
    shown, folded = page.split('<details class="prio-more">')
    assert (
        shown.count('<fieldset class="prio-task') == 5
        and folded.count('<fieldset class="prio-task') == 5
    )
    assert 'for="id_task_1_today">Slik prioriterer jeg i dag</label>' in page
    assert "Trenger jeg å avklare noe med min nærmeste leder eller kolleger?" in page


def test_draft_keeps_tasks_in_order_and_skips_empty_rows(org, sheet, client):
    data = (
        task(1, "Møter", "important_urgent", "important_urgent")
        | task(2)
        | task(3, "Planlegging", "neither")
        | {"more": "Planlegge"}
    )
    assert post(client, sheet, data).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.status == "draft"
    assert stored.data["tasks"] == [
        {"title": "Møter", "today": "important_urgent", "should": "important_urgent"},
        {"title": "Planlegging", "today": "neither", "should": None},
    ]
    assert stored.data["more"] == "Planlegge" and stored.data["stop"] == ""


def test_mark_done_with_one_complete_task_and_no_answers(sheet, client):
    data = task(1, "Rapport", "important_urgent", "important_not_urgent")
    assert post(client, sheet, data, done=True).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.status == "done" and stored.completed_at
    assert stored.data["tasks"] == [
        {"title": "Rapport", "today": "important_urgent", "should": "important_not_urgent"}
    ]


def test_mark_done_needs_at_least_one_task(sheet, client):
    result = post(client, sheet, {"stop": "Noe"}, done=True)
    assert result.status_code == 400
    assert "Skriv inn minst én oppgave og plasser den i begge modellene" in result.content.decode()
    assert_unchanged(sheet)


def test_mark_done_needs_both_placements_of_every_task(sheet, client):
    data = task(1, "Rapport", "important_urgent", "neither") | task(2, "Budsjett", "neither")
    result = post(client, sheet, data, done=True)
    assert result.status_code == 400
    page = result.content.decode()
    assert "Velg hvor oppgaven bør stå før du markerer arket som ferdig." in page
    assert '<a href="#id_task_2_should">Oppgave 2: slik bør jeg prioritere</a>' in page
    assert "Skriv inn minst én oppgave" not in page
    assert_unchanged(sheet)


def test_placement_without_title_is_refused_even_in_a_draft(sheet, client):
    result = post(client, sheet, task(1, "E-post", "neither", "neither") | task(4, "", "neither"))
    assert result.status_code == 400
    page = result.content.decode()
    assert "Skriv hva oppgaven er, eller fjern plasseringen." in page
    assert '<a href="#id_task_4_title">Oppgave 4</a>' in page
    assert_unchanged(sheet)


def test_unknown_quadrant_is_refused(sheet, client):
    result = post(client, sheet, task(1, "E-post", "important", "neither"))
    assert result.status_code == 400
    assert "Velg en av de fire rutene i modellen." in result.content.decode()
    assert_unchanged(sheet)


def test_too_long_title_is_refused(sheet, client):
    result = post(client, sheet, task(1, "x" * 201, "neither", "neither"))
    assert result.status_code == 400
    assert "Skriv kortere: høyst 200 tegn (nå 201)." in result.content.decode()
    assert_unchanged(sheet)


def test_too_long_answer_is_refused(sheet, client):
    result = post(client, sheet, task(1, "E-post") | {"clarify": "x" * 5001})
    assert result.status_code == 400
    assert_unchanged(sheet)


def test_rows_after_the_last_used_one_are_shown(sheet, client):
    data = {}
    for number in range(1, 8):
        data |= task(number, f"Oppgave nummer {number}", "neither", "neither")
    post(client, sheet, data)
    page = client.get(sheet.get_absolute_url()).content.decode()
    shown, folded = page.split('<details class="prio-more">')
    assert 'value="Oppgave nummer 7"' in shown
    assert (
        shown.count('<fieldset class="prio-task') == 8
        and folded.count('<fieldset class="prio-task') == 2
    )


def test_drawing_places_each_task_in_both_models(sheet, client):
    data = task(1, "E-post", "important_urgent", "urgent_not_important") | task(
        2, "Utviklingsplan", "neither", "important_not_urgent"
    )
    data |= task(3, "Oppfølging", "important_urgent", "important_urgent")
    post(client, sheet, data, done=True)
    page = client.get(sheet.get_absolute_url()).content.decode()
    today, should = re.findall(r"<svg class=\"drawing prio-grid\".*?</svg>", page, re.S)
    assert '<title id="prioritering-today-title">Slik prioriterer jeg i dag</title>' in today
    assert '<title id="prioritering-should-title">Slik bør jeg prioritere</title>' in should
    assert 'role="img"' in today and 'aria-labelledby="prioritering-today-title"' in today
    assert {n: quadrant_of(p) for n, p in markers(today).items()} == {
        1: (True, True),
        2: (False, False),
        3: (True, True),
    }
    assert {n: quadrant_of(p) for n, p in markers(should).items()} == {
        1: (False, True),
        2: (True, False),
        3: (True, True),
    }
    # Two markers in one quadrant do not overlap.
    assert markers(today)[1] != markers(today)[3]
    assert "2 av 3 oppgaver bør flyttes." in page
    rows = re.findall(r"<tr( class=\"prio-moved\")?>\s*<td class=\"num\">(\d)</td>", page)
    assert rows == [(' class="prio-moved"', "1"), (' class="prio-moved"', "2"), ("", "3")]
    assert "<strong>Ja</strong>" in page and ">Nei<" in page


def test_drawing_fits_ten_tasks_in_one_quadrant(sheet, client):
    data = {}
    for number in range(1, 11):
        data |= task(number, f"Oppgave {number}", "neither", "important_urgent")
    post(client, sheet, data)
    drawing = TOOL.draw(Worksheet.objects.get(pk=sheet.pk).data, [])
    today = re.findall(r"<svg class=\"drawing.*?</svg>", str(drawing), re.S)[0]
    points = markers(today)
    assert len(points) == 10 and len(set(points.values())) == 10
    for x, y in points.values():
        # Inside the bottom-left quadrant with room for the marker's radius.
        assert LEFT + 13 <= x <= LEFT + Q - 13 and TOP + Q + 13 <= y <= TOP + 2 * Q - 13


def test_drawing_escapes_text_and_skips_unplaced_tasks():
    data = {"tasks": [{"title": "<b>Møte</b>", "today": "neither", "should": None}]}
    html = str(TOOL.draw(data, []))
    assert "<b>Møte</b>" not in html and "&lt;b&gt;Møte&lt;/b&gt;" in html
    today, should = re.findall(r"<svg class=\"drawing.*?</svg>", html, re.S)
    assert len(markers(today)) == 1 and markers(should) == {}
    assert "Ikke plassert" in html and "Ingen av oppgavene bør flyttes." in html
    assert TOOL.draw({}, []) is None
    assert TOOL.draw({"tasks": "ødelagt"}, []) is None


def test_finished_sheet_shows_answers_to_the_leader_it_is_shared_with(org, login):
    sheet = Worksheet.objects.create(
        person=org.employee,
        tool_key=KEY,
        status="done",
        completed_at=timezone.now(),
        data=SAVED,
        shared_with=org.leader,
        shared_at=timezone.now(),
    )
    page = login(org.leader).get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Emma Medarbeider" in page
    assert "Sjekke e-post hele tiden" in page and "Ikke besvart" in page
    assert "<svg" in page and "E-post" in page
    assert login(org.colleague).get(sheet.get_absolute_url()).status_code == 404


def test_new_version_is_prefilled_from_the_last(org, client):
    Worksheet.objects.create(
        person=org.employee, tool_key=KEY, status="done", completed_at=timezone.now(), data=SAVED
    )
    client.post(reverse("reflections:start", args=[KEY]))
    draft = Worksheet.objects.drafts().get(person=org.employee, tool_key=KEY)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'value="E-post"' in page
    assert '<option value="urgent_not_important" selected>' in page
