"""The evaluation drafts itself: per party, from what that party may see, every line linked to
its source, the form filled only on request, nothing stored by a page view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from aktiv.assessments import definitions
from aktiv.assessments.models import FocusArea
from aktiv.audit.models import AccessLogEntry
from aktiv.competence.models import CompetenceProfile
from aktiv.competence.services import area_add, profile_for
from aktiv.conversations.goals.services import personal_goal_progress
from aktiv.conversations.models import (
    AgreedAction,
    ConversationRecord,
    Evaluation,
    FollowUp,
    GoalAssessment,
    LeaderNote,
)
from aktiv.goals.models import PersonalGoal

from ..conftest import client_for
from ..factories import submitted_response
from ..goals.helpers import personal_goal

SHARED = "Kurset i universell utforming er fullført."
READY_PREP = "Jeg ligger godt an med universell utforming."
LEARNED = "Jeg har lært å teste med skjermleser."
UNREADY_PREP = "Uferdig tanke om universell utforming."
PRIVATE = "Trenger mer tid til universell utforming, virker sliten."
UNRELATED = "Vi snakket om ferien."


@pytest.fixture
def goal(record: ConversationRecord) -> PersonalGoal:
    goal = personal_goal(record, "agreed")
    return personal_goal_progress(goal=goal, actor=record.employee, progress=60)


@pytest.fixture
def year(org, record, goal):
    now = timezone.now()
    held = FollowUp.objects.create(
        record=record,
        scheduled_at=now - timedelta(days=30),
        status=FollowUp.Status.HELD,
        held_at=now - timedelta(days=30),
        shared_notes=f"{SHARED} {UNRELATED}",
        preparation={"q1": READY_PREP, "q3": LEARNED},
        prepared_at=now - timedelta(days=31),
    )
    LeaderNote.objects.create(follow_up=held, author=org.leader, text=PRIVATE)
    upcoming = FollowUp.objects.create(
        record=record, scheduled_at=now + timedelta(days=7), preparation={"q1": UNREADY_PREP}
    )
    AgreedAction.objects.create(
        record=record,
        follow_up=held,
        text="Melde seg på kurset",
        owner=org.employee,
        created_by=org.leader,
        done_at=now - timedelta(days=20),
    )
    AgreedAction.objects.create(
        record=record,
        follow_up=held,
        text="Gå gjennom prosjekt to",
        owner=org.employee,
        created_by=org.leader,
    )
    area_add(
        profile=profile_for(org.employee),
        values={"name": "Skjermlesertesting", "kind": "depth", "level": 3},
    )
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    item = definitions.latest("aktivt-medarbeiderskap").items[0]
    FocusArea.objects.create(
        response=response, kind=FocusArea.Kind.DEVELOPMENT, position=1, item_key=item.key
    )
    return {"held": held, "upcoming": upcoming, "response": response, "item": item}


def page(client: Client, record: ConversationRecord, draft: bool = False) -> str:
    address = reverse("conversations:evaluation", args=[record.uuid])
    result = client.get(address + ("?utkast=1" if draft else ""))
    assert result.status_code == 200
    return result.content.decode()


def draft_section(html: str) -> str:
    return html.split('id="utkast"', 1)[1].split("</section>", 1)[0]


def textarea(html: str, name: str) -> str:
    found = re.search(rf'<textarea name="{re.escape(name)}"[^>]*>(.*?)</textarea>', html, re.S)
    assert found, name
    return found.group(1)


def test_employee_draft_has_the_year_with_their_own_items(org, record, goal, year):
    draft = draft_section(page(client_for(org.employee), record))
    assert "Framdrift nå: 60 %." in draft
    assert "Framdriften ble satt til 60 %" in draft
    assert f"«{SHARED}»" in draft and UNRELATED not in draft
    assert f"«{READY_PREP}»" in draft and f"«{UNREADY_PREP}»" in draft
    assert f"«{LEARNED}»" in draft
    assert "Melde seg på kurset" in draft and "Åpent: Gå gjennom prosjekt to" in draft
    assert "Skjermlesertesting" in draft
    assert year["item"].text in draft
    assert "Anbefalt læringsøkt" in draft and "/laering/okter/" in draft
    # The leader's private note is never in the employee's draft.
    assert PRIVATE not in draft and "sliten" not in page(client_for(org.employee), record)


def test_leader_draft_leaves_out_the_employees_unshared_items(org, record, goal, year):
    draft = draft_section(page(client_for(org.leader), record))
    assert f"«{SHARED}»" in draft and f"«{READY_PREP}»" in draft
    assert UNREADY_PREP not in draft  # the preparation is not marked ready
    assert "Skjermlesertesting" not in draft  # the profile is not shared
    assert year["item"].text not in draft  # the self-assessment is not shared
    assert "Anbefalt læringsøkt" not in draft
    # The leader's own private note is in their own draft, marked as private.
    assert f"«{PRIVATE}»" in draft and "privat: bare i ditt utkast" in draft


def test_leader_sees_what_is_shared_with_them(org, record, goal, year):
    CompetenceProfile.objects.get(person=org.employee).share_with_leader()
    year["response"].share_with_leader()
    AccessLogEntry.objects.all().delete()
    draft = draft_section(page(client_for(org.leader), record))
    assert "Skjermlesertesting" in draft
    assert year["item"].text in draft and "Anbefalt læringsøkt" in draft
    # What the draft showed of the employee's shared items is in their "who read what".
    logged = set(
        AccessLogEntry.objects.filter(actor=org.leader, subject=org.employee).values_list(
            "object_type", flat=True
        )
    )
    assert {"response", "competenceprofile"} <= {t.rsplit(".", 1)[-1].lower() for t in logged}, (
        logged
    )


def test_every_source_link_opens_for_the_party(org, record, goal, year):
    for person in (org.employee, org.leader):
        client = client_for(person)
        links = re.findall(
            r'href="([^"]+)" class="draft-source"', draft_section(page(client, record))
        )
        assert len(links) >= 8
        for link in set(links):
            assert client.get(link.split("#")[0]).status_code == 200, link
        assert f"{year['held'].get_absolute_url()}#notater" in links


def test_using_the_draft_fills_the_form_and_stores_nothing(org, record, goal, year):
    leader = client_for(org.leader)
    html = page(leader, record, draft=True)
    assert "Ingenting er lagret før du trykker Lagre." in html
    comment = textarea(html, f"comment-{goal.uuid}")
    assert SHARED in comment and "Framdrift nå: 60 %." in comment
    # Private notes stay out of the form: the comment is shown to the employee later.
    assert "sliten" not in comment
    assert "Melde seg på kurset" in textarea(html, "results")
    assert "Skjermlesertesting" not in textarea(html, "competence_note")
    employee_html = page(client_for(org.employee), record, draft=True)
    assert "Skjermlesertesting" in textarea(employee_html, "competence_note")
    assert LEARNED in textarea(employee_html, "learning")
    assert not Evaluation.objects.exists() and not GoalAssessment.objects.exists()


def test_the_draft_never_replaces_what_was_saved(org, record, goal, year):
    employee = client_for(org.employee)
    saved = {f"rating-{goal.uuid}": "partly", f"comment-{goal.uuid}": "Mitt eget.", "save": "1"}
    assert (
        employee.post(
            reverse("conversations:evaluation_assess", args=[record.uuid]), saved
        ).status_code
        == 302
    )
    stored = GoalAssessment.objects.get()
    html = page(employee, record, draft=True)
    assert textarea(html, f"comment-{goal.uuid}").strip() == "Mitt eget."
    assert GoalAssessment.objects.get().updated_at == stored.updated_at


def test_saving_the_drafted_form_stores_it(org, record, goal, year):
    employee = client_for(org.employee)
    html = page(employee, record, draft=True)
    comment = textarea(html, f"comment-{goal.uuid}")
    import html as html_lib

    text = html_lib.unescape(comment).strip()
    data = {f"rating-{goal.uuid}": "partly", f"comment-{goal.uuid}": text, "save": "1"}
    assert (
        employee.post(
            reverse("conversations:evaluation_assess", args=[record.uuid]), data
        ).status_code
        == 302
    )
    assert SHARED in GoalAssessment.objects.get().comment


def test_an_empty_year_says_so(org, record):
    html = page(client_for(org.employee), record)
    assert "Det er ikke noe fra året å lage et utkast av ennå" in html


def test_a_sentence_repeated_in_every_preparation_is_quoted_once_from_the_latest(
    org, record, goal, year
):
    later = FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() - timedelta(days=3),
        status=FollowUp.Status.HELD,
        preparation={"q1": READY_PREP},
        prepared_at=timezone.now() - timedelta(days=4),
    )
    draft = draft_section(page(client_for(org.leader), record))
    assert draft.count(f"«{READY_PREP}»") == 1
    quote = draft.split(f"«{READY_PREP}»", 1)[1]
    assert quote.split("</a>", 1)[0].count(later.get_absolute_url()) == 1


def test_a_recommended_title_that_asks_ends_with_its_own_question_mark():
    from aktiv.conversations.evaluation.draft import _recommended

    assert _recommended("Hva motiverer folk?") == "Anbefalt læringsøkt: Hva motiverer folk?"
    assert _recommended("Coaching") == "Anbefalt læringsøkt: Coaching."
    with translation.override("en"):
        assert _recommended("What motivates people?") == (
            "Recommended learning session: What motivates people?"
        )


def test_the_recommended_sessions_are_named_in_the_readers_language(org, record, goal, year):
    from aktiv.learning.models import LearningSession

    org.employee.language = "en"
    org.employee.save(update_fields=["language"])
    draft = draft_section(page(client_for(org.employee), record))
    named = re.findall(r"Recommended learning session: ([^<]+?)\.?\s*<", draft)
    assert named
    # Dates the English way ("23 November 2026"), not the Norwegian ("23. November 2026").
    assert re.search(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", draft)
    assert not re.search(r"\b\d{1,2}\. [A-Z][a-z]+ \d{4}\b", draft)
    with translation.override("en"):
        english = {session.shown_title for session in LearningSession.objects.all()}
    with translation.override("nb"):
        bokmal = {session.shown_title for session in LearningSession.objects.all()}
    for title in named:
        assert title in english and title not in bokmal - english, title
