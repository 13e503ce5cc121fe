"""What the employee conversation stores about a person: records, follow-ups, agenda, agreed
actions, the leader's private notes, evaluations, and the personal goals with their history
(their models live in aktiv/goals, but they are conversation content). See
aktiv/lib/privacy.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from aktiv.goals.models import PersonalGoal, PersonalGoalRevision
from aktiv.lib.privacy import PersonData, iso

from .models import (
    AgendaItem,
    AgreedAction,
    CalendarFeed,
    ConversationRecord,
    Evaluation,
    FollowUp,
    FollowUpQuerySet,
    GoalAssessment,
    LeaderNote,
    RecordQuerySet,
)

Rows = list[dict[str, Any]]

# Erasing a person deletes the conversations where they were the employee; those where they
# were the leader are the other employee's history and stay.
AS_LEADER = (
    "rows of conversations where the person was the leader: the employee's history; they "
    "stay, naming the anonymised account"
)


def _export(person: Any) -> dict[str, Rows]:
    """The conversations the person is party to, as employee or as leader, with the leader's
    private notes: shown to no one but the leader in the product, but the law gives the
    employee access to everything stored about them (PRODUCT.md section 3)."""
    records = ConversationRecord.objects.visible_to(person).select_related(
        "period", "employee", "leader"
    )
    follow_ups = FollowUp.objects.filter(record__in=records).select_related("record")
    return {
        "conversations.conversationrecord": [_record(record) for record in records],
        "conversations.followup": [_follow_up(follow_up, person) for follow_up in follow_ups],
        "conversations.agendaitem": _agenda(follow_ups),
        "conversations.agreedaction": _actions(records),
        "conversations.leadernote": _leader_notes(follow_ups),
        **_evaluations(person, records),
        **_personal_goals(person),
    }


def _record(record: ConversationRecord) -> dict[str, Any]:
    return {
        "id": str(record.uuid),
        "period": record.period.name,
        "employee": record.employee.email,
        "leader": record.leader.email,
        "tasks_and_roles": record.tasks_and_roles,
        "expectations_note": record.expectations_note,
        "goal_conversation_held_on": iso(record.goal_conversation_held_on),
    }


def _follow_up(follow_up: FollowUp, person: Any) -> dict[str, Any]:
    return {
        "id": str(follow_up.uuid),
        "record": str(follow_up.record.uuid),
        "scheduled_at": iso(follow_up.scheduled_at),
        "duration_minutes": follow_up.duration_minutes,
        "location": follow_up.location,
        "status": follow_up.status,
        # A leader sees the employee's answers once they are marked ready: so here.
        "preparation": follow_up.preparation
        if follow_up.prepared_at or follow_up.record.employee_id == person.pk
        else {},
        "prepared_at": iso(follow_up.prepared_at),
        "shared_notes": follow_up.shared_notes,
        "leader_support": follow_up.leader_support,
        "held_at": iso(follow_up.held_at),
    }


def _agenda(follow_ups: FollowUpQuerySet) -> Rows:
    return [
        {
            "follow_up": str(item.follow_up.uuid),
            "source": item.source,
            "added_by": item.added_by.email if item.added_by else None,
            "text": item.text,
            "created_at": iso(item.created_at),
        }
        for item in AgendaItem.objects.filter(follow_up__in=follow_ups).select_related(
            "follow_up", "added_by"
        )
    ]


def _actions(records: RecordQuerySet) -> Rows:
    return [
        {
            "record": str(action.record.uuid),
            "follow_up": str(action.follow_up.uuid) if action.follow_up else None,
            "text": action.text,
            "owner": action.owner.email,
            "due_on": iso(action.due_on),
            "done_at": iso(action.done_at),
        }
        for action in AgreedAction.objects.filter(record__in=records).select_related(
            "record", "follow_up", "owner"
        )
    ]


def _leader_notes(follow_ups: FollowUpQuerySet) -> Rows:
    return [
        {
            "follow_up": str(note.follow_up.uuid),
            "scheduled_at": iso(note.follow_up.scheduled_at),
            "author": note.author.email,
            "text": note.text,
            "updated_at": iso(note.updated_at),
        }
        for note in LeaderNote.objects.filter(follow_up__in=follow_ups).select_related(
            "follow_up", "author"
        )
    ]


def _evaluations(person: Any, records: RecordQuerySet) -> dict[str, Rows]:
    """Phase 3. The other party's goal assessments only once both have submitted, as in
    the product: before that they are not yet part of the shared conversation."""
    return {
        "conversations.evaluation": [
            _evaluation(evaluation)
            for evaluation in Evaluation.objects.filter(record__in=records).select_related(
                "record", "reopen_requested_by"
            )
        ],
        "conversations.goalassessment": [
            {
                "evaluation": str(assessment.evaluation.uuid),
                "goal": assessment.goal.title,
                "author_role": assessment.author_role,
                "rating": assessment.rating,
                "comment": assessment.comment,
                "updated_at": iso(assessment.updated_at),
            }
            for assessment in GoalAssessment.objects.visible_to(person).select_related(
                "evaluation", "goal"
            )
        ],
    }


def _evaluation(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": str(evaluation.uuid),
        "record": str(evaluation.record.uuid),
        "held_on": iso(evaluation.held_on),
        "results": evaluation.results,
        "learning": evaluation.learning,
        "competence_note": evaluation.competence_note,
        "employee_submitted_at": iso(evaluation.employee_submitted_at),
        "leader_submitted_at": iso(evaluation.leader_submitted_at),
        "employee_confirmed_at": iso(evaluation.employee_confirmed_at),
        "leader_confirmed_at": iso(evaluation.leader_confirmed_at),
        "reopen_requested_by": evaluation.reopen_requested_by.email
        if evaluation.reopen_requested_by
        else None,
    }


def _personal_goals(person: Any) -> dict[str, Rows]:
    """The personal goals of the conversations the person is party to, with their history."""
    goals = PersonalGoal.objects.visible_to(person).select_related("record", "serves")
    revisions = PersonalGoalRevision.objects.filter(goal__in=goals).select_related(
        "goal", "changed_by"
    )
    return {
        "goals.personalgoal": [_personal_goal(goal) for goal in goals],
        "goals.personalgoalrevision": [
            {
                "goal": str(revision.goal.uuid),
                "state": revision.state,
                "snapshot": revision.snapshot,
                "comment": revision.comment,
                "by": revision.changed_by.email if revision.changed_by else None,
                "at": iso(revision.at),
            }
            for revision in revisions
        ],
    }


def _personal_goal(goal: PersonalGoal) -> dict[str, Any]:
    return {
        "id": str(goal.uuid),
        "record": str(goal.record.uuid),
        "kind": goal.kind,
        "title": goal.title,
        "description": goal.description,
        "success_measure": goal.success_measure,
        "serves": goal.serves.title if goal.serves else None,
        "state": goal.state,
        "leader_comment": goal.leader_comment,
        "progress": goal.progress,
        "agreed_at": iso(goal.agreed_at),
        "created_at": iso(goal.created_at),
    }


def _erase(person: Any) -> None:
    """Every conversation with the person as the employee, with all it holds (cascade)."""
    ConversationRecord.objects.filter(employee=person).delete()
    CalendarFeed.objects.filter(person=person).delete()


def _retain(cutoff: date) -> int:
    """The conversations of periods that ended before the cutoff (records, with their goals,
    follow-ups, notes, actions and evaluations). Returns how many records."""
    old = ConversationRecord.objects.filter(period__ends_on__lt=cutoff)
    count = old.count()
    old.delete()
    return count


person_data = PersonData(
    export=_export,
    erase=_erase,
    retain=_retain,
    not_exported={
        "conversations.period": "HR's setup of a period (name, dates, rhythm); only names its "
        "maker",
        "conversations.calendarfeed": "only the hash of the secret address, which opens the "
        "meetings the export already holds",
    },
    erased=(
        "conversations.calendarfeed",
        "conversations.conversationrecord",
        "conversations.followup",
        "conversations.agendaitem",
        "conversations.agreedaction",
        "conversations.leadernote",
        "conversations.evaluation",
        "conversations.goalassessment",
        "goals.personalgoal",
        "goals.personalgoalrevision",
    ),
    not_erased={
        "conversations.period": "HR's setup of a period; only names its maker, the anonymised "
        "account",
        "conversations.conversationrecord": AS_LEADER,
        "conversations.agendaitem": AS_LEADER,
        "conversations.agreedaction": AS_LEADER,
        "conversations.leadernote": AS_LEADER,
        "conversations.evaluation": AS_LEADER,
        "goals.personalgoalrevision": AS_LEADER,
    },
)
