"""KAN – LIKER – organisasjonens behov: the three lists, the core area ticked over the lists
as last saved, and the three-circle drawing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from aktiv.goals.models import Goal
from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet
from aktiv.reflections.tools.kan_liker import split_entries

from ..goals.helpers import open_period

KEY = "kan-liker"
LISTS = {
    "can": "Barnehagelærer\n  Veiledning av nyansatte  \n\nSpråkarbeid\nveiledning av nyansatte\n",
    "like": "Veiledning av nyansatte\nMusikk og drama",
    "needs": "Rekruttere fagfolk\nSpråkarbeid",
}


def start(client: Client) -> Worksheet:
    client.post(reverse("reflections:start", args=[KEY]))
    return Worksheet.objects.drafts().get(tool_key=KEY)


def save(client: Client, sheet: Worksheet, data: dict, done: bool = False):
    action = {"done": "1"} if done else {"save": "1"}
    return client.post(reverse("reflections:save", args=[sheet.uuid]), data | action)


def group(html: str, css_class: str, data_list: str = "") -> list[str]:
    """The texts in one <g> of the drawing."""
    attrs = f'class="{css_class}"' + (f' data-list="{data_list}"' if data_list else "")
    match = re.search(rf"<g {attrs}>(.*?)</g>", html, re.S)
    assert match, attrs
    return re.findall(r"<text[^>]*>([^<]*)</text>", match[1])


def test_split_entries_trims_and_drops_empty_lines_and_repeats():
    assert split_entries(" A  b \n\n a B\nC\r\n  \nc") == ["A b", "C"]


def test_organisation_needs_start_empty_without_goals(org, login):
    client = login(org.employee)
    sheet = start(client)
    assert sheet.data == {}
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Listen starter med målene til organisasjonen og enheten din" in page
    assert "Ingen punkter ennå. Skriv listene, så kan du krysse av her." in page
    assert 'type="checkbox"' not in page


def test_organisation_needs_start_from_the_goals_the_person_can_see(org, login):
    period = open_period(org)
    Goal.objects.create(period=period, level="organisation", title="Trygge barnehager")
    Goal.objects.create(period=period, level="unit", unit=org.unit, title="Flere fagfolk")
    Goal.objects.create(period=period, level="unit", unit=org.other_unit, title="Nye veier")
    client = login(org.employee)
    sheet = start(client)
    assert sheet.data == {"needs": ["Trygge barnehager", "Flere fagfolk"]}
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Trygge barnehager\nFlere fagfolk</textarea>" in page
    assert "Nye veier" not in page
    # A later version with its own needs keeps them.
    save(
        client, sheet, {"can": "Språk", "like": "Språk", "needs": "Språk", "core": ["Språk"]}, True
    )
    client.post(reverse("reflections:start", args=[KEY]))
    assert Worksheet.objects.drafts().get(tool_key=KEY).data["needs"] == ["Språk"]


def test_the_core_can_be_ticked_before_the_first_save(org, login):
    client = login(org.employee)
    sheet = start(client)
    # The page asks for the boxes while the person types; nothing is stored.
    result = client.post(reverse("reflections:core", args=[sheet.uuid]), LISTS)
    assert result.status_code == 200
    assert result.content.decode().count('type="checkbox"') == 5
    sheet.refresh_from_db()
    assert sheet.data == {}
    post = LISTS | {"core": ["Språkarbeid"]}
    assert save(client, sheet, post).status_code == 302
    sheet.refresh_from_db()
    assert sheet.data["core"] == ["Språkarbeid"]


def test_the_core_boxes_are_refused_for_a_finished_or_other_sheet(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, LISTS | {"core": ["Språkarbeid"], "meaning": "x"}, done=True)
    assert client.post(reverse("reflections:core", args=[sheet.uuid]), LISTS).status_code == 404
    other = Worksheet.objects.create(person=org.employee, tool_key="tre-sporsmal")
    assert client.post(reverse("reflections:core", args=[other.uuid]), LISTS).status_code == 404


def test_write_save_then_tick_core(org, login):
    client = login(org.employee)
    sheet = start(client)
    assert save(client, sheet, LISTS).status_code == 302
    sheet.refresh_from_db()
    assert sheet.data["can"] == ["Barnehagelærer", "Veiledning av nyansatte", "Språkarbeid"]
    assert sheet.data["like"] == ["Veiledning av nyansatte", "Musikk og drama"]
    assert sheet.data["needs"] == ["Rekruttere fagfolk", "Språkarbeid"]
    assert sheet.data["core"] == []

    # The saved entries are now offered once each, with the lists they are in.
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert page.count('type="checkbox"') == 5
    assert "(KAN, LIKER)" in page and "(KAN, ORGANISASJONENS BEHOV)" in page

    post = LISTS | {"core": ["Veiledning av nyansatte", "Språkarbeid"], "meaning": "Mål"}
    save(client, sheet, post, done=True)
    sheet.refresh_from_db()
    assert sheet.status == "done"
    assert sheet.data["core"] == ["Veiledning av nyansatte", "Språkarbeid"]
    assert sheet.data["meaning"] == "Mål"


def test_ticks_of_removed_entries_disappear(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, LISTS)
    save(client, sheet, LISTS | {"core": ["Språkarbeid", "Musikk og drama"]})
    sheet.refresh_from_db()
    assert sheet.data["core"] == ["Språkarbeid", "Musikk og drama"]

    changed = LISTS | {"can": "Barnehagelærer", "needs": "Rekruttere fagfolk"}
    save(client, sheet, changed | {"core": ["Språkarbeid", "Musikk og drama"]})
    sheet.refresh_from_db()
    assert sheet.data["can"] == ["Barnehagelærer"]
    assert sheet.data["core"] == ["Musikk og drama"]


@pytest.mark.parametrize(
    ("post", "message"),
    [
        (
            {"can": "\n".join(f"Punkt {n}" for n in range(16))},
            "KAN har 16 punkter. Skriv høyst 15, ett per linje.",
        ),
        (
            {"like": "Kort\n" + "L" * 201},
            "Et punkt kan ha høyst 200 tegn. «" + "L" * 30 + "…» har 201.",
        ),
        ({"needs": "x" * 10_001}, "Teksten er for lang."),
        (
            {"core": ["Noe som aldri er lagret"]},
            "«Noe som aldri er lagret» står ikke i noen av listene.",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(org, login, post, message):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, LISTS | {"meaning": "Før"})
    sheet.refresh_from_db()
    before = sheet.data

    result = save(client, sheet, LISTS | {"meaning": "Etter"} | post)
    assert result.status_code == 400
    assert message in result.content.decode()
    sheet.refresh_from_db()
    assert sheet.data == before and sheet.status == "draft"


def test_done_needs_three_lists_and_a_core(org, login):
    client = login(org.employee)
    sheet = start(client)
    result = save(client, sheet, {"can": "Snekring"}, done=True)
    assert result.status_code == 400
    page = result.content.decode()
    # LIKER and ORGANISASJONENS BEHOV, each in the summary and at the field.
    assert page.count("Skriv minst ett punkt før du markerer arket som ferdig.") == 4
    assert "Fyll ut dette" not in page
    assert "Kryss av for minst ett punkt i kjerneområdet" in page
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.data == {}


def test_drawing_has_three_circles_and_the_core_in_the_middle(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, LISTS)
    save(client, sheet, LISTS | {"core": ["Veiledning av nyansatte"]}, done=True)
    page = client.get(sheet.get_absolute_url()).content.decode()

    found = re.findall(r'<circle class="venn-circle" data-list="(\w+)" cx="([\d.]+)"', page)
    assert [key for key, _cx in found] == ["can", "like", "needs"]
    for name in ("KAN", "LIKER", "ORGANISASJONENS BEHOV"):
        assert re.search(rf"<text[^>]*>{name}</text>", page), name
    assert group(page, "venn-core") == [
        "Kjerneområde –",
        "felles fokus her",
        "Veiledning av nyansatte",
    ]
    # A core entry is written in the middle, not again in its circles; an entry in two
    # lists where those two overlap, once.
    assert group(page, "venn-list", "can") == ["Barnehagelærer"]
    assert group(page, "venn-list", "like") == ["Musikk og drama"]
    assert group(page, "venn-list", "needs") == ["Rekruttere fagfolk"]
    overlap = re.search(r'<g class="venn-overlap" data-lists="can needs">(.*?)</g>', page, re.S)
    assert overlap and re.findall(r"<text[^>]*>([^<]*)</text>", overlap[1]) == ["Språkarbeid"]
    # The text equivalent lists every entry.
    caption = page[page.index("<figcaption") : page.index("</figcaption>")]
    assert caption.count("<li>Veiledning av nyansatte</li>") == 3
    assert "Kjerneområde – felles fokus her" in caption


def test_long_lists_are_cut_in_the_drawing_but_not_in_the_text():
    entries = [f"Erfaring nummer {n}" for n in range(1, 16)]
    long_entry = "En svært lang beskrivelse av en kvalifikasjon som ikke får plass"
    html = registry.get(KEY).draw(
        {"can": entries, "like": [long_entry], "needs": [], "core": []}, []
    )
    assert html is not None
    can = group(html, "venn-list", "can")
    assert can[-1] == f"+{15 - (len(can) - 1)} til"
    assert can[:-1] == entries[: len(can) - 1]
    like = group(html, "venn-list", "like")
    assert len(like) == 1 and like[0].endswith("…") and long_entry.startswith(like[0][:-1])
    assert group(html, "venn-list", "needs") == ["Ingen punkter ennå"]
    assert group(html, "venn-core")[-1] == "Ingen valgt ennå"
    for entry in [*entries, long_entry]:
        assert f"<li>{entry}</li>" in html
    # SVG numbers keep their decimal point under the Norwegian locale.
    assert not re.search(r'(?:x|y|cx|cy)="\d+,\d', html)


def test_no_drawing_without_entries():
    assert registry.get(KEY).draw({"meaning": "Noe"}, []) is None


def test_shared_worksheet_is_read_only_for_the_leader(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, LISTS)
    post = LISTS | {"core": ["Språkarbeid"], "meaning": "Språk blir målet mitt"}
    save(client, sheet, post, done=True)
    sheet.refresh_from_db()
    sheet.share_with_leader()
    page = login(org.leader).get(sheet.get_absolute_url()).content.decode()
    assert "Språk blir målet mitt" in page and "Rekruttere fagfolk" in page
    assert 'type="checkbox"' not in page and "<textarea" not in page
    assert login(org.colleague).get(sheet.get_absolute_url()).status_code == 404
