"""Kjernekvadranten: core quality → pitfall → challenge → allergy, with worked examples, and
the classic quadrant drawn with the person's words."""

import re

import pytest
from django.utils import timezone

from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet
from aktiv.reflections.tools import kjernekvadranten

from .helpers import assert_unchanged as unchanged
from .helpers import draft_with, post

KEY = "kjernekvadranten"
TOOL = registry.get(KEY)

SAVED = {
    "core_quality": "Omsorg",
    "pitfall": "",
    "challenge": "",
    "allergy": "",
    "notice_pitfall": "",
    "practice": "",
}
WORDS = {
    "core_quality": "Besluttsomhet",
    "pitfall": "Pågåenhet",
    "challenge": "Tålmodighet",
    "allergy": "Passivitet",
}


@pytest.fixture
def client(org, login):
    return login(org.employee)


@pytest.fixture
def sheet(org, client):
    return draft_with(client, org.employee, KEY, SAVED)


def assert_unchanged(sheet):
    unchanged(sheet, SAVED)


def box_words(svg, corner):
    """The words drawn in one corner's box (the texts after its rect, up to the next)."""
    after = svg.split(f'data-corner="{corner}"', 1)[1].split("<rect", 1)[0]
    return re.findall(r'<text class="kk-word"[^>]*>([^<]*)</text>', after)


def test_tool_is_for_everyone_with_examples():
    assert TOOL.audience == "everyone" and TOOL.order == 70
    assert "utviklet av nederlenderen Daniel Ofman" in TOOL.content["about"]
    assert len(TOOL.content["examples"]) >= 2
    for example in TOOL.content["examples"]:
        assert set(example) == set(kjernekvadranten.CORNERS)


def test_edit_page_shows_help_and_examples(sheet, client):
    page = client.get(sheet.get_absolute_url()).content.decode()
    for key in kjernekvadranten.CORNERS:
        corner = TOOL.content["corners"][key]
        assert f'<label for="id_{key}">{corner["label"]}</label>' in page
        assert corner["help"] in page
    assert "Eksempler å lære av" in page
    assert "<dd>Tålmodighet</dd>" in page and "<dd>Orden og struktur</dd>" in page
    assert 'maxlength="200"' in page
    assert "Når merker du fallgruven din?" in page
    assert "Hva kan du øve på for å vokse i utfordringen?" in page


def test_draft_may_be_incomplete(sheet, client):
    assert post(client, sheet, {"core_quality": "  Fleksibilitet "}).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.status == "draft" and stored.data["core_quality"] == "Fleksibilitet"
    assert stored.data["allergy"] == ""


def test_mark_done_stores_all_four_and_the_reflection(sheet, client):
    data = WORDS | {"notice_pitfall": "Under tidspress", "practice": "Vente og lytte"}
    assert post(client, sheet, data, done=True).status_code == 302
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.status == "done" and stored.completed_at
    assert stored.data == data


@pytest.mark.parametrize("missing", kjernekvadranten.CORNERS)
def test_mark_done_needs_all_four(sheet, client, missing):
    result = post(client, sheet, WORDS | {missing: " "}, done=True)
    assert result.status_code == 400
    label = TOOL.content["corners"][missing]["label"]
    page = result.content.decode()
    assert f'<a href="#id_{missing}">{label}</a>: Fyll ut dette før du markerer' in page
    assert_unchanged(sheet)


def test_word_longer_than_200_characters_is_refused(sheet, client):
    result = post(client, sheet, WORDS | {"challenge": "å" * 201})
    assert result.status_code == 400
    assert "Skriv kortere: høyst 200 tegn (nå 201)." in result.content.decode()
    assert_unchanged(sheet)


def test_drawing_puts_the_words_in_the_classic_quadrant(sheet, client):
    post(client, sheet, WORDS, done=True)
    page = client.get(sheet.get_absolute_url()).content.decode()
    svg = re.search(r"<svg class=\"drawing kk-quadrant\".*?</svg>", page, re.S).group()
    assert 'role="img"' in svg and '<title id="kjernekvadranten-title">' in svg
    boxes = dict(
        (corner, (int(x), int(y)))
        for corner, x, y in re.findall(r'data-corner="(\w+)" x="(\d+)" y="(\d+)"', svg)
    )
    core, pitfall, challenge, allergy = (boxes[key] for key in kjernekvadranten.CORNERS)
    # Top left, top right, bottom right, bottom left.
    assert core[1] == pitfall[1] < challenge[1] == allergy[1]
    assert core[0] == allergy[0] < pitfall[0] == challenge[0]
    for key, word in WORDS.items():
        assert box_words(svg, key) == [word]
    labels = re.findall(r'font-style="italic"[^>]*>([^<]+)</text>', svg)
    assert labels == ["for mye", "positiv motsatt", "for mye", "negativ motsatt"]
    # The arrows go core → pitfall (right), pitfall → challenge (down), challenge → allergy
    # (left) and allergy → core (up).
    arrows = [
        tuple(int(v) for v in a)
        for a in re.findall(r'class="kk-arrow" x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="(\d+)"', svg)
    ]
    (a, b, c, d) = arrows
    assert a[2] > a[0] and b[3] > b[1] and c[2] < c[0] and d[3] < d[1]
    listing = re.search(r'<ol class="kk-list">.*?</ol>', page, re.S).group()
    assert re.findall(r"<strong>(\w+)</strong>", listing) == [
        "Kjernekvalitet",
        "Fallgruve",
        "Utfordring",
        "Allergi",
    ]
    assert "Pågåenhet" in listing and "(for mye av kjernekvaliteten)" in listing


def test_long_words_wrap_to_two_lines_and_are_cut_only_in_the_drawing():
    long = "Pågåenhet når jeg er stresset og vil ha ting gjort med en gang"
    html = str(TOOL.draw(WORDS | {"pitfall": long, "challenge": "Tålmodighet og ro"}, []))
    svg = re.search(r"<svg.*?</svg>", html, re.S).group()
    pitfall = box_words(svg, "pitfall")
    assert len(pitfall) == 2 and pitfall[1].endswith("…")
    assert all(len(line) <= kjernekvadranten.LINE_CHARS for line in pitfall)
    assert box_words(svg, "challenge") == ["Tålmodighet og", "ro"]
    assert long in html.split("</svg>")[1]


def test_drawing_escapes_and_marks_missing_words():
    html = str(TOOL.draw({"core_quality": "<i>Mot</i>"}, []))
    assert "<i>Mot</i>" not in html and "&lt;i&gt;Mot&lt;/i&gt;" in html
    assert html.count("ikke fylt ut") == 3
    assert TOOL.draw({}, []) is None and TOOL.draw({"core_quality": "  "}, []) is None


def test_shared_sheet_is_readable_by_the_leader_only(org, login):
    sheet = Worksheet.objects.create(
        person=org.employee,
        tool_key=KEY,
        status="done",
        completed_at=timezone.now(),
        data=WORDS | {"notice_pitfall": "I møter", "practice": ""},
        shared_with=org.leader,
        shared_at=timezone.now(),
    )
    page = login(org.leader).get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Emma Medarbeider" in page
    assert "Tålmodighet" in page and "I møter" in page and "Ikke besvart" in page
    assert login(org.hr).get(sheet.get_absolute_url()).status_code == 404
