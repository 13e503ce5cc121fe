"""Karriereposisjon: the self-awareness proposal from "karrierebevissthet", the adaptability
statements, moving the point, the quadrant rule and the drawing."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet
from aktiv.reflections.tools.karriereposisjon import proposal, quadrant_of

from ..factories import submitted_response

KEY = "karriereposisjon"
# Dimension means 11/3, 3 and 13/3: the first three average 3.67 -> 3.7. The fourth
# (mål og utvikling, all 1) must not count: with it the mean would be 3.0.
AWARENESS_ANSWERS = {
    "karrierebevissthet-1": 4,
    "karrierebevissthet-2": 4,
    "karrierebevissthet-3": 3,
    "kompetansebevissthet-1": 3,
    "kompetansebevissthet-2": 3,
    "kompetansebevissthet-3": 3,
    "motivasjon-og-arbeidsglede-1": 5,
    "motivasjon-og-arbeidsglede-2": 4,
    "motivasjon-og-arbeidsglede-3": 4,
    "mal-og-utvikling-1": 1,
    "mal-og-utvikling-2": 1,
    "mal-og-utvikling-3": 1,
}
# Mean 18/5 = 3.6.
RATINGS = {"adapt-1": 4, "adapt-2": 3, "adapt-3": 4, "adapt-4": 5, "adapt-5": 2}


def rating_post(ratings: dict[str, int] = RATINGS, **fields: str) -> dict[str, str]:
    return {f"rating_{key}": str(value) for key, value in ratings.items()} | fields


def start(client: Client) -> Worksheet:
    client.post(reverse("reflections:start", args=[KEY]))
    return Worksheet.objects.drafts().get(tool_key=KEY)


def save(client: Client, sheet: Worksheet, data: dict[str, str], done: bool = False):
    action = {"done": "1"} if done else {"save": "1"}
    return client.post(reverse("reflections:save", args=[sheet.uuid]), data | action)


def circles(html: str, group: str) -> list[tuple[float, float]]:
    """The (cx, cy) of the point circles in one <g class="…"> of the drawing."""
    match = re.search(rf'<g class="{group}">(.*?)</g>', html, re.S)
    assert match, group
    return [
        (float(cx), float(cy))
        for cx, cy in re.findall(r'<circle cx="([^"]+)" cy="([^"]+)" r="(?:5|11)"', match[1])
    ]


@pytest.mark.parametrize(
    ("awareness", "adaptability", "quadrant"),
    [
        (4.0, 4.0, "proaktiv"),
        (4.0, 2.0, "handlingslammet"),
        (2.0, 2.0, "brikke"),
        (2.0, 4.0, "reaktiv"),
        # The midline counts as high on both axes.
        (3.0, 3.0, "proaktiv"),
        (3.0, 2.9, "handlingslammet"),
        (2.9, 3.0, "reaktiv"),
    ],
)
def test_quadrant_rule(awareness, adaptability, quadrant):
    assert quadrant_of(awareness, adaptability) == quadrant


def test_proposal_uses_latest_response_and_first_three_dimensions(org):
    submitted_response(
        org.employee,
        "karrierebevissthet",
        value=1,
        submitted_at=timezone.now() - timedelta(days=90),
    )
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    submitted_response(org.colleague, "karrierebevissthet", value=5)
    data = proposal(org.employee)
    assert data["proposed"] == {"self_awareness": 3.7, "adaptability": None}
    assert data["self_awareness_source"] == timezone.localdate().isoformat()


def test_no_proposal_without_response(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", value=5)
    assert proposal(org.employee) == {}


def test_start_stores_proposal_and_page_shows_it(org, login):
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    client = login(org.employee)
    sheet = start(client)
    assert sheet.data["proposed"]["self_awareness"] == 3.7
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Forslag: <strong>3,7</strong>" in page
    assert "ikke en psykologisk test" in page
    assert page.count('type="radio"') == 25


def test_without_response_the_page_links_to_the_instrument(org, login):
    client = login(org.employee)
    sheet = start(client)
    assert sheet.data == {}
    page = client.get(sheet.get_absolute_url()).content.decode()
    link = reverse("assessments:instrument", args=["karrierebevissthet"])
    assert f'href="{link}"' in page
    assert "Du har ikke levert egenvurderingen" in page


def test_save_uses_proposals_when_inputs_are_empty(org, login):
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    client = login(org.employee)
    sheet = start(client)
    assert save(client, sheet, rating_post(self_awareness="", adaptability="")).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "draft"
    assert sheet.data["ratings"] == RATINGS
    assert sheet.data["proposed"] == {"self_awareness": 3.7, "adaptability": 3.6}
    assert sheet.data["chosen"] == {"self_awareness": None, "adaptability": None}
    assert sheet.data["position"] == {"self_awareness": 3.7, "adaptability": 3.6}
    assert sheet.data["quadrant"] == "proaktiv"


def test_moving_the_point_overrides_the_proposals(org, login):
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, rating_post(self_awareness="2,45", adaptability="4.1"), done=True)
    sheet.refresh_from_db()
    assert sheet.status == "done"
    assert sheet.data["proposed"] == {"self_awareness": 3.7, "adaptability": 3.6}
    assert sheet.data["chosen"] == {"self_awareness": 2.5, "adaptability": 4.1}
    assert sheet.data["position"] == {"self_awareness": 2.5, "adaptability": 4.1}
    assert sheet.data["quadrant"] == "reaktiv"


def test_partial_ratings_give_no_adaptability_proposal(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, rating_post({"adapt-1": 5, "adapt-2": 5}, self_awareness="4"))
    sheet.refresh_from_db()
    assert sheet.data["proposed"]["adaptability"] is None
    assert sheet.data["position"] is None and sheet.data["quadrant"] is None


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"self_awareness": "høy"}, "Skriv et tall fra 1,0 til 5,0, for eksempel 3,5."),
        ({"self_awareness": "0,5"}, "Skriv et tall fra 1,0 til 5,0, for eksempel 3,5."),
        ({"adaptability": "5.5"}, "Skriv et tall fra 1,0 til 5,0, for eksempel 3,5."),
        ({"adaptability": "nan"}, "Skriv et tall fra 1,0 til 5,0, for eksempel 3,5."),
        ({"rating_adapt-3": "7"}, "Velg et tall fra 1 til 5."),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(org, login, post, message):
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, rating_post(self_awareness="3", reflection="Første tanke"))
    sheet.refresh_from_db()
    before = sheet.data

    result = save(client, sheet, rating_post(self_awareness="3", reflection="Endret") | post)
    assert result.status_code == 400
    assert message in result.content.decode()
    sheet.refresh_from_db()
    assert sheet.data == before and sheet.status == "draft"


def test_done_needs_both_coordinates(org, login):
    client = login(org.employee)
    sheet = start(client)
    result = save(client, sheet, rating_post({"adapt-1": 3}), done=True)
    assert result.status_code == 400
    page = result.content.decode()
    assert "Skriv inn selvbevisstheten din (1,0–5,0) før du markerer arket som ferdig" in page
    assert "Vurder alle de fem utsagnene, eller skriv inn omstillingsdyktigheten din" in page
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.data == {}

    # Without a self-assessment, the person sets self-awareness themselves.
    assert save(client, sheet, rating_post(self_awareness="4,2"), done=True).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "done"
    assert sheet.data["position"] == {"self_awareness": 4.2, "adaptability": 3.6}


def test_drawing_places_points_by_their_values(org, login):
    """Adaptability 1–5 runs x 62–482, self-awareness 5–1 runs y 16–436."""
    earlier = Worksheet.objects.create(
        person=org.employee,
        tool_key=KEY,
        status="done",
        completed_at=timezone.now() - timedelta(days=200),
        data={
            "position": {"self_awareness": 2.0, "adaptability": 2.0},
            "quadrant": "brikke",
            "saved_on": "2026-03-02",
        },
    )
    Worksheet.objects.filter(pk=earlier.pk).update(created_at=timezone.now() - timedelta(days=200))
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, rating_post(self_awareness="3,7", adaptability="4,4"), done=True)
    page = client.get(sheet.get_absolute_url()).content.decode()

    assert circles(page, "career-current") == [(419.0, 152.5)]
    assert circles(page, "career-earlier") == [(167.0, 331.0)]
    assert 'points="167.0,331.0 419.0,152.5"' in page
    assert "Karriereposisjon: PROAKTIV (selvbevissthet 3,7, omstillingsdyktighet 4,4)" in page
    for name in ("PROAKTIV", "HANDLINGSLAMMET", "BRIKKE", "REAKTIV", "Selvbevissthet"):
        assert name in page
    assert "Mulighetsorientert, jobber planmessig med egen karriere og utvikling" in page
    table = page[page.index("<caption>Plasseringer over tid") :]
    rows = re.findall(r"<tr.*?</tr>", table, re.S)
    assert "2. mars 2026" in rows[1] and "BRIKKE" in rows[1] and "2,0" in rows[1]
    assert "denne versjonen" in rows[2] and "PROAKTIV" in rows[2] and "4,4" in rows[2]


def test_point_on_the_midline_is_drawn_on_it_and_named_high(org):
    tool = registry.get(KEY)
    html = tool.draw(
        {"position": {"self_awareness": 3.0, "adaptability": 3.0}, "saved_on": "2026-01-05"}, []
    )
    assert html is not None
    assert circles(html, "career-current") == [(272.0, 226.0)]
    assert "Karriereposisjon: PROAKTIV" in html


def test_no_drawing_before_a_position_exists():
    assert registry.get(KEY).draw({"ratings": {"adapt-1": 3}}, []) is None


def test_leader_reads_shared_worksheet_and_others_get_404(org, login):
    client = login(org.employee)
    sheet = start(client)
    save(
        client,
        sheet,
        rating_post(self_awareness="2", towards_proactive="Be om nye oppgaver"),
        done=True,
    )
    sheet.refresh_from_db()
    sheet.share_with_leader()
    page = login(org.leader).get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Emma Medarbeider" in page
    assert "HANDLINGSLAMMET" in page and "Be om nye oppgaver" in page
    assert "Jeg søker selv nye oppgaver og utfordringer" in page
    assert 'name="rating_adapt-1"' not in page
    for other in (org.colleague, org.other_leader, org.hr):
        assert login(other).get(sheet.get_absolute_url()).status_code == 404


def test_a_shared_worksheet_shows_no_value_derived_from_an_unshared_response(org, login):
    """The self-awareness proposal comes from the employee's karrierebevissthet answers: the
    leader a worksheet is shared with sees the employee's placement, never the proposal."""
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    client = login(org.employee)
    sheet = start(client)
    save(client, sheet, rating_post(self_awareness="2", adaptability="4"), done=True)
    sheet.refresh_from_db()
    sheet.share_with_leader()
    own = client.get(sheet.get_absolute_url()).content.decode()
    assert "forslag fra egenvurderingen om karrierebevissthet: 3,7" in own
    page = login(org.leader).get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Emma Medarbeider" in page
    assert "3,7" not in page and "egenvurderingen om karrierebevissthet" not in page


def test_a_new_version_starts_from_the_new_proposal(org, login):
    """Last time's typed position belongs to last time; a newer self-assessment proposes."""
    submitted_response(org.employee, "karrierebevissthet", value=AWARENESS_ANSWERS)
    client = login(org.employee)
    sheet = start(client)
    save(
        client, sheet, rating_post(self_awareness="2,0", adaptability="2,0", meaning="x"), done=True
    )
    submitted_response(
        org.employee, "karrierebevissthet", value=dict.fromkeys(AWARENESS_ANSWERS, 5)
    )
    client.post(reverse("reflections:start", args=[KEY]))
    new = Worksheet.objects.drafts().get(tool_key=KEY)
    assert new.pk != sheet.pk
    assert new.data["proposed"]["self_awareness"] == 5.0
    assert new.data["chosen"] == {"self_awareness": None, "adaptability": None}
    assert new.data["ratings"] == RATINGS  # the answers carry over
    page = client.get(new.get_absolute_url()).content.decode()
    assert "Forslag: <strong>5,0</strong>" in page
