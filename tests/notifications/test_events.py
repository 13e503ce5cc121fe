"""Each event tells the right person, and only them; the text holds no content."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from aktiv.conversations import notices
from aktiv.conversations.evaluation import services as evaluation
from aktiv.conversations.followups import services as followups
from aktiv.conversations.goals import services as goals
from aktiv.conversations.models import AgreedAction
from aktiv.expectations.services import draft_start, version_publish
from aktiv.notifications.models import Kind, Notification
from aktiv.people.models import Person
from aktiv.people.organisation.services import organisation_import, person_create
from aktiv.people.sharing import item_share

from ..factories import submitted_response
from ..goals.helpers import personal_goal
from ..organisation.helpers import HEADER, csv_bytes
from .conftest import at


def kinds(person) -> list[str]:
    return list(Notification.objects.filter(person=person).values_list("kind", flat=True))


def everyone_else(org, *people) -> list[str]:
    others = Notification.objects.exclude(person__in=people)
    return list(others.values_list("kind", flat=True))


def test_a_goal_proposed_tells_the_leader_and_sent_back_or_agreed_the_employee(org, record):
    goal = personal_goal(record, "proposed", title="Hemmelig mål")
    assert kinds(org.leader) == [Kind.GOAL_PROPOSED]
    assert kinds(org.employee) == []
    goals.personal_goal_send_back(goal=goal, actor=org.leader, comment="Mer konkret")
    assert kinds(org.employee) == [Kind.GOAL_SENT_BACK]
    goals.personal_goal_propose(goal=goal, actor=org.employee)
    goals.personal_goal_agree(goal=goal, actor=org.leader)
    assert sorted(kinds(org.employee)) == [Kind.GOAL_AGREED, Kind.GOAL_SENT_BACK]
    assert everyone_else(org, org.leader, org.employee) == []
    notification = Notification.objects.filter(person=org.employee).first()
    assert notification.actor == org.leader
    assert notification.url == f"/mal/mappe/{record.uuid}/"
    assert "Hemmelig" not in notification.text and "konkret" not in notification.text


def test_follow_ups_planned_moved_cancelled_tell_the_other_party(org, record):
    [first, *_] = followups.follow_ups_plan(record=record, first_at=at(8), actor=org.leader)
    assert kinds(org.employee) == [Kind.FOLLOW_UP_PLANNED]  # one for the whole series
    assert kinds(org.leader) == []
    followups.follow_up_move(
        follow_up=first, scheduled_at=at(9), duration_minutes=45, location="", actor=org.employee
    )
    assert kinds(org.leader) == [Kind.FOLLOW_UP_MOVED]
    followups.follow_up_cancel(follow_up=first, actor=org.employee)
    assert sorted(kinds(org.leader)) == [Kind.FOLLOW_UP_CANCELLED, Kind.FOLLOW_UP_MOVED]
    assert Notification.objects.get(kind=Kind.FOLLOW_UP_CANCELLED).url == first.get_absolute_url()
    assert everyone_else(org, org.leader, org.employee) == []


def test_a_ready_preparation_tells_the_leader_once(org, follow_up):
    for _ in range(2):
        followups.follow_up_prepare(
            follow_up=follow_up, answers={"q1": "Privat svar"}, ready=True, actor=org.employee
        )
    assert kinds(org.leader) == [Kind.PREPARATION_READY]
    assert kinds(org.employee) == []


def test_an_action_tells_its_owner_unless_they_made_it(org, follow_up):
    followups.agreed_action_add(
        follow_up=follow_up, text="Kurs", owner=org.employee, due_on=None, actor=org.leader
    )
    followups.agreed_action_add(
        follow_up=follow_up, text="Mitt", owner=org.employee, due_on=None, actor=org.employee
    )
    assert kinds(org.employee) == [Kind.ACTION_ASSIGNED]
    assert kinds(org.leader) == []


def test_the_sweep_tells_due_and_overdue_actions_once_each(org, follow_up):
    today = timezone.localdate()
    soon = AgreedAction.objects.create(
        record=follow_up.record, text="a", owner=org.employee, due_on=today + timedelta(days=2)
    )
    late = AgreedAction.objects.create(
        record=follow_up.record, text="b", owner=org.leader, due_on=today - timedelta(days=1)
    )
    AgreedAction.objects.create(
        record=follow_up.record, text="c", owner=org.employee, due_on=today + timedelta(days=9)
    )
    AgreedAction.objects.create(
        record=follow_up.record,
        text="d",
        owner=org.employee,
        due_on=today - timedelta(days=1),
        done_at=timezone.now(),
    )
    assert notices.actions_sweep() == 2
    assert notices.actions_sweep() == 0
    assert kinds(org.employee) == [Kind.ACTION_DUE_SOON]
    assert kinds(org.leader) == [Kind.ACTION_OVERDUE]
    assert Notification.objects.get(person=org.employee).subject_uuid == soon.uuid
    assert Notification.objects.get(person=org.leader).subject_uuid == late.uuid


def test_evaluations_submitted_tell_the_other_and_then_both_to_confirm(org, record):
    goal = personal_goal(record, "agreed")
    Notification.objects.all().delete()
    found = evaluation.evaluation_for(record)
    entries = {str(goal.uuid): evaluation.Assessment("achieved", "")}
    evaluation.assessments_save(evaluation=found, entries=entries, submit=True, actor=org.employee)
    assert kinds(org.leader) == [Kind.EVALUATION_SUBMITTED]
    evaluation.assessments_save(evaluation=found, entries=entries, submit=True, actor=org.leader)
    assert sorted(kinds(org.employee)) == [Kind.EVALUATION_SUBMITTED, Kind.EVALUATION_TO_CONFIRM]
    assert sorted(kinds(org.leader)) == [Kind.EVALUATION_SUBMITTED, Kind.EVALUATION_TO_CONFIRM]


def test_new_expectations_ask_everyone_active_once(org):
    org.colleague.is_active = False
    org.colleague.save()
    draft = draft_start(actor=org.hr)
    version_publish(draft=draft, actor=org.hr)
    assert kinds(org.employee) == [Kind.EXPECTATIONS_NEW]
    assert kinds(org.colleague) == []
    assert Notification.objects.count() == Person.objects.filter(is_active=True).count() > 5
    version_publish(draft=draft_start(actor=org.hr), actor=org.hr)
    assert kinds(org.employee) == [Kind.EXPECTATIONS_NEW] * 2  # a new version asks again


def test_sharing_tells_the_leader_and_a_new_person_is_welcomed(org):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    item_share(item=response, actor=org.employee)
    assert kinds(org.leader) == [Kind.SHARED]
    assert Notification.objects.get(person=org.leader).url == response.get_absolute_url()
    new = person_create(
        actor=org.hr, email="ny@example.no", full_name="Ny", unit=org.unit, leader=None, is_hr=False
    )
    assert kinds(new) == [Kind.WELCOME]
    assert everyone_else(org, org.leader, new) == []


def test_people_imported_are_welcomed_once(org):
    data = csv_bytes(
        [
            HEADER,
            ["ny1@example.no", "Ny En", org.unit.name, org.leader.email, ""],
            ["ny2@example.no", "Ny To", org.unit.name, org.leader.email, ""],
        ]
    )
    for _ in range(2):
        report = organisation_import(actor=org.hr, filename="folk.csv", data=data, apply=True)
        assert report.applied, report
    welcomed = Notification.objects.filter(kind=Kind.WELCOME)
    assert sorted(welcomed.values_list("person__email", flat=True)) == [
        "ny1@example.no",
        "ny2@example.no",
    ]
