"""Phase 3, the evaluation and learning conversation: assessments hidden until both have
submitted, confirmation, read-only and reopening by both, the stale-save conflict, bad
input, refusals for every role, the record hub's status, the data export and the PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktiv.competence.services import area_add, profile_for
from aktiv.conversations.evaluation import services
from aktiv.conversations.evaluation.services import Assessment
from aktiv.conversations.models import ConversationRecord, Evaluation, GoalAssessment, Period
from aktiv.goals.models import PersonalGoal

from ..conftest import Org, client_for
from ..goals.helpers import personal_goal

EMPLOYEE_SAYS = "Kurset er tatt, men bare ett prosjekt er gjennomgått."
LEADER_SAYS = "Godt arbeid med kurset; det andre prosjektet venter til våren."


@pytest.fixture
def goal(record: ConversationRecord) -> PersonalGoal:
    return personal_goal(record, "agreed")


def url(name: str, record: ConversationRecord) -> str:
    return reverse(f"conversations:{name}", args=[record.uuid])


def page_of(client: Client, record: ConversationRecord) -> str:
    result = client.get(url("evaluation", record))
    assert result.status_code == 200
    return result.content.decode()


def assess(
    client: Client,
    record: ConversationRecord,
    goal: PersonalGoal,
    rating: str,
    comment: str,
    *,
    submit: bool = True,
) -> int:
    data = {f"rating-{goal.uuid}": rating, f"comment-{goal.uuid}": comment}
    data["submit" if submit else "save"] = "1"
    return client.post(url("evaluation_assess", record), data).status_code


def token(page: str, action: str) -> dict[str, str]:
    form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'name="(edited_at|base)" value="([^"]*)"', form))


def both_submit(org: Org, record: ConversationRecord, goal: PersonalGoal) -> None:
    assert assess(client_for(org.employee), record, goal, "partly", EMPLOYEE_SAYS) == 302
    assert assess(client_for(org.leader), record, goal, "achieved", LEADER_SAYS) == 302


def evaluation_of(record: ConversationRecord) -> Evaluation:
    return Evaluation.objects.get(record=record)


# Hidden until both have submitted ----------------------------------------------------------


def test_neither_sees_the_others_assessment_until_both_have_submitted(org, record, goal):
    employee, leader = client_for(org.employee), client_for(org.leader)
    assert assess(employee, record, goal, "partly", EMPLOYEE_SAYS) == 302
    assert assess(leader, record, goal, "achieved", LEADER_SAYS, submit=False) == 302

    employee_page, leader_page = page_of(employee, record), page_of(leader, record)
    assert EMPLOYEE_SAYS in employee_page and LEADER_SAYS not in employee_page
    assert LEADER_SAYS in leader_page and EMPLOYEE_SAYS not in leader_page
    for page in (employee_page, leader_page):
        assert "Vises når dere begge har levert." in page
        assert 'class="rating rating-' not in page  # no one's rating shown as a result yet
    assert "Emma Medarbeider leverte vurderingen" in leader_page
    assert "Lena Leder har ikke levert vurderingen ennå." in employee_page

    assert assess(leader, record, goal, "achieved", LEADER_SAYS) == 302
    employee_page, leader_page = page_of(employee, record), page_of(leader, record)
    for page in (employee_page, leader_page):
        assert EMPLOYEE_SAYS in page and LEADER_SAYS in page
        assert "Vises når dere begge har levert." not in page
    assert '<span class="rating rating-achieved">Oppnådd</span>' in employee_page
    assert '<span class="rating rating-partly">Delvis oppnådd</span>' in leader_page


def test_the_query_holds_back_the_other_partys_assessments(org, record, goal):
    evaluation = services.evaluation_for(record)
    services.assessments_save(
        evaluation=evaluation,
        entries={str(goal.uuid): Assessment("achieved", "E")},
        submit=True,
        actor=org.employee,
    )
    assert (
        list(GoalAssessment.objects.visible_to(org.leader).values_list("comment", flat=True)) == []
    )
    assert list(
        GoalAssessment.objects.visible_to(org.employee).values_list("comment", flat=True)
    ) == ["E"]
    for outsider in (org.colleague, org.other_leader, org.hr, org.admin):
        assert not GoalAssessment.objects.visible_to(outsider).exists()


def test_the_export_holds_the_others_assessment_only_once_both_submitted(org, record, goal):
    assert assess(client_for(org.employee), record, goal, "partly", EMPLOYEE_SAYS) == 302
    leader_export = json.loads(client_for(org.leader).get(reverse("audit:export")).content)
    assert leader_export["conversations.goalassessment"] == []
    assert EMPLOYEE_SAYS not in json.dumps(leader_export, ensure_ascii=False)
    assert assess(client_for(org.leader), record, goal, "achieved", LEADER_SAYS) == 302
    employee_export = json.loads(client_for(org.employee).get(reverse("audit:export")).content)
    comments = {a["comment"] for a in employee_export["conversations.goalassessment"]}
    assert comments == {EMPLOYEE_SAYS, LEADER_SAYS}
    [exported] = employee_export["conversations.evaluation"]
    assert exported["employee_submitted_at"] and exported["leader_submitted_at"]


# Confirming, read-only, reopening by both ---------------------------------------------------


def test_both_confirm_then_it_is_read_only_until_both_reopen_it(org, record, goal):
    employee, leader = client_for(org.employee), client_for(org.leader)
    assert "Dere kan bekrefte oppsummeringen når begge har levert" in page_of(employee, record)
    assert employee.post(url("evaluation_confirm", record)).status_code == 302
    assert evaluation_of(record).employee_confirmed_at is None  # refused: not both submitted

    both_submit(org, record, goal)
    employee.post(url("evaluation_confirm", record))
    evaluation = evaluation_of(record)
    assert evaluation.employee_confirmed_at is not None and not evaluation.is_confirmed
    assert "Venter på at Lena Leder bekrefter." in page_of(employee, record)
    leader.post(url("evaluation_confirm", record))
    evaluation.refresh_from_db()
    assert evaluation.is_confirmed

    # Read-only: no forms, and a change is refused with a message.
    for client in (employee, leader):
        page = page_of(client, record)
        assert url("evaluation_assess", record) not in page
        assert url("evaluation_texts", record) not in page
        assert "Dere har begge bekreftet oppsummeringen." in page
        assert EMPLOYEE_SAYS in page and LEADER_SAYS in page
    result = employee.post(
        url("evaluation_texts", record), {"results": "Endret i smug", "learning": ""}
    )
    assert result.status_code == 400
    assert "bekreftet av begge og kan ikke endres" in result.content.decode()
    assert assess(employee, record, goal, "achieved", "Endret") == 400
    evaluation.refresh_from_db()
    assert evaluation.results == "" and evaluation.is_confirmed
    assert GoalAssessment.objects.get(author_role="employee").rating == "partly"

    # One asks; the asker cannot agree with themselves; the other agrees.
    employee.post(url("evaluation_reopen", record), {"action": "request"})
    evaluation.refresh_from_db()
    assert evaluation.reopen_requested_by == org.employee and evaluation.is_confirmed
    assert "Godta å åpne oppsummeringen" in page_of(leader, record)
    employee.post(url("evaluation_reopen", record), {"action": "agree"})
    evaluation.refresh_from_db()
    assert evaluation.is_confirmed
    leader.post(url("evaluation_reopen", record), {"action": "agree"})
    evaluation.refresh_from_db()
    assert not evaluation.is_confirmed
    assert evaluation.employee_confirmed_at is None and evaluation.leader_confirmed_at is None
    assert evaluation.reopen_requested_by is None
    assert url("evaluation_texts", record) in page_of(employee, record)


def test_a_request_to_reopen_can_be_withdrawn_and_unknown_actions_change_nothing(org, record, goal):
    both_submit(org, record, goal)
    for person in (org.employee, org.leader):
        services.evaluation_confirm(evaluation=evaluation_of(record), actor=person)
    leader = client_for(org.leader)
    leader.post(url("evaluation_reopen", record), {"action": "request"})
    leader.post(url("evaluation_reopen", record), {"action": "withdraw"})
    assert evaluation_of(record).reopen_requested_by is None
    result = leader.post(url("evaluation_reopen", record), {"action": "force"}, follow=True)
    assert "Ukjent handling" in result.content.decode()
    assert evaluation_of(record).is_confirmed


def test_a_change_after_one_confirmed_clears_the_confirmation(org, record, goal):
    both_submit(org, record, goal)
    services.evaluation_confirm(evaluation=evaluation_of(record), actor=org.employee)
    assert assess(client_for(org.leader), record, goal, "partly", "Ved nærmere ettertanke") == 302
    evaluation = evaluation_of(record)
    assert evaluation.employee_confirmed_at is None
    assert evaluation.both_submitted


# Lost updates -------------------------------------------------------------------------------


def test_a_stale_save_of_the_shared_texts_is_refused_and_keeps_what_was_typed(org, record, goal):
    employee, leader = client_for(org.employee), client_for(org.leader)
    action = url("evaluation_texts", record)
    employee_form = token(page_of(employee, record), action)
    leader_form = token(page_of(leader, record), action)
    assert employee.post(action, {**employee_form, "results": "Emmas tekst"}).status_code == 302

    result = leader.post(action, {**leader_form, "results": "Lenas tekst"})
    assert result.status_code == 409
    page = result.content.decode()
    assert "Lagret av noen andre i mellomtiden" in page
    assert "Emmas tekst" in page and "Lenas tekst" in page
    assert evaluation_of(record).results == "Emmas tekst"

    # The fresh token from the conflict page lets the leader save on purpose.
    assert leader.post(action, {**token(page, action), "results": "Begge"}).status_code == 302
    assert evaluation_of(record).results == "Begge"


def test_a_submission_meanwhile_does_not_trip_the_texts_form(org, record, goal):
    leader = client_for(org.leader)
    action = url("evaluation_texts", record)
    form = token(page_of(leader, record), action)
    assert assess(client_for(org.employee), record, goal, "partly", EMPLOYEE_SAYS) == 302
    assert leader.post(action, {**form, "learning": "Ny læring"}).status_code == 302
    assert evaluation_of(record).learning == "Ny læring"


# Bad input ----------------------------------------------------------------------------------


def test_a_rating_outside_the_choices_is_refused(org, record, goal):
    result = client_for(org.employee).post(
        url("evaluation_assess", record),
        {f"rating-{goal.uuid}": "brilliant", f"comment-{goal.uuid}": "x", "submit": "1"},
    )
    assert result.status_code == 400
    assert "Velg oppnådd, delvis oppnådd eller ikke oppnådd." in result.content.decode()
    assert not GoalAssessment.objects.exists()
    assert evaluation_of(record).employee_submitted_at is None


def test_another_records_goal_is_refused(org, record, goal, current_period):
    other_record = ConversationRecord.objects.create(
        period=current_period, employee=org.other_employee, leader=org.other_leader
    )
    foreign = personal_goal(other_record, "agreed", title="Et annet mål")
    result = client_for(org.employee).post(
        url("evaluation_assess", record),
        {
            f"rating-{goal.uuid}": "achieved",
            f"rating-{foreign.uuid}": "not",
            f"comment-{foreign.uuid}": "Inn bakveien",
            "submit": "1",
        },
    )
    assert result.status_code == 400
    assert "ikke er avtalt i denne samtalen" in result.content.decode()
    assert not GoalAssessment.objects.exists()
    with pytest.raises(ValidationError):
        services.assessments_save(
            evaluation=services.evaluation_for(record),
            entries={str(foreign.uuid): Assessment("not", "")},
            submit=False,
            actor=org.employee,
        )
    assert not GoalAssessment.objects.exists()


def test_a_goal_not_yet_agreed_cannot_be_assessed(org, record, goal):
    proposed = personal_goal(record, "proposed", title="Bare foreslått")
    result = client_for(org.employee).post(
        url("evaluation_assess", record), {f"rating-{proposed.uuid}": "achieved", "save": "1"}
    )
    assert result.status_code == 400
    assert not GoalAssessment.objects.exists()


def test_oversized_text_and_a_missing_rating_are_refused(org, record, goal):
    employee = client_for(org.employee)
    assert assess(employee, record, goal, "achieved", "x" * 5001) == 400
    result = employee.post(
        url("evaluation_assess", record), {f"comment-{goal.uuid}": "Uten vurdering", "submit": "1"}
    )
    assert result.status_code == 400
    assert "Gi en vurdering av hvert mål før du leverer." in result.content.decode()
    result = employee.post(url("evaluation_texts", record), {"results": "x" * 10_001})
    assert result.status_code == 400
    assert "Teksten kan ha høyst 10000 tegn." in result.content.decode()
    result = employee.post(
        url("evaluation_texts", record),
        {"held_on": (timezone.localdate() + timedelta(days=3)).isoformat()},
    )
    assert result.status_code == 400
    assert "ikke fram i tid" in result.content.decode()
    assert not GoalAssessment.objects.exists()
    evaluation = evaluation_of(record)
    assert evaluation.results == "" and evaluation.held_on is None
    assert evaluation.employee_submitted_at is None


def test_an_old_pair_is_history_for_the_employee_and_closed_to_the_former_leader(org, record, goal):
    both_submit(org, record, goal)
    org.employee.leader = org.other_leader
    org.employee.save()
    page = page_of(client_for(org.employee), record)
    assert "kan leses, men ikke endres" in page
    assert EMPLOYEE_SAYS in page
    for actor in (org.employee, org.leader):
        with pytest.raises(ValidationError, match="kan bare leses"):
            services.evaluation_confirm(evaluation=evaluation_of(record), actor=actor)
    former = client_for(org.leader)
    assert former.get(url("evaluation", record)).status_code == 404
    assert former.get(url("evaluation_pdf", record)).status_code == 404
    assert client_for(org.other_leader).get(url("evaluation", record)).status_code == 404


# Refusals -----------------------------------------------------------------------------------

ACTIONS = [
    ("evaluation", "get", {}),
    ("evaluation_pdf", "get", {}),
    ("evaluation_assess", "post", {"save": "1"}),
    ("evaluation_texts", "post", {"results": "Inntrenger"}),
    ("evaluation_confirm", "post", {}),
    ("evaluation_reopen", "post", {"action": "request"}),
]


@pytest.mark.parametrize("persona", ["colleague", "other_leader", "hr", "admin"])
@pytest.mark.parametrize(("name", "method", "data"), ACTIONS)
def test_nobody_else_gets_anything(org, record, goal, persona, name, method, data):
    both_submit(org, record, goal)
    client = client_for(getattr(org, persona))
    assert getattr(client, method)(url(name, record), data).status_code == 404
    evaluation = evaluation_of(record)
    assert evaluation.results == "" and evaluation.reopen_requested_by is None


@pytest.mark.parametrize(("name", "method", "data"), ACTIONS)
def test_anonymous_is_sent_to_log_in(record, name, method, data):
    result = getattr(Client(), method)(url(name, record), data)
    assert result.status_code == 302 and result["Location"].startswith(reverse("login"))
    assert not Evaluation.objects.exists()


def test_actions_take_post_only(org, record):
    for name in (
        "evaluation_assess",
        "evaluation_texts",
        "evaluation_confirm",
        "evaluation_reopen",
    ):
        assert client_for(org.employee).get(url(name, record)).status_code == 405


# The record hub and the competence profile -------------------------------------------------


def test_the_record_hub_shows_the_evaluation_status(org, record, goal):
    hub = url("record", record)
    employee, leader = client_for(org.employee), client_for(org.leader)
    page = employee.get(hub).content.decode()
    assert "3</span> Evaluering og læring" in page and "Ikke startet" in page
    assert url("evaluation", record) in page
    assess(employee, record, goal, "partly", EMPLOYEE_SAYS)
    assert "Du har levert – venter på den andre" in employee.get(hub).content.decode()
    assert "Den andre har levert – venter på deg" in leader.get(hub).content.decode()
    assess(leader, record, goal, "achieved", LEADER_SAYS)
    assert "Begge har levert vurderingene" in employee.get(hub).content.decode()
    for person in (org.employee, org.leader):
        services.evaluation_confirm(evaluation=evaluation_of(record), actor=person)
    assert "Bekreftet av begge" in leader.get(hub).content.decode()


def test_the_competence_profile_link_respects_sharing(org, record):
    prompt = "Oppdater kompetanseprofilen din i bredde og/eller spiss"
    assert prompt in page_of(client_for(org.employee), record)
    assert reverse("competence:mine") in page_of(client_for(org.employee), record)
    profile = profile_for(org.employee)
    area_add(profile=profile, values={"name": "Veiledning", "kind": "depth", "level": 3})
    leader_page = page_of(client_for(org.leader), record)
    assert profile.get_absolute_url() not in leader_page
    assert "har ikke delt kompetanseprofilen med deg" in leader_page
    profile.share_with_leader()
    assert profile.get_absolute_url() in page_of(client_for(org.leader), record)


# The PDF ------------------------------------------------------------------------------------


def pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: run `make pdf-tools` (Debian's poppler-utils)")
    path = tmp_path / "summary.pdf"
    path.write_bytes(content)
    command = [shutil.which("pdftotext") or "pdftotext", str(path), "-"]
    done = subprocess.run(command, capture_output=True, check=True)  # noqa: S603 (our own file)
    return done.stdout.decode()


@pytest.mark.parametrize("persona", ["employee", "leader"])
def test_either_party_downloads_the_summary_as_a_pdf(org, record, goal, persona, tmp_path):
    other_goal = personal_goal(record, "agreed", kind="personal", title="Si fra tidligere")
    employee, leader = client_for(org.employee), client_for(org.leader)
    for client, rating in ((employee, "partly"), (leader, "achieved")):
        data = {
            f"rating-{goal.uuid}": rating,
            f"comment-{goal.uuid}": "",
            f"rating-{other_goal.uuid}": "not",
            f"comment-{other_goal.uuid}": "",
            "submit": "1",
        }
        assert client.post(url("evaluation_assess", record), data).status_code == 302
    employee.post(url("evaluation_texts", record), {"results": "Tre prosjekter levert"})
    for person in (org.employee, org.leader):
        services.evaluation_confirm(evaluation=evaluation_of(record), actor=person)

    result = client_for(getattr(org, persona)).get(url("evaluation_pdf", record))
    assert result.status_code == 200
    assert result["Content-Type"] == "application/pdf"
    assert result.content.startswith(b"%PDF")
    disposition = result["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "emma-medarbeider" in disposition and "innevaerende" in disposition
    text = pdf_text(result.content, tmp_path)
    flat = " ".join(text.split())
    for expected in (
        "Lære universell utforming",
        "Si fra tidligere",
        "Delvis oppnådd",
        "Oppnådd",
        "Ikke oppnådd",
        "Tre prosjekter levert",
        "Emma Medarbeider",
        "Lena Leder",
        "Bekreftet av Emma Medarbeider",
    ):
        assert expected in flat, expected
    assert "Utkast" not in flat


def test_a_draft_pdf_holds_back_the_others_assessment(org, record, goal, tmp_path):
    assert assess(client_for(org.employee), record, goal, "partly", EMPLOYEE_SAYS) == 302
    result = client_for(org.leader).get(url("evaluation_pdf", record))
    flat = " ".join(pdf_text(result.content, tmp_path).split())
    assert "Utkast" in flat and "Lære universell utforming" in flat
    assert "kurset" not in flat.lower() and "Delvis oppnådd" not in flat
    assert "Vises når begge har levert" in flat


def test_the_pdf_needs_no_network(org, record, goal, monkeypatch):
    """Every URL WeasyPrint might fetch is refused: a PDF renders with the sockets gone."""
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF tried to use the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = client_for(org.employee).get(url("evaluation_pdf", record))
    assert result.status_code == 200 and result.content.startswith(b"%PDF")


def test_the_evaluation_was_held_in_its_period(org):
    """Not before it, not after it (in a period that has ended), and not in the future."""
    year = timezone.localdate().year - 2
    period = Period.objects.create(
        name="Før", starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
    )
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    evaluation = services.evaluation_for(record)
    texts = {"results": "", "learning": "", "competence_note": ""}
    for held_on in (date(year, 12, 31) + timedelta(days=1), date(year - 1, 12, 31)):
        with pytest.raises(ValidationError) as refused:
            services.evaluation_texts_save(
                evaluation=evaluation, held_on=held_on, actor=org.leader, **texts
            )
        assert refused.value.message_dict == {
            "held_on": [
                f"Velg en dato i perioden «Før», fra 1. januar {year} til 31. desember {year}, "
                "og ikke fram i tid."
            ]
        }
    services.evaluation_texts_save(
        evaluation=evaluation, held_on=date(year, 12, 31), actor=org.leader, **texts
    )
    assert evaluation_of(record).held_on == date(year, 12, 31)


def test_a_hostile_held_date_is_refused_at_the_field(org, record):
    result = client_for(org.employee).post(
        url("evaluation_texts", record), {"held_on": "9999-12-31"}
    )
    assert result.status_code == 400
    assert 'id="id_held_on_error">Velg en dato mellom år 1900 og 2100.' in result.content.decode()
