"""The follow-up pages: what each party sees, what nobody else gets, bad input, the
stale-save conflict, and a query count that does not grow with the agenda."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.followups import services
from aktiv.conversations.followups.questions import QUESTIONS
from aktiv.conversations.models import AgreedAction, FollowUp, LeaderNote
from aktiv.reflections.models import PendingAgendaItem

from ..conftest import client_for
from .conftest import at

PRIVATE = "Virker sliten, følg opp sykefravær"


def page_of(client: Client, follow_up: FollowUp) -> str:
    result = client.get(follow_up.get_absolute_url())
    assert result.status_code == 200
    return result.content.decode()


def token(page: str, action: str) -> dict[str, str]:
    """The edit token and text fingerprint of the form posting to `action`."""
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    found = dict(re.findall(r'name="(edited_at|base)" value="([^"]*)"', form))
    assert set(found) == {"edited_at", "base"}, "the form carries no edit token"
    return found


def url(name: str, follow_up: FollowUp, *more: object) -> str:
    return reverse(f"conversations:{name}", args=[follow_up.uuid, *more])


def test_both_parties_see_the_page_with_the_six_questions(org, follow_up):
    employee_page = page_of(client_for(org.employee), follow_up)
    for question in QUESTIONS:
        assert str(question) in employee_page
    assert "Lagre og marker som klar" in employee_page
    leader_page = page_of(client_for(org.leader), follow_up)
    # The question the leader always asks is the label of their answer field.
    assert re.search(r"<label[^>]*>Hva kan jeg gjøre for at du skal lykkes\?</label>", leader_page)
    assert "Emma Medarbeider har ikke markert forberedelsen som klar ennå." in leader_page


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_every_label_points_at_its_own_field(org, follow_up, persona):
    client = client_for(getattr(org, persona))
    plan = reverse("conversations:follow_ups_plan", args=[follow_up.record.uuid])
    for page in (page_of(client, follow_up), client.get(plan).content.decode()):
        ids = re.findall(r'\sid="([^"]+)"', page)
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for target in re.findall(r'<label for="([^"]+)"', page):
            assert target in ids, target


@pytest.mark.parametrize("persona", ["colleague", "other_leader", "hr", "admin"])
def test_nobody_else_gets_anything(org, follow_up, persona):
    client = client_for(getattr(org, persona))
    item = services.agenda_item_add(follow_up=follow_up, text="Sak", actor=org.employee)
    action = AgreedAction.objects.create(
        record=follow_up.record, follow_up=follow_up, text="Gjør", owner=org.employee
    )
    gets = [
        url("follow_up", follow_up),
        url("follow_up_ics", follow_up),
        reverse("conversations:follow_ups_plan", args=[follow_up.record.uuid]),
    ]
    posts = [
        url(name, follow_up)
        for name in (
            "follow_up_move",
            "follow_up_cancel",
            "follow_up_held",
            "follow_up_prepare",
            "follow_up_agenda_add",
            "follow_up_notes",
            "follow_up_support",
            "follow_up_private_note",
            "follow_up_action_add",
        )
    ] + [
        url("follow_up_agenda_remove", follow_up, item.uuid),
        url("follow_up_action_done", follow_up, action.uuid),
        reverse("conversations:follow_ups_plan", args=[follow_up.record.uuid]),
        reverse("conversations:follow_up_add", args=[follow_up.record.uuid]),
    ]
    for address in gets:
        assert client.get(address).status_code == 404, address
    for address in posts:
        assert client.post(address, {"text": "x", "shared_notes": "x"}).status_code == 404, address
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.PLANNED and follow_up.shared_notes == ""


def test_each_party_is_refused_the_others_actions(org, follow_up):
    leader_item = services.agenda_item_add(follow_up=follow_up, text="Budsjett", actor=org.leader)
    employee, leader = client_for(org.employee), client_for(org.leader)
    assert leader.post(url("follow_up_prepare", follow_up), {"q1": "x"}).status_code == 404
    assert (
        employee.post(url("follow_up_support", follow_up), {"leader_support": "x"}).status_code
        == 404
    )
    assert employee.post(url("follow_up_private_note", follow_up), {"text": "x"}).status_code == 404
    remove = url("follow_up_agenda_remove", follow_up, leader_item.uuid)
    assert employee.post(remove).status_code == 404
    assert follow_up.agenda.count() == 1


def test_another_pairs_objects_are_not_reachable_through_mine(org, follow_up, current_period):
    other = FollowUp.objects.create(
        record=follow_up.record.__class__.objects.create(
            period=current_period, employee=org.other_employee, leader=org.other_leader
        ),
        scheduled_at=at(5),
    )
    theirs = AgreedAction.objects.create(record=other.record, text="Deres", owner=org.other_leader)
    client = client_for(org.leader)
    assert client.post(url("follow_up_action_done", follow_up, theirs.uuid)).status_code == 404
    assert client.get(url("follow_up", other)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.done_at is None


def test_preparation_is_shown_to_the_leader_only_when_ready(org, follow_up):
    employee, leader = client_for(org.employee), client_for(org.leader)
    result = employee.post(
        url("follow_up_prepare", follow_up), {"q2": "Fikk ny kunde", "save": "1"}
    )
    assert result.status_code == 302
    assert "Fikk ny kunde" in page_of(employee, follow_up)
    assert "Fikk ny kunde" not in page_of(leader, follow_up)

    result = employee.post(
        url("follow_up_prepare", follow_up), {"q2": "Fikk ny kunde", "ready": "1"}
    )
    assert result.status_code == 302
    page = page_of(leader, follow_up)
    assert "Fikk ny kunde" in page and "markerte forberedelsen som klar" in page


def test_marking_ready_without_answers_is_refused_with_a_message(org, follow_up):
    result = client_for(org.employee).post(url("follow_up_prepare", follow_up), {"ready": "1"})
    assert result.status_code == 400
    assert "Svar på minst ett av spørsmålene" in result.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.prepared_at is None


def test_private_notes_are_never_shown_to_the_employee_but_exported_to_them(org, follow_up):
    leader = client_for(org.leader)
    page = page_of(leader, follow_up)
    assert (
        "Private notater ser bare du her. Medarbeideren har etter loven rett til innsyn i alt "
        "som er lagret om dem, og notatene tas med når de laster ned sine data."
    ) in page
    assert (
        leader.post(url("follow_up_private_note", follow_up), {"text": PRIVATE}).status_code == 302
    )
    assert PRIVATE in page_of(leader, follow_up)
    assert LeaderNote.objects.get().text == PRIVATE

    employee = client_for(org.employee)
    for address in (
        url("follow_up", follow_up),
        url("follow_up_ics", follow_up),
        reverse("conversations:follow_ups_plan", args=[follow_up.record.uuid]),
        follow_up.record.get_absolute_url(),
    ):
        body = employee.get(address).content.decode()
        assert PRIVATE not in body
        assert "Private notater" not in body and "private-notater" not in body

    export = json.loads(employee.get(reverse("audit:export")).content)
    [note] = export["conversations.leadernote"]
    assert note["text"] == PRIVATE and note["author"] == org.leader.email
    assert export["conversations.followup"][0]["id"] == str(follow_up.uuid)
    # Nobody outside the pair gets it in their export.
    assert PRIVATE not in client_for(org.colleague).get(reverse("audit:export")).content.decode()


def test_the_leaders_export_holds_no_draft_preparation(org, follow_up):
    services.follow_up_prepare(
        follow_up=follow_up, answers={"q1": "Utkast"}, ready=False, actor=org.employee
    )
    assert "Utkast" not in client_for(org.leader).get(reverse("audit:export")).content.decode()
    assert "Utkast" in client_for(org.employee).get(reverse("audit:export")).content.decode()


def test_a_stale_save_of_the_notes_is_refused_and_nothing_is_lost(org, follow_up):
    employee, leader = client_for(org.employee), client_for(org.leader)
    notes = url("follow_up_notes", follow_up)
    employee_form = token(page_of(employee, follow_up), notes)
    leader_form = token(page_of(leader, follow_up), notes)

    assert employee.post(notes, {"shared_notes": "Fra Emma", **employee_form}).status_code == 302
    result = leader.post(notes, {"shared_notes": "Fra Lena", **leader_form})
    assert result.status_code == 409
    page = result.content.decode()
    assert "Lagret av noen andre i mellomtiden" in page
    assert "Fra Emma" in page  # the newer text is shown
    assert re.search(r"<textarea[^>]*>\s*Fra Lena</textarea>", page)  # what was typed is kept
    follow_up.refresh_from_db()
    assert follow_up.shared_notes == "Fra Emma"

    # Saving again from the refused page is a deliberate choice, and goes through.
    again = leader.post(notes, {"shared_notes": "Fra Emma og Lena", **token(page, notes)})
    assert again.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.shared_notes == "Fra Emma og Lena"


def test_a_save_of_another_text_is_no_conflict(org, follow_up):
    employee, leader = client_for(org.employee), client_for(org.leader)
    notes = url("follow_up_notes", follow_up)
    employee_form = token(page_of(employee, follow_up), notes)
    support = url("follow_up_support", follow_up)
    leader.post(
        support, {"leader_support": "Mer tid", **token(page_of(leader, follow_up), support)}
    )
    # The follow-up was saved since the employee opened it, but not the notes.
    assert employee.post(notes, {"shared_notes": "Notat", **employee_form}).status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.shared_notes, follow_up.leader_support) == ("Notat", "Mer tid")
    assert "Mer tid" in page_of(employee, follow_up)


def test_a_stale_save_of_the_preparation_is_refused(org, follow_up):
    first, second = client_for(org.employee), client_for(org.employee)
    address = url("follow_up_prepare", follow_up)
    form = token(page_of(second, follow_up), address)
    first.post(address, {"q1": "Fra første vindu", "save": "1"})
    result = second.post(address, {"q1": "Fra andre vindu", "save": "1", **form})
    assert result.status_code == 409
    page = result.content.decode()
    assert "Fra første vindu" in page and "Fra andre vindu" in page
    follow_up.refresh_from_db()
    assert follow_up.preparation == {"q1": "Fra første vindu"}


def test_a_stale_save_of_the_private_note_is_refused(org, follow_up):
    first, second = client_for(org.leader), client_for(org.leader)
    address = url("follow_up_private_note", follow_up)
    form = token(page_of(second, follow_up), address)
    first.post(address, {"text": "Første vindu"})
    result = second.post(address, {"text": "Andre vindu", **form})
    assert result.status_code == 409
    assert "Første vindu" in result.content.decode() and "Andre vindu" in result.content.decode()
    assert LeaderNote.objects.get().text == "Første vindu"


def test_pending_reflection_items_show_on_the_next_follow_up_and_are_kept_when_held(org, follow_up):
    PendingAgendaItem.objects.create(person=org.employee, text="Trenger hjelp med prioritering")
    page = page_of(client_for(org.leader), follow_up)
    assert "Trenger hjelp med prioritering" in page and "Bestilt ledelse" in page
    page_of(client_for(org.employee), follow_up)
    # Reading moves nothing (no GET writes); holding the meeting stores the point with it.
    assert follow_up.agenda.count() == 0
    assert PendingAgendaItem.pending_for(org.employee).exists()
    client_for(org.leader).post(url("follow_up_held", follow_up))
    assert list(follow_up.agenda.values_list("text", flat=True)) == [
        "Trenger hjelp med prioritering"
    ]
    assert not PendingAgendaItem.pending_for(org.employee).exists()


def test_unfinished_actions_carry_over_until_done(org, record, follow_up):
    earlier = FollowUp.objects.create(
        record=record, scheduled_at=at(-20), status=FollowUp.Status.HELD, held_at=timezone.now()
    )
    action = AgreedAction.objects.create(
        record=record, follow_up=earlier, text="Skriv kursplan", owner=org.employee
    )
    employee = client_for(org.employee)
    page = page_of(employee, follow_up)
    agenda = page.split('id="agenda"', 1)[1].split("</section>", 1)[0]
    assert "Skriv kursplan" in agenda and "Avtalte tiltak som ikke er fullført" in agenda

    result = employee.post(url("follow_up_action_done", follow_up, action.uuid), {"done": "1"})
    assert result.status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None
    assert "Skriv kursplan" not in page_of(employee, follow_up)


def test_agreed_actions_are_recorded_with_owner_and_due_date(org, follow_up):
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    leader = client_for(org.leader)
    address = url("follow_up_action_add", follow_up)
    result = leader.post(address, {"text": "Avklar budsjett", "owner": "leader", "due_on": due})
    assert result.status_code == 302
    action = AgreedAction.objects.get()
    assert (action.owner, action.due_on.isoformat(), action.created_by) == (
        org.leader,
        due,
        org.leader,
    )
    page = page_of(client_for(org.employee), follow_up)
    assert "Avklar budsjett" in page and "Lena Leder" in page

    refused = leader.post(address, {"text": "", "owner": "hr"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Skriv hva dere ble enige om." in body and "Velg medarbeideren eller lederen." in body
    assert AgreedAction.objects.count() == 1


def test_agenda_points_added_and_removed_by_their_author(org, follow_up):
    employee = client_for(org.employee)
    assert (
        employee.post(url("follow_up_agenda_add", follow_up), {"text": "Kurs i høst"}).status_code
        == 302
    )
    [item] = follow_up.agenda.all()
    assert "Kurs i høst" in page_of(client_for(org.leader), follow_up)
    assert employee.post(url("follow_up_agenda_remove", follow_up, item.uuid)).status_code == 302
    assert not follow_up.agenda.exists()
    oversized = employee.post(url("follow_up_agenda_add", follow_up), {"text": "x" * 2001})
    assert oversized.status_code == 400 and "høyst 2000 tegn" in oversized.content.decode()


def test_move_refuses_the_past_with_a_message(org, follow_up):
    yesterday = timezone.localdate() - timedelta(days=1)
    result = client_for(org.employee).post(
        url("follow_up_move", follow_up),
        {"day": yesterday.isoformat(), "start": "10:00", "duration_minutes": "45", "location": ""},
    )
    assert result.status_code == 400
    assert "Tidspunktet har allerede vært." in result.content.decode()
    before = follow_up.scheduled_at
    follow_up.refresh_from_db()
    assert follow_up.scheduled_at == before and follow_up.sequence == 0


def test_move_and_hold_and_cancel(org, record, follow_up):
    leader = client_for(org.leader)
    day = (timezone.localdate() + timedelta(days=9)).isoformat()
    result = leader.post(
        url("follow_up_move", follow_up),
        {"day": day, "start": "13:30", "duration_minutes": "60", "location": "Kafé"},
    )
    assert result.status_code == 302
    follow_up.refresh_from_db()
    assert timezone.localtime(follow_up.scheduled_at).strftime("%H:%M") == "13:30"
    assert follow_up.duration_minutes == 60 and follow_up.sequence == 1

    assert leader.post(url("follow_up_held", follow_up)).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.HELD and follow_up.held_at

    other = FollowUp.objects.create(record=record, scheduled_at=at(20))
    result = client_for(org.employee).post(url("follow_up_cancel", other))
    assert result.status_code == 302 and result["Location"] == record.get_absolute_url()
    other.refresh_from_db()
    assert other.status == FollowUp.Status.CANCELLED


def test_plan_page_plans_the_rhythm(org, record):
    client = client_for(org.leader)
    address = reverse("conversations:follow_ups_plan", args=[record.uuid])
    page = client.get(address).content.decode()
    assert "én samtale hver måned" in page
    first = timezone.localdate() + timedelta(days=3)
    result = client.post(
        address,
        {"day": first.isoformat(), "start": "09:00", "duration_minutes": "45", "location": ""},
    )
    assert result.status_code == 302 and result["Location"] == record.get_absolute_url()
    assert record.follow_ups.count() >= 9

    bad = client.post(address, {"day": "12.13.2026", "start": "25:00", "duration_minutes": "45"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Skriv en gyldig dato" in body and "Skriv et gyldig klokkeslett" in body


def test_one_extra_meeting_outside_the_period_is_refused(org, record):
    client = client_for(org.employee)
    late = record.period.ends_on + timedelta(days=2)
    result = client.post(
        reverse("conversations:follow_up_add", args=[record.uuid]),
        {"extra-day": late.isoformat(), "extra-start": "10:00", "extra-duration_minutes": "30"},
    )
    assert result.status_code == 400
    assert "Velg et tidspunkt i perioden" in result.content.decode()
    assert not record.follow_ups.exists()


def test_the_calendar_download(org, follow_up):
    result = client_for(org.employee).get(url("follow_up_ics", follow_up))
    assert result["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in result["Content-Disposition"]
    assert f"UID:{follow_up.uuid}@aktiv" in result.content.decode()


def fill(follow_up: FollowUp, org, count: int) -> None:
    for n in range(count):
        services.agenda_item_add(follow_up=follow_up, text=f"Punkt {n}", actor=org.employee)
        AgreedAction.objects.create(
            record=follow_up.record, follow_up=follow_up, text=f"Tiltak {n}", owner=org.leader
        )
        AgreedAction.objects.create(record=follow_up.record, text=f"Eldre {n}", owner=org.employee)
    LeaderNote.objects.get_or_create(follow_up=follow_up, author=org.leader, text="x")


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_the_page_query_count_does_not_grow(org, follow_up, persona, django_assert_max_num_queries):
    client = client_for(getattr(org, persona))
    fill(follow_up, org, 2)
    page_of(client, follow_up)  # warm the session
    # 15: the header's unread count is one query on every page.
    with django_assert_max_num_queries(15):
        page_of(client, follow_up)
    fill(follow_up, org, 30)
    with django_assert_max_num_queries(15):
        page_of(client, follow_up)


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (lambda period: "9999-12-31", "Velg en dato mellom år 1900 og 2100."),
        (
            lambda period: (period.ends_on + timedelta(days=1)).isoformat(),
            "Velg en frist i perioden «Inneværende»",
        ),
    ],
)
def test_a_due_date_outside_the_period_is_refused_at_the_field(org, follow_up, due, message):
    result = client_for(org.leader).post(
        url("follow_up_action_add", follow_up),
        {"text": "Avklar budsjett", "owner": "leader", "due_on": due(follow_up.record.period)},
    )
    assert result.status_code == 400
    assert f'id="action-due_on_error">{message}' in result.content.decode()
    assert not AgreedAction.objects.exists()


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_planning_from_a_hostile_day_is_refused_at_the_field(org, record, day):
    result = client_for(org.leader).post(
        reverse("conversations:follow_ups_plan", args=[record.uuid]),
        {"day": day, "start": "00:30", "duration_minutes": "45", "location": ""},
    )
    assert result.status_code == 400
    assert "Velg en dato mellom år 1900 og 2100." in result.content.decode()
    assert not record.follow_ups.exists()
