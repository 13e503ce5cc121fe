"""Business rules of goals: who may write what, and every state transition of a personal
goal (the legal ones, and the illegal ones refused with nothing changed)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from aktiv.audit.models import ActionEntry
from aktiv.conversations.goals import services as goal_conversation
from aktiv.conversations.models import ConversationRecord, Period
from aktiv.goals import services
from aktiv.goals.models import Goal, PersonalGoal, PersonalGoalRevision

from ..factories import PersonFactory
from .helpers import goal_fields, personal_goal, record_of


def events(goal: PersonalGoal) -> list[tuple[str, str]]:
    return [(r.snapshot["event"], r.state) for r in goal.revisions.order_by("at", "pk")]


# Organisation and unit goals ------------------------------------------------------------


def test_hr_writes_organisation_goals_and_it_is_logged(org, period):
    goal = services.goal_create(
        period=period, actor=org.hr, level="organisation", title="  Trygge tjenester  "
    )
    assert (goal.title, goal.unit, goal.created_by) == ("Trygge tjenester", None, org.hr)
    entry = ActionEntry.objects.get(action="goal_create")
    assert (entry.actor, entry.object_uuid) == (org.hr, goal.uuid)


@pytest.mark.parametrize("who", ["leader", "employee", "admin"])
def test_only_hr_writes_organisation_goals(org, period, who):
    with pytest.raises(ValidationError, match="Bare HR"):
        services.goal_create(
            period=period, actor=getattr(org, who), level="organisation", title="Mål"
        )
    assert not Goal.objects.exists()


def test_a_leader_writes_goals_for_their_own_unit_only(org, period, org_goal):
    goal = services.goal_create(
        period=period, actor=org.leader, level="unit", unit=org.unit, parent=org_goal, title="A"
    )
    assert (goal.unit, goal.parent) == (org.unit, org_goal)
    for actor, unit in [
        (org.leader, org.other_unit),  # another unit
        (org.employee, org.unit),  # not a leader
        (org.hr, org.unit),  # HR, but not the unit's leader
    ]:
        with pytest.raises(ValidationError, match="Bare lederen"):
            services.goal_create(period=period, actor=actor, level="unit", unit=unit, title="B")
    assert Goal.objects.filter(level="unit").count() == 1


def test_a_unit_goal_sits_under_an_organisation_goal_of_the_same_period(
    org, period, org_goal, unit_goal
):
    later = Period.objects.create(
        name="Neste", starts_on=period.ends_on + timedelta(days=1), ends_on=date(2999, 1, 1)
    )
    later_goal = Goal.objects.create(period=later, level="organisation", title="Senere")
    for parent in (unit_goal, later_goal):
        with pytest.raises(ValidationError, match="organisasjonens mål for samme periode"):
            services.goal_create(
                period=period,
                actor=org.leader,
                level="unit",
                unit=org.unit,
                parent=parent,
                title="C",
            )
    with pytest.raises(ValidationError, match="Bare enhetsmål"):
        services.goal_create(
            period=period, actor=org.hr, level="organisation", parent=org_goal, title="D"
        )


def test_goal_title_is_required_and_text_is_bounded(org, period):
    with pytest.raises(ValidationError, match="Skriv målet"):
        services.goal_create(period=period, actor=org.hr, level="organisation", title="  ")
    with pytest.raises(ValidationError, match="høyst 5000 tegn"):
        services.goal_create(
            period=period, actor=org.hr, level="organisation", title="A", description="x" * 5001
        )
    assert not Goal.objects.exists()


def test_update_and_delete_keep_personal_goals_and_their_history(
    org, period, org_goal, unit_goal, record
):
    services.goal_update(goal=unit_goal, actor=org.leader, title="Nytt navn", parent=None)
    unit_goal.refresh_from_db()
    assert (unit_goal.title, unit_goal.parent) == ("Nytt navn", None)
    with pytest.raises(ValidationError):
        services.goal_update(goal=unit_goal, actor=org.other_leader, title="Kapret")
    goal = personal_goal(record, "agreed", serves=unit_goal)
    services.goal_delete(goal=unit_goal, actor=org.leader)
    goal.refresh_from_db()
    assert goal.serves is None
    assert goal.revisions.last().snapshot["serves_title"] == "Nytt navn"
    assert ActionEntry.objects.filter(action__in=["goal_update", "goal_delete"]).count() == 2


def test_editable_by(org, period, org_goal, unit_goal, other_unit_goal):
    assert set(Goal.objects.editable_by(org.hr)) == {org_goal}
    assert set(Goal.objects.editable_by(org.leader)) == {unit_goal}
    assert set(Goal.objects.editable_by(org.other_leader)) == {other_unit_goal}
    assert not Goal.objects.editable_by(org.employee).exists()
    assert not Goal.objects.editable_by(org.admin).exists()


# Personal goals: the happy path ----------------------------------------------------------


def test_draft_propose_agree(org, record, unit_goal):
    goal = goal_conversation.personal_goal_create(
        record=record, actor=org.employee, **goal_fields(serves=unit_goal)
    )
    assert goal.state == "draft"
    goal_conversation.personal_goal_propose(goal=goal, actor=org.employee)
    assert goal.state == "proposed"
    goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    goal.refresh_from_db()
    assert goal.state == "agreed" and goal.agreed_at is not None
    assert events(goal) == [
        ("created", "draft"),
        ("proposed", "proposed"),
        ("agreed", "agreed"),
    ]
    last = goal.revisions.last()
    assert last.changed_by == org.leader
    assert last.snapshot | {"event": "-"} == {
        "kind": "professional",
        "title": "Lære universell utforming",
        "description": "Ta kurs og bruke det i to prosjekter.",
        "success_measure": "To prosjekter er gjennomgått.",
        "serves": str(unit_goal.uuid),
        "serves_title": unit_goal.title,
        "progress": 0,
        "event": "-",
    }


def test_create_and_propose_at_once(org, record):
    goal = goal_conversation.personal_goal_create(
        record=record, actor=org.employee, propose=True, **goal_fields()
    )
    assert goal.state == "proposed"
    assert events(goal) == [("created", "draft"), ("proposed", "proposed")]


def test_send_back_with_a_comment_and_propose_again(org, record):
    goal = personal_goal(record, "proposed")
    with pytest.raises(ValidationError, match="Skriv en kommentar"):
        goal_conversation.personal_goal_send_back(goal=goal, actor=org.leader, comment="   ")
    goal_conversation.personal_goal_send_back(
        goal=goal, actor=org.leader, comment="Gjør det målbart"
    )
    goal.refresh_from_db()
    assert (goal.state, goal.leader_comment) == ("draft", "Gjør det målbart")
    assert goal.revisions.last().comment == "Gjør det målbart"
    goal_conversation.personal_goal_edit(
        goal=goal, actor=org.employee, propose=True, **goal_fields(success_measure="To av tre")
    )
    goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    goal.refresh_from_db()
    assert (goal.state, goal.leader_comment) == ("agreed", "")
    assert [e for e, _ in events(goal)] == [
        "created",
        "proposed",
        "sent_back",
        "proposed",
        "agreed",
    ]


def test_editing_a_proposal_keeps_it_proposed_and_is_recorded(org, record):
    goal = personal_goal(record, "proposed")
    goal_conversation.personal_goal_edit(
        goal=goal, actor=org.employee, **goal_fields(title="Skarpere")
    )
    assert goal.state == "proposed"
    assert events(goal)[-1] == ("edited", "proposed")
    assert goal.revisions.last().snapshot["title"] == "Skarpere"


def test_draft_edits_are_not_steps(org, record):
    goal = personal_goal(record)
    goal_conversation.personal_goal_edit(goal=goal, actor=org.employee, **goal_fields(title="Nytt"))
    assert events(goal) == [("created", "draft")]


def test_revising_an_agreed_goal_proposes_it_again_showing_what_changed(org, record, unit_goal):
    goal = personal_goal(record, "agreed")
    goal_conversation.personal_goal_revise(
        goal=goal,
        actor=org.employee,
        **goal_fields(title="Lære og lære bort universell utforming", serves=unit_goal),
    )
    goal.refresh_from_db()
    assert goal.state == "proposed" and goal.agreed_at is not None
    assert events(goal)[-1] == ("revised", "proposed")
    changes = goal_conversation.personal_goal_changes(goal, list(goal.revisions.all()))
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Mål", "Lære universell utforming", "Lære og lære bort universell utforming"),
        ("Tjener målet", "", unit_goal.title),
    ]
    goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    goal.refresh_from_db()
    assert goal.state == "agreed"
    assert goal_conversation.personal_goal_changes(goal, list(goal.revisions.all())) == []


def test_a_revision_with_no_change_is_refused(org, record):
    goal = personal_goal(record, "agreed")
    with pytest.raises(ValidationError, match="ikke endret noe"):
        goal_conversation.personal_goal_revise(goal=goal, actor=org.employee, **goal_fields())
    goal.refresh_from_db()
    assert goal.state == "agreed"


def test_both_record_progress_on_agreed_goals(org, record):
    goal = personal_goal(record, "agreed")
    goal_conversation.personal_goal_progress(goal=goal, actor=org.employee, progress=30)
    goal_conversation.personal_goal_progress(goal=goal, actor=org.leader, progress=55)
    goal.refresh_from_db()
    assert goal.progress == 55
    assert [(r.snapshot["event"], r.snapshot["progress"]) for r in goal.revisions.all()][-2:] == [
        ("progress", 30),
        ("progress", 55),
    ]
    for bad in (-1, 101):
        with pytest.raises(ValidationError, match="fra 0 til 100"):
            goal_conversation.personal_goal_progress(goal=goal, actor=org.leader, progress=bad)


def test_the_employee_deletes_a_goal_that_was_never_agreed(org, record):
    draft, agreed = personal_goal(record), personal_goal(record, "agreed", title="Avtalt")
    goal_conversation.personal_goal_delete(goal=draft, actor=org.employee)
    assert not PersonalGoal.objects.filter(pk=draft.pk).exists()
    with pytest.raises(ValidationError, match="har vært avtalt"):
        goal_conversation.personal_goal_delete(goal=agreed, actor=org.employee)
    assert PersonalGoal.objects.filter(pk=agreed.pk).exists()


# Personal goals: what is refused ---------------------------------------------------------

ILLEGAL = [
    # (state the goal is in, the step, who tries it)
    ("draft", "agree", "leader"),
    ("draft", "send_back", "leader"),
    ("draft", "progress", "employee"),
    ("draft", "revise", "employee"),
    ("proposed", "propose", "employee"),
    ("proposed", "progress", "leader"),
    ("proposed", "revise", "employee"),
    ("agreed", "propose", "employee"),
    ("agreed", "agree", "leader"),
    ("agreed", "send_back", "leader"),
    ("agreed", "edit", "employee"),
    # Wrong party:
    ("draft", "propose", "leader"),
    ("draft", "edit", "leader"),
    ("proposed", "agree", "employee"),
    ("proposed", "send_back", "employee"),
    ("agreed", "revise", "leader"),
    ("draft", "delete", "leader"),
    # Not a party at all:
    ("proposed", "agree", "other_leader"),
    ("proposed", "agree", "hr"),
    ("agreed", "progress", "colleague"),
    ("agreed", "progress", "admin"),
    ("draft", "edit", "colleague"),
]


def attempt(step: str, goal: PersonalGoal, actor) -> None:
    fields = goal_fields(title="Endret av feil person")
    calls = {
        "propose": lambda: goal_conversation.personal_goal_propose(goal=goal, actor=actor),
        "agree": lambda: goal_conversation.personal_goal_agree(goal=goal, actor=actor),
        "send_back": lambda: goal_conversation.personal_goal_send_back(
            goal=goal, actor=actor, comment="Nei"
        ),
        "edit": lambda: goal_conversation.personal_goal_edit(goal=goal, actor=actor, **fields),
        "revise": lambda: goal_conversation.personal_goal_revise(goal=goal, actor=actor, **fields),
        "progress": lambda: goal_conversation.personal_goal_progress(
            goal=goal, actor=actor, progress=50
        ),
        "delete": lambda: goal_conversation.personal_goal_delete(goal=goal, actor=actor),
    }
    calls[step]()


@pytest.mark.parametrize(("state", "step", "who"), ILLEGAL)
def test_illegal_steps_are_refused_and_change_nothing(org, record, state, step, who):
    goal = personal_goal(record, state)
    before = (goal.state, goal.title, goal.progress, goal.revisions.count())
    with pytest.raises(ValidationError):
        attempt(step, goal, getattr(org, who))
    stored = PersonalGoal.objects.get(pk=goal.pk)
    assert (stored.state, stored.title, stored.progress, stored.revisions.count()) == before


def test_a_goal_cannot_serve_another_units_goal_or_another_period(
    org, period, record, other_unit_goal
):
    with pytest.raises(ValidationError, match="egen enhet"):
        goal_conversation.personal_goal_create(
            record=record, actor=org.employee, **goal_fields(serves=other_unit_goal)
        )
    later = Period.objects.create(
        name="Neste", starts_on=period.ends_on + timedelta(days=1), ends_on=date(2999, 1, 1)
    )
    later_goal = Goal.objects.create(period=later, level="organisation", title="Senere")
    with pytest.raises(ValidationError, match="samme periode"):
        goal_conversation.personal_goal_create(
            record=record, actor=org.employee, **goal_fields(serves=later_goal)
        )
    assert not PersonalGoal.objects.exists()


def test_goal_text_is_checked(org, record):
    for fields, message in [
        (goal_fields(title=""), "Skriv målet"),
        (goal_fields(title="x" * 301), "høyst 300 tegn"),
        (goal_fields(success_measure="x" * 2001), "høyst 2000 tegn"),
        (goal_fields(kind="hemmelig"), "faglig eller personlig"),
    ]:
        with pytest.raises(ValidationError, match=message):
            goal_conversation.personal_goal_create(record=record, actor=org.employee, **fields)
    assert not PersonalGoal.objects.exists()


def test_a_record_of_a_former_pair_is_read_only(org, record):
    goal = personal_goal(record, "proposed")
    new_leader = PersonFactory.create(unit=org.unit)
    org.employee.leader = new_leader
    org.employee.save()
    record = ConversationRecord.objects.get(pk=record.pk)
    goal = PersonalGoal.objects.select_related("record__employee").get(pk=goal.pk)
    with pytest.raises(ValidationError, match="tidligere leder–medarbeider-par"):
        goal_conversation.personal_goal_agree(goal=goal, actor=org.leader)
    with pytest.raises(ValidationError, match="tidligere"):
        goal_conversation.personal_goal_create(record=record, actor=org.employee, **goal_fields())
    with pytest.raises(ValidationError, match="tidligere"):
        goal_conversation.record_notes_save(
            record=record, actor=org.leader, tasks_and_roles="x", expectations_note=""
        )
    assert PersonalGoal.objects.get(pk=goal.pk).state == "proposed"


# The goal conversation record ------------------------------------------------------------


def test_both_parties_write_the_phase_one_notes(org, record):
    goal_conversation.record_notes_save(
        record=record, actor=org.employee, tasks_and_roles="Opptak", expectations_note=""
    )
    goal_conversation.record_notes_save(
        record=record,
        actor=org.leader,
        tasks_and_roles="Opptak og veiledning",
        expectations_note="Si fra tidlig",
    )
    record.refresh_from_db()
    assert (record.tasks_and_roles, record.expectations_note) == (
        "Opptak og veiledning",
        "Si fra tidlig",
    )
    for actor in (org.colleague, org.other_leader, org.hr):
        with pytest.raises(ValidationError, match="Bare de to"):
            goal_conversation.record_notes_save(
                record=record, actor=actor, tasks_and_roles="Kapret", expectations_note=""
            )
    with pytest.raises(ValidationError, match="høyst 10000 tegn"):
        goal_conversation.record_notes_save(
            record=record, actor=org.leader, tasks_and_roles="x" * 10_001, expectations_note=""
        )
    record.refresh_from_db()
    assert record.tasks_and_roles == "Opptak og veiledning"


def test_held_date_is_set_by_either_party_and_not_in_the_future(org, record):
    today = timezone.localdate()
    token_before = record.updated_at
    goal_conversation.record_goal_conversation_held(record=record, actor=org.leader, held_on=today)
    record.refresh_from_db()
    assert record.goal_conversation_held_on == today
    assert record.updated_at == token_before  # the notes' edit token is left alone
    with pytest.raises(ValidationError, match="fram i tid"):
        goal_conversation.record_goal_conversation_held(
            record=record, actor=org.employee, held_on=today + timedelta(days=1)
        )
    with pytest.raises(ValidationError, match="Bare de to"):
        goal_conversation.record_goal_conversation_held(record=record, actor=org.hr, held_on=today)
    goal_conversation.record_goal_conversation_held(record=record, actor=org.employee, held_on=None)
    record.refresh_from_db()
    assert record.goal_conversation_held_on is None


def test_serves_choices_are_what_the_employee_sees(
    org, period, org_goal, unit_goal, other_unit_goal
):
    assert set(goal_conversation.serves_choices(record_of(period, org.employee))) == {
        org_goal,
        unit_goal,
    }
    assert set(goal_conversation.serves_choices(record_of(period, org.other_employee))) == {
        org_goal,
        other_unit_goal,
    }
    assert PersonalGoalRevision.objects.count() == 0


def test_held_date_lies_in_the_records_period(org, record):
    before = record.period.starts_on - timedelta(days=1)
    for held_on in (before, date(1066, 10, 14)):
        with pytest.raises(ValidationError) as refused:
            goal_conversation.record_goal_conversation_held(
                record=record, actor=org.leader, held_on=held_on
            )
        assert list(refused.value.message_dict) == ["held_on"]
        assert "Velg en dato i perioden" in refused.value.message_dict["held_on"][0]
    record.refresh_from_db()
    assert record.goal_conversation_held_on is None
