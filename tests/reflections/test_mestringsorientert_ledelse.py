"""Mestringsorientert ledelse (seed 001): the leader rates themselves on the five marks,
picks a principle, writes one short plan per active direct report; linked to their
lederferdigheter results and the learning catalogue; history with a drawing."""

import pytest
from django.urls import reverse

from aktiv.learning.models import LearningSession
from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet

from ..factories import PersonFactory, submitted_response
from .helpers import assert_unchanged as unchanged
from .helpers import draft_with, post

KEY = "mestringsorientert-ledelse"
TOOL = registry.get(KEY)
MARKS = ("trust", "feedback", "development", "available", "generous")


def marks(*values):
    return {f"mark_{key}": str(value) for key, value in zip(MARKS, values, strict=True)}


def plan(person, text):
    return {f"plan_{person.uuid}": text}


@pytest.fixture
def client(org, login):
    return login(org.leader)


@pytest.fixture
def sheet(org, client):
    return draft_with(client, org.leader, KEY, {"marks": {"trust": 2}})


def test_content_is_the_seeds_wording():
    content = TOOL.content
    assert TOOL.audience == "leaders"
    assert [mark["text"] for mark in content["marks"]] == [
        "gir tillit og autonomi",
        "gir konkrete tilbakemeldinger, råd og støtte",
        "tilbyr utvikling og utfordring",
        "er tilgjengelig og involverer seg",
        "er imøtekommende og raus",
    ]
    assert [give["title"] for give in content["gives"]] == [
        "Retning",
        "Mening",
        "Individuell oppmerksomhet",
    ]
    assert content["principles"][0]["points"] == [
        "Gi oppgaveansvar og delegere myndighet",
        "Tydeliggjøre handlingsrom",
        "Klargjøre oppdraget (hovedoppgave og –mål)",
    ]
    assert "Være inspirerende" in content["principles"][1]["points"]
    assert "Coachende kommunikasjon" in content["principles"][2]["points"]


def test_every_linked_dimension_is_a_lederferdigheter_dimension():
    from aktiv.assessments import definitions

    known = {d.key for d in definitions.latest("lederferdigheter").dimensions}
    linked = {link["dimension_key"] for mark in TOOL.content["marks"] for link in mark["links"]}
    linked |= {p["dimension_key"] for p in TOOL.content["principles"]}
    assert linked == known


def test_employee_gets_404_and_nothing_is_created(org, login):
    client = login(org.employee)
    assert client.get(reverse("reflections:tool", args=[KEY])).status_code == 404
    assert client.post(reverse("reflections:start", args=[KEY])).status_code == 404
    assert not Worksheet.objects.exists()
    assert (
        "Mestringsorientert ledelse"
        not in client.get(reverse("reflections:index")).content.decode()
    )


def test_offered_on_the_leaders_tools_page(client):
    page = client.get(reverse("reflections:index")).content.decode()
    assert "Mestringsorientert ledelse" in page
    assert reverse("reflections:tool", args=[KEY]) in page


def test_edit_page_names_each_active_report_and_links_skills_and_sessions(org, client, sheet):
    PersonFactory.create(full_name="Gunnar Gått", leader=org.leader, is_active=False)
    submitted_response(org.leader, "lederferdigheter", 2)
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Min plan for Emma Medarbeider" in page and "Min plan for Kari Kollega" in page
    assert "Gunnar Gått" not in page
    assert "Retning" in page and "hvor skal vi (mål og rolleavklaring)" in page
    assert "Maktdeling – fremme autonomi og tydeliggjøre rammebetingelser" in page
    # The leader's own lederferdigheter means, and the catalogue's sessions per dimension.
    assert "<strong>2,0</strong>" in page
    delegering = LearningSession.objects.get(title="Delegering")
    assert reverse("learning:session", args=[delegering.uuid]) in page
    assert page.count('name="mark_trust"') == 5
    assert "Lederferdigheter: Maktdeling – fremme autonomi og tydeliggjøre rammebetingelser" in page


def test_save_done_and_history_with_drawing(org, client, sheet):
    data = (
        marks(3, 4, 2, 5, 4)
        | plan(org.employee, "Gi Emma ansvar for budsjettet")
        | plan(org.colleague, "")
        | {"focus": "power", "first_step": "Spørre hva de trenger"}
    )
    assert post(client, sheet, data, done=True).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_done
    assert sheet.data["marks"] == dict(zip(MARKS, [3, 4, 2, 5, 4], strict=True))
    assert sheet.data["focus"] == "power"
    assert sheet.data["people"][0] == {
        "uuid": str(org.employee.uuid),
        "name": "Emma Medarbeider",
        "plan": "Gi Emma ansvar for budsjettet",
    }
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Gi Emma ansvar for budsjettet" in page
    assert "Delegering" in page  # the chosen principle's sessions
    assert "<svg" in page and "<caption>" in page

    # A second round starts from the first; the drawing shows both.
    client.post(reverse("reflections:start", args=[KEY]))
    second = Worksheet.objects.get(person=org.leader, tool_key=KEY, status="draft")
    edit = client.get(second.get_absolute_url()).content.decode()
    assert "Gi Emma ansvar for budsjettet" in edit
    assert post(client, second, data | marks(4, 4, 3, 5, 4), done=True).status_code == 302
    detail = client.get(reverse("reflections:tool", args=[KEY])).content.decode()
    assert "Forrige gang" in detail


def test_plan_is_the_leaders_own_not_the_employees(org, client, sheet, login):
    post(client, sheet, marks(3, 3, 3, 3, 3) | plan(org.employee, "Hemmelig plan"), done=True)
    employee = login(org.employee)
    assert employee.get(sheet.get_absolute_url()).status_code == 404


def test_done_needs_every_mark(org, client, sheet):
    response = post(client, sheet, marks(3, 3, 3, 3, 3) | {"mark_generous": ""}, done=True)
    assert response.status_code == 400
    assert "Fyll ut dette før du markerer arket som ferdig." in response.content.decode()
    unchanged(sheet, {"marks": {"trust": 2}})


@pytest.mark.parametrize(
    "bad",
    [
        {"mark_trust": "6"},
        {"mark_trust": "x"},
        {"focus": "everything"},
        {"first_step": "x" * 3001},
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client, sheet, bad):
    response = post(client, sheet, marks(3, 3, 3, 3, 3) | bad)
    assert response.status_code == 400
    unchanged(sheet, {"marks": {"trust": 2}})


def test_too_long_plan_is_refused(org, client, sheet):
    response = post(client, sheet, plan(org.employee, "x" * 1001))
    assert response.status_code == 400
    assert "Min plan for Emma Medarbeider" in response.content.decode()
    unchanged(sheet, {"marks": {"trust": 2}})


def test_plan_for_someone_not_a_report_is_not_stored(org, client, sheet):
    post(client, sheet, marks(3, 3, 3, 3, 3) | plan(org.other_employee, "Ikke min"))
    sheet.refresh_from_db()
    assert "Ikke min" not in str(sheet.data)
    assert {p["name"] for p in sheet.data["people"]} == {"Emma Medarbeider", "Kari Kollega"}


def test_offered_before_the_leaders_follow_up_not_to_the_employee(org, client, login):
    from datetime import timedelta

    from django.utils import timezone

    from aktiv.conversations.models import ConversationRecord, FollowUp, Period

    today = timezone.localdate()
    period = Period.objects.create(
        name="Nå",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        created_by=org.hr,
    )
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    follow_up = FollowUp.objects.create(
        record=record, scheduled_at=timezone.now() + timedelta(days=7)
    )
    link = reverse("reflections:tool", args=[KEY])
    leader_page = client.get(follow_up.get_absolute_url()).content.decode()
    assert link in leader_page and "hva vil du gjøre med Emma?" in leader_page
    employee_page = login(org.employee).get(follow_up.get_absolute_url()).content.decode()
    assert link not in employee_page
    assert client.get(link).status_code == 200


def test_the_plan_is_in_the_employees_export_and_goes_when_they_are_erased(org, client, sheet):
    from aktiv.reflections.privacy import person_data

    post(
        client,
        sheet,
        marks(3, 3, 3, 3, 3)
        | plan(org.employee, "Mer ansvar for Emma")
        | plan(org.colleague, "Kari leder prosjektet"),
    )
    exported = person_data.export(org.employee)["reflections.leader_plan"]
    assert exported == [
        {
            "leader": org.leader.email,
            "tool": "Mestringsorientert ledelse",
            "created_at": exported[0]["created_at"],
            "plan": "Mer ansvar for Emma",
        }
    ]
    assert "Kari" not in str(exported)
    assert person_data.erase is not None
    person_data.erase(org.employee)
    sheet.refresh_from_db()
    assert "Mer ansvar for Emma" not in str(sheet.data)
    assert [p["plan"] for p in sheet.data["people"]] == ["Kari leder prosjektet"]
