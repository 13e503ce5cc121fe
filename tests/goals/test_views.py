"""The goal pages for each role: what each persona sees and may do, refusals that change
nothing, bad input answered on the form, lost updates caught, and bounded query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.audit.models import AccessLogEntry
from aktiv.conversations.goals import services as goal_conversation
from aktiv.goals import services
from aktiv.goals.models import Goal, PersonalGoal
from aktiv.people.models import Unit

from ..conftest import client_for
from .helpers import personal_goal, record_of


def token(page: str, index: int = 0) -> str:
    tokens = re.findall(r'name="edited_at" value="([^"]+)"', page)
    assert tokens, "the form carries no edit token"
    return tokens[index]


def page_of(client, url: str) -> str:
    result = client.get(url)
    assert result.status_code == 200
    return result.content.decode()


def form_data(**overrides) -> dict[str, str]:
    return {
        "kind": "professional",
        "title": "Bli tryggere i foreldresamtaler",
        "description": "Øve med kollega før vanskelige samtaler.",
        "success_measure": "Jeg leder tre samtaler alene før sommeren.",
        "serves": "",
    } | overrides


# The goal tree ---------------------------------------------------------------------------


def test_the_tree_shows_organisation_goals_with_the_unit_goals_the_viewer_sees(
    org, period, org_goal, unit_goal, other_unit_goal
):
    page = page_of(client_for(org.employee), reverse("goals:tree"))
    assert org_goal.title in page and unit_goal.title in page
    assert other_unit_goal.title not in page
    assert (
        reverse("conversations:record_goals", args=[record_of(period, org.employee).uuid]) in page
    )
    assert reverse("goals:unit") not in page and reverse("goals:organisation") not in page
    other = page_of(client_for(org.other_employee), reverse("goals:tree"))
    assert other_unit_goal.title in other and unit_goal.title not in other
    assert reverse("goals:unit") in page_of(client_for(org.leader), reverse("goals:tree"))
    assert reverse("goals:organisation") in page_of(client_for(org.hr), reverse("goals:tree"))


def test_the_tree_without_a_current_period(org):
    assert "ingen periode" in page_of(client_for(org.employee), reverse("goals:tree"))
    assert reverse("conversations:periods") in page_of(client_for(org.hr), reverse("goals:tree"))


def test_the_tree_has_a_bounded_query_count(org, period, django_assert_max_num_queries):
    for n in range(15):
        parent = services.goal_create(
            period=period, actor=org.hr, level="organisation", title=f"Org {n}"
        )
        services.goal_create(
            period=period,
            actor=org.leader,
            level="unit",
            unit=org.unit,
            parent=parent,
            title=f"Enhet {n}",
        )
    client = client_for(org.employee)
    with django_assert_max_num_queries(14):
        page = page_of(client, reverse("goals:tree"))
    assert "Enhet 14" in page


def test_the_tree_costs_the_same_however_deep_the_viewers_unit(
    org, period, django_assert_num_queries
):
    """The goals of the viewer's unit and every unit above it: the units above are read in
    one query, not one a level."""
    client = client_for(org.employee)
    client.get(reverse("goals:tree"))  # the first request also writes the session
    with django_assert_num_queries(8) as shallow:
        client.get(reverse("goals:tree"))
    parent = None
    for depth in range(8):
        parent = Unit.objects.create(name=f"Nivå {depth}", parent=parent)
    org.unit.parent = parent
    org.unit.save()
    top = Unit.objects.get(name="Nivå 0")
    services.goal_create(period=period, actor=org.hr, level="organisation", title="Org")
    Goal.objects.create(period=period, level="unit", unit=top, title="Helt øverst")
    with django_assert_num_queries(len(shallow.captured_queries)):
        page = page_of(client, reverse("goals:tree"))
    assert "Helt øverst" in page


# Organisation goals (HR) -----------------------------------------------------------------


def test_hr_lists_creates_edits_and_deletes_organisation_goals(org, period):
    client = client_for(org.hr)
    assert "Ingen organisasjonsmål ennå" in page_of(client, reverse("goals:organisation"))
    result = client.post(
        reverse("goals:organisation_create"),
        {"title": "Trygge tjenester", "description": "For alle innbyggere"},
    )
    assert result.status_code == 302
    goal = Goal.objects.get()
    assert (goal.level, goal.period, goal.created_by) == ("organisation", period, org.hr)
    assert "Trygge tjenester" in page_of(client, reverse("goals:organisation"))

    edit = page_of(client, reverse("goals:goal_edit", args=[goal.uuid]))
    result = client.post(
        reverse("goals:goal_save", args=[goal.uuid]),
        {"title": "Trygge og gode tjenester", "description": "", "edited_at": token(edit)},
    )
    assert result.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Trygge og gode tjenester"

    assert client.post(reverse("goals:goal_delete", args=[goal.uuid])).status_code == 302
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "   "}, "Skriv målet."),
        ({"title": "x" * 301}, "300"),
        ({"title": "Ok", "description": "x" * 5001}, "5000"),
    ],
)
def test_bad_organisation_goal_input_is_refused_on_the_form(org, period, data, message):
    result = client_for(org.hr).post(reverse("goals:organisation_create"), data)
    assert result.status_code == 400
    assert message in result.content.decode()
    assert not Goal.objects.exists()


def test_organisation_goals_without_a_current_period_point_to_the_periods(org):
    client = client_for(org.hr)
    page = page_of(client, reverse("goals:organisation"))
    assert reverse("conversations:periods") in page
    client.post(reverse("goals:organisation_create"), {"title": "Uten periode"})
    assert not Goal.objects.exists()


@pytest.mark.parametrize("who", ["employee", "leader", "admin"])
def test_only_hr_reaches_organisation_goals(org, period, org_goal, who):
    client = client_for(getattr(org, who))
    assert client.get(reverse("goals:organisation")).status_code == 404
    assert client.post(reverse("goals:organisation_create"), {"title": "X"}).status_code == 404
    assert client.get(reverse("goals:goal_edit", args=[org_goal.uuid])).status_code == 404
    assert (
        client.post(reverse("goals:goal_save", args=[org_goal.uuid]), {"title": "X"}).status_code
        == 404
    )
    assert client.post(reverse("goals:goal_delete", args=[org_goal.uuid])).status_code == 404
    assert [g.title for g in Goal.objects.all()] == ["Trygge tjenester"]


def test_a_stale_goal_save_is_refused(org, period, org_goal):
    first, second = client_for(org.hr), client_for(org.hr)
    url = reverse("goals:goal_edit", args=[org_goal.uuid])
    old = token(page_of(first, url))
    save = reverse("goals:goal_save", args=[org_goal.uuid])
    first.post(save, {"title": "Fra første", "edited_at": old})
    result = second.post(save, {"title": "Fra andre", "edited_at": old})
    assert result.status_code == 409
    page = result.content.decode()
    assert "Fra første" in page and "Fra andre" in page
    org_goal.refresh_from_db()
    assert org_goal.title == "Fra første"


# Unit goals (the unit's leader) ----------------------------------------------------------


def test_a_leader_writes_unit_goals_under_organisation_goals(org, period, org_goal):
    client = client_for(org.leader)
    page = page_of(client, reverse("goals:unit"))
    assert "Kritt opp banen" in page and org_goal.title in page  # as a parent to choose
    result = client.post(
        reverse("goals:unit_create"),
        {"title": "Alle barn får plass", "description": "Hvor vi spiller", "parent": org_goal.uuid},
    )
    assert result.status_code == 302
    goal = Goal.objects.get(level="unit")
    assert (goal.unit, goal.parent, goal.created_by) == (org.unit, org_goal, org.leader)


def test_a_unit_goal_cannot_be_put_under_a_goal_not_offered(org, period, other_unit_goal):
    result = client_for(org.leader).post(
        reverse("goals:unit_create"), {"title": "Lurt", "parent": str(other_unit_goal.uuid)}
    )
    assert result.status_code == 400
    assert "Velg et av organisasjonens mål i listen." in result.content.decode()
    assert not Goal.objects.filter(unit=org.unit).exists()


def test_a_leader_cannot_touch_another_units_goals(org, period, other_unit_goal):
    client = client_for(org.leader)
    assert client.get(reverse("goals:goal_edit", args=[other_unit_goal.uuid])).status_code == 404
    result = client.post(
        reverse("goals:goal_save", args=[other_unit_goal.uuid]), {"title": "Kapret"}
    )
    assert result.status_code == 404
    assert client.post(reverse("goals:goal_delete", args=[other_unit_goal.uuid])).status_code == 404
    other_unit_goal.refresh_from_db()
    assert other_unit_goal.title == "Teknisk sitt hemmelige mål"


@pytest.mark.parametrize("who", ["employee", "hr", "admin"])
def test_non_leaders_have_no_unit_goal_page(org, period, who):
    client = client_for(getattr(org, who))
    assert client.get(reverse("goals:unit")).status_code == 404
    assert client.post(reverse("goals:unit_create"), {"title": "X"}).status_code == 404
    assert not Goal.objects.exists()


# One record's goal conversation ----------------------------------------------------------


def test_only_the_two_parties_see_the_record_goals(org, record, unit_goal):
    goal = personal_goal(record, "proposed", title="Mitt private mål")
    url = reverse("conversations:record_goals", args=[record.uuid])
    assert "Mitt private mål" in page_of(client_for(org.employee), url)
    assert "Mitt private mål" in page_of(client_for(org.leader), url)
    for who in ("colleague", "other_leader", "hr", "admin"):
        assert client_for(getattr(org, who)).get(url).status_code == 404, who
    assert client_for(None).get(url).status_code == 302
    # The leader's read is logged for the employee; the employee's own is not.
    [read] = AccessLogEntry.objects.all()
    assert (read.actor, read.subject, read.object_uuid) == (org.leader, org.employee, record.uuid)
    assert goal.title == "Mitt private mål"


def test_the_record_page_shows_the_field_the_leader_chalked(org, record, org_goal, unit_goal):
    page = page_of(
        client_for(org.employee), reverse("conversations:record_goals", args=[record.uuid])
    )
    assert "Banen" in page and org_goal.title in page and unit_goal.title in page
    assert reverse("conversations:record", args=[record.uuid]) in page


def test_the_employee_drafts_and_proposes_a_goal(org, record, unit_goal):
    client = client_for(org.employee)
    url = reverse("conversations:personal_goal_create", args=[record.uuid])
    result = client.post(url, form_data(serves=str(unit_goal.uuid)))
    assert result.status_code == 302
    goal = PersonalGoal.objects.get()
    assert (goal.state, goal.serves, goal.record) == ("draft", unit_goal, record)
    client.post(url, form_data(kind="personal", title="Trene to ganger i uka", propose="1"))
    personal = PersonalGoal.objects.get(kind="personal")
    assert personal.state == "proposed"
    page = page_of(client, reverse("conversations:record_goals", args=[record.uuid]))
    assert "Trene to ganger i uka" in page and "Venter på at Lena Leder avtaler målet." in page


def test_another_units_goal_posted_by_hand_is_refused(org, record, other_unit_goal):
    result = client_for(org.employee).post(
        reverse("conversations:personal_goal_create", args=[record.uuid]),
        form_data(serves=str(other_unit_goal.uuid)),
    )
    assert result.status_code == 400
    assert "målene for din egen enhet" in result.content.decode()
    assert not PersonalGoal.objects.exists()


def test_another_pairs_record_uuid_is_refused(org, period):
    colleague_record = record_of(period, org.colleague)
    other_record = record_of(period, org.other_employee)
    client = client_for(org.employee)
    for record in (colleague_record, other_record):
        url = reverse("conversations:personal_goal_create", args=[record.uuid])
        assert client.post(url, form_data(propose="1")).status_code == 404
        notes = reverse("conversations:record_notes", args=[record.uuid])
        assert client.post(notes, {"tasks_and_roles": "Kapret"}).status_code == 404
        held = reverse("conversations:record_held", args=[record.uuid])
        assert client.post(held, {"held_on": "2020-01-01"}).status_code == 404
    # A leader does not write goals for their people either.
    own = record_of(period, org.employee)
    assert (
        client_for(org.leader)
        .post(reverse("conversations:personal_goal_create", args=[own.uuid]), form_data())
        .status_code
        == 404
    )
    assert not PersonalGoal.objects.exists()
    colleague_record.refresh_from_db()
    assert (
        colleague_record.tasks_and_roles == ""
        and colleague_record.goal_conversation_held_on is None
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form_data(title=""), "Skriv målet."),
        (form_data(title="x" * 301), "300"),
        (form_data(description="x" * 5001), "5000"),
        (form_data(success_measure="x" * 2001), "2000"),
        (form_data(kind="hemmelig"), "Velg om målet er faglig eller personlig."),
        (form_data(serves="ikke-en-uuid"), "Velg et mål fra listen."),
    ],
)
def test_bad_personal_goal_input_is_refused_on_the_form(org, record, data, message):
    result = client_for(org.employee).post(
        reverse("conversations:personal_goal_create", args=[record.uuid]), data
    )
    assert result.status_code == 400
    page = result.content.decode()
    assert message in page and "Noe må rettes" in page
    assert not PersonalGoal.objects.exists()


def test_the_leader_agrees_and_the_employee_cannot(org, record):
    goal = personal_goal(record, "proposed")
    url = reverse("conversations:personal_goal_agree", args=[goal.uuid])
    assert client_for(org.employee).post(url).status_code == 404
    assert client_for(org.colleague).post(url).status_code == 404
    goal.refresh_from_db()
    assert goal.state == "proposed"
    leader = client_for(org.leader)
    page = page_of(leader, reverse("conversations:record_goals", args=[record.uuid]))
    assert leader.post(url, {"edited_at": token(page)}).status_code == 302
    goal.refresh_from_db()
    assert goal.state == "agreed"


def test_agreeing_a_goal_changed_since_the_page_was_drawn_is_refused(org, record):
    goal = personal_goal(record, "proposed")
    leader = client_for(org.leader)
    old = token(page_of(leader, reverse("conversations:record_goals", args=[record.uuid])))
    goal_conversation.personal_goal_edit(
        goal=goal, actor=org.employee, **{**form_data(title="Noe helt annet"), "serves": None}
    )
    result = leader.post(
        reverse("conversations:personal_goal_agree", args=[goal.uuid]), {"edited_at": old}
    )
    assert result.status_code == 409
    assert "Målet er endret etter at du åpnet siden" in result.content.decode()
    goal.refresh_from_db()
    assert goal.state == "proposed"


def test_send_back_needs_a_comment_and_the_employee_sees_it(org, record):
    goal = personal_goal(record, "proposed")
    leader = client_for(org.leader)
    url = reverse("conversations:personal_goal_send_back", args=[goal.uuid])
    result = leader.post(url, {"comment": "  "})
    assert result.status_code == 400
    assert "Skriv en kommentar" in result.content.decode()
    goal.refresh_from_db()
    assert goal.state == "proposed"
    assert client_for(org.employee).post(url, {"comment": "Selv"}).status_code == 404
    assert leader.post(url, {"comment": "Gjør det målbart"}).status_code == 302
    page = page_of(
        client_for(org.employee), reverse("conversations:record_goals", args=[record.uuid])
    )
    assert "Lena Leder sendte målet tilbake:" in page and "Gjør det målbart" in page


def test_the_leader_cannot_edit_the_employees_text(org, record):
    goal = personal_goal(record, "proposed")
    leader = client_for(org.leader)
    assert (
        leader.get(reverse("conversations:personal_goal_edit", args=[goal.uuid])).status_code == 404
    )
    result = leader.post(
        reverse("conversations:personal_goal_save", args=[goal.uuid]),
        form_data(title="Lederens ord"),
    )
    assert result.status_code == 404
    assert (
        leader.post(reverse("conversations:personal_goal_propose", args=[goal.uuid])).status_code
        == 404
    )
    assert (
        leader.post(reverse("conversations:personal_goal_delete", args=[goal.uuid])).status_code
        == 404
    )
    goal.refresh_from_db()
    assert goal.title == "Lære universell utforming"
    page = page_of(leader, reverse("conversations:record_goals", args=[record.uuid]))
    assert reverse("conversations:personal_goal_edit", args=[goal.uuid]) not in page


def test_revising_an_agreed_goal_shows_the_leader_what_changed(org, record):
    goal = personal_goal(record, "agreed")
    employee = client_for(org.employee)
    edit = page_of(employee, reverse("conversations:personal_goal_edit", args=[goal.uuid]))
    assert "Endre et avtalt mål" in edit
    result = employee.post(
        reverse("conversations:personal_goal_save", args=[goal.uuid]),
        form_data(title="Lære og lære bort universell utforming", edited_at=token(edit)),
    )
    assert result.status_code == 302
    goal.refresh_from_db()
    assert goal.state == "proposed"
    page = page_of(
        client_for(org.leader), reverse("conversations:record_goals", args=[record.uuid])
    )
    assert "Endret siden målet ble avtalt" in page
    assert "<del>Lære universell utforming</del>" in page
    assert "<ins>Lære og lære bort universell utforming</ins>" in page
    assert "foreslo en endring av det avtalte målet" in page


def test_an_edit_that_crosses_the_leaders_agreement_is_caught(org, record):
    goal = personal_goal(record, "proposed")
    employee = client_for(org.employee)
    old = token(page_of(employee, reverse("conversations:personal_goal_edit", args=[goal.uuid])))
    goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    save = reverse("conversations:personal_goal_save", args=[goal.uuid])
    result = employee.post(save, form_data(title="Min nye tekst", edited_at=old))
    assert result.status_code == 409
    page = result.content.decode()
    assert "Min nye tekst" in page and "«Avtalt»" in page
    goal.refresh_from_db()
    assert (goal.state, goal.title) == ("agreed", "Lære universell utforming")
    # Saving again is a deliberate revision of the agreed goal.
    employee.post(save, form_data(title="Min nye tekst", edited_at=token(page)))
    goal.refresh_from_db()
    assert (goal.state, goal.title) == ("proposed", "Min nye tekst")


def test_both_record_progress_on_an_agreed_goal(org, record):
    goal = personal_goal(record, "agreed")
    url = reverse("conversations:personal_goal_progress", args=[goal.uuid])
    assert client_for(org.employee).post(url, {"progress": "40"}).status_code == 302
    assert client_for(org.leader).post(url, {"progress": "60"}).status_code == 302
    result = client_for(org.leader).post(url, {"progress": "150"})
    assert result.status_code == 400
    assert "100" in result.content.decode()
    assert client_for(org.colleague).post(url, {"progress": "0"}).status_code == 404
    goal.refresh_from_db()
    assert goal.progress == 60
    page = page_of(
        client_for(org.employee), reverse("conversations:record_goals", args=[record.uuid])
    )
    assert 'value="60"' in page and "satte framdriften til 60 %" in page


def test_progress_on_a_draft_is_refused_with_a_message(org, record):
    goal = personal_goal(record)
    client = client_for(org.employee)
    result = client.post(
        reverse("conversations:personal_goal_progress", args=[goal.uuid]),
        {"progress": "50"},
        follow=True,
    )
    assert "Det går ikke nå" in result.content.decode()
    goal.refresh_from_db()
    assert goal.progress == 0


def test_the_goal_history_is_shown_to_both(org, record):
    goal = personal_goal(record, "proposed")
    goal_conversation.personal_goal_send_back(goal=goal, actor=org.leader, comment="Hva betyr det?")
    goal_conversation.personal_goal_propose(goal=goal, actor=org.employee)
    goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    for who in (org.employee, org.leader):
        page = page_of(client_for(who), reverse("conversations:record_goals", args=[record.uuid]))
        history = page.split("Historikk (5 steg)")[1].split("</details>")[0]
        lines = re.findall(r"Emma Medarbeider \w+|Lena Leder [\w ]+", history)
        assert lines == [
            "Emma Medarbeider skrev",
            "Emma Medarbeider foreslo",
            "Lena Leder sendte målet tilbake",
            "Emma Medarbeider foreslo",
            "Lena Leder avtalte målet",
        ]
        assert "Hva betyr det?" in history


def test_the_employee_deletes_a_draft_but_not_an_agreed_goal(org, record):
    draft, agreed = personal_goal(record), personal_goal(record, "agreed", title="Avtalt mål")
    client = client_for(org.employee)
    client.post(reverse("conversations:personal_goal_delete", args=[draft.uuid]))
    client.post(reverse("conversations:personal_goal_delete", args=[agreed.uuid]))
    assert list(PersonalGoal.objects.values_list("title", flat=True)) == ["Avtalt mål"]


def test_the_record_page_has_a_bounded_query_count(
    org, record, unit_goal, django_assert_max_num_queries
):
    for n in range(12):
        goal = personal_goal(record, "agreed", title=f"Mål {n}", serves=unit_goal)
        goal_conversation.personal_goal_progress(goal=goal, actor=org.leader, progress=n)
    url = reverse("conversations:record_goals", args=[record.uuid])
    for who in (org.employee, org.leader):
        client = client_for(who)
        with django_assert_max_num_queries(18):
            page = page_of(client, url)
        assert "Mål 11" in page


# The goal conversation record: tasks, roles, expectations, and the date ------------------


def test_both_parties_save_the_phase_one_fields(org, record):
    url = reverse("conversations:record_goals", args=[record.uuid])
    employee = client_for(org.employee)
    page = page_of(employee, url)
    assert "forventninger til ledere og medarbeidere, vises de her" in page
    result = employee.post(
        reverse("conversations:record_notes", args=[record.uuid]),
        {
            "tasks_and_roles": "Opptak",
            "expectations_note": "Si fra tidlig",
            "edited_at": token(page, -1),
        },
    )
    assert result.status_code == 302
    leader = client_for(org.leader)
    page = page_of(leader, url)
    assert "Si fra tidlig" in page
    leader.post(
        reverse("conversations:record_notes", args=[record.uuid]),
        {
            "tasks_and_roles": "Opptak og veiledning",
            "expectations_note": "Si fra tidlig",
            "edited_at": token(page, -1),
        },
    )
    record.refresh_from_db()
    assert record.tasks_and_roles == "Opptak og veiledning"


def test_a_stale_save_of_the_phase_one_fields_is_refused(org, record):
    url = reverse("conversations:record_goals", args=[record.uuid])
    save = reverse("conversations:record_notes", args=[record.uuid])
    employee, leader = client_for(org.employee), client_for(org.leader)
    old = token(page_of(employee, url), -1)
    assert token(page_of(leader, url), -1) == old
    leader.post(
        save, {"tasks_and_roles": "Lederens tekst", "expectations_note": "", "edited_at": old}
    )
    result = employee.post(
        save, {"tasks_and_roles": "Min tekst", "expectations_note": "Mine ord", "edited_at": old}
    )
    assert result.status_code == 409
    page = result.content.decode()
    assert "Teksten er endret av den andre" in page
    assert "Lederens tekst" in page  # the newer text is shown
    assert "Min tekst" in page and "Mine ord" in page  # and what was typed is kept
    record.refresh_from_db()
    assert (record.tasks_and_roles, record.expectations_note) == ("Lederens tekst", "")
    # Saving again with the fresh token is a deliberate choice and goes through.
    employee.post(
        save,
        {
            "tasks_and_roles": "Min tekst",
            "expectations_note": "Mine ord",
            "edited_at": token(page, -1),
        },
    )
    record.refresh_from_db()
    assert record.tasks_and_roles == "Min tekst"


def test_oversized_phase_one_text_is_refused(org, record):
    result = client_for(org.leader).post(
        reverse("conversations:record_notes", args=[record.uuid]),
        {"tasks_and_roles": "x" * 10_001, "expectations_note": ""},
    )
    assert result.status_code == 400
    assert "10000" in result.content.decode().replace("\xa0", "").replace(" ", "")
    record.refresh_from_db()
    assert record.tasks_and_roles == ""


def test_either_party_sets_the_held_date(org, record):
    url = reverse("conversations:record_held", args=[record.uuid])
    today = timezone.localdate()
    assert client_for(org.leader).post(url, {"held_on": today.isoformat()}).status_code == 302
    record.refresh_from_db()
    assert record.goal_conversation_held_on == today
    tomorrow = (today + timedelta(days=1)).isoformat()
    result = client_for(org.employee).post(url, {"held_on": tomorrow})
    assert result.status_code == 400 and "fram i tid" in result.content.decode()
    result = client_for(org.employee).post(url, {"held_on": "31.02.2026"})
    assert result.status_code == 400 and "Skriv en gyldig dato." in result.content.decode()
    record.refresh_from_db()
    assert record.goal_conversation_held_on == today


def test_a_former_pairs_record_is_shown_read_only(org, record):
    personal_goal(record, "proposed")
    org.employee.leader = org.other_leader
    org.employee.save()
    url = reverse("conversations:record_goals", args=[record.uuid])
    assert client_for(org.leader).get(url).status_code == 404
    page = page_of(client_for(org.employee), url)
    assert "kan leses, men ikke endres" in page
    assert 'name="tasks_and_roles"' not in page and "Foreslå for lederen" not in page


def test_a_period_without_goals_still_renders(org, period):
    record = record_of(period, org.colleague)
    page = page_of(
        client_for(org.colleague), reverse("conversations:record_goals", args=[record.uuid])
    )
    assert "Ingen faglige mål ennå." in page and "Lena Leder har ikke skrevet enhetens mål" in page


def test_the_goal_list_pages_have_bounded_query_counts(
    org, period, record, django_assert_max_num_queries
):
    for n in range(10):
        parent = services.goal_create(
            period=period, actor=org.hr, level="organisation", title=f"Org {n}"
        )
        child = services.goal_create(
            period=period,
            actor=org.leader,
            level="unit",
            unit=org.unit,
            parent=parent,
            title=f"Enhet {n}",
        )
        personal_goal(record, title=f"Personlig {n}", serves=child)
    for who, name, expected in (
        (org.hr, "goals:organisation", "Org 9"),
        (org.leader, "goals:unit", "Enhet 9"),
    ):
        client = client_for(who)
        with django_assert_max_num_queries(16):
            page = page_of(client, reverse(name))
        assert expected in page


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (lambda record: "1066-10-14", "Velg en dato mellom år 1900 og 2100."),
        (
            lambda record: (record.period.starts_on - timedelta(days=1)).isoformat(),
            "Velg en dato i perioden",
        ),
    ],
)
def test_a_held_date_outside_the_period_is_refused_at_the_field(org, record, held_on, message):
    result = client_for(org.employee).post(
        reverse("conversations:record_held", args=[record.uuid]), {"held_on": held_on(record)}
    )
    assert result.status_code == 400
    assert f'id="id_held_on_error">{message}' in result.content.decode()
    record.refresh_from_db()
    assert record.goal_conversation_held_on is None


def test_how_many_personal_goals_serve_a_goal_is_told_only_from_k_and_only_agreed(
    org, period, settings
):
    settings.ANONYMITY_THRESHOLD = 3
    client = client_for(org.hr)
    client.post(reverse("goals:organisation_create"), {"title": "Trygge tjenester"})
    goal = Goal.objects.get()
    # Two agreed and one draft: fewer than k agreed, and a draft is the employee's own.
    for person in (org.employee, org.colleague):
        personal_goal(record_of(period, person), "agreed", serves=goal)
    personal_goal(record_of(period, org.other_employee), "draft", serves=goal)
    page = page_of(client, reverse("goals:organisation"))
    assert "Færre enn 3 avtalte personlige mål tjener dette målet" in page
    assert "2 personlige mål" not in page and "3 personlige mål" not in page
    draft = record_of(period, org.other_employee).goals.get()
    goal_conversation.personal_goal_propose(goal=draft, actor=org.other_employee)
    goal_conversation.personal_goal_agree(goal=draft, actor=org.other_leader)
    assert "3 personlige mål tjener dette målet" in page_of(client, reverse("goals:organisation"))
