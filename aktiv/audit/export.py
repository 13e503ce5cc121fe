""" "Last ned mine data": everything stored about one person, machine-readable (GDPR art. 15
and 20). Every model that points at a person must appear here; a test walks the models to
make sure none is forgotten."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django_otp import user_has_device

from aktiv.assessments.models import Response
from aktiv.competence.models import CompetenceChange, CompetenceProfile
from aktiv.conversations.models import (
    AgendaItem,
    AgreedAction,
    ConversationRecord,
    Evaluation,
    FollowUp,
    GoalAssessment,
    LeaderNote,
    RecordQuerySet,
)
from aktiv.expectations.export import NOT_EXPORTED as EXPECTATIONS_NOT_EXPORTED
from aktiv.expectations.export import expectations_export
from aktiv.goals.export import NOT_EXPORTED as GOALS_NOT_EXPORTED
from aktiv.goals.export import goals_export
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from .models import AccessLogEntry, ActionEntry

# Models that point at a person but hold nothing about them worth exporting, with why.
NOT_EXPORTED = {
    "admin.logentry": "the Django admin's own change log of operators",
    "axes.accessattempt": "failed login attempts, kept for minutes for throttling",
    "axes.accessfailurelog": "failed login attempts, kept for throttling",
    "axes.accesslog": "successful logins, kept for security monitoring",
    "otp_totp.totpdevice": "second-factor secrets: never exported (the export says it is on)",
    "otp_static.staticdevice": "backup codes: secrets, never exported",
    **GOALS_NOT_EXPORTED,
    **EXPECTATIONS_NOT_EXPORTED,
    "conversations.period": "HR's setup of a period (name, dates, rhythm); only names its maker",
    "learning.learningsession": "the organisation's catalogue; only names who added a session",
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _responses(person: Person) -> list[dict[str, Any]]:
    rows = []
    for response in (
        Response.objects.owned_by(person)
        .prefetch_related("answers", "focus_areas")
        .select_related("shared_with")
    ):
        rows.append(
            {
                "id": str(response.uuid),
                "instrument": response.instrument.title,
                "instrument_key": response.instrument_key,
                "instrument_version": response.instrument_version,
                "status": response.status,
                "created_at": _iso(response.created_at),
                "submitted_at": _iso(response.submitted_at),
                "shared_with": response.shared_with.email if response.shared_with else None,
                "shared_at": _iso(response.shared_at),
                "answers": {
                    a.item_key: {
                        "statement": response.instrument.item(a.item_key).text,
                        "value": a.value,
                    }
                    for a in response.answers.all()
                },
                "focus_areas": [
                    {
                        "kind": f.kind,
                        "position": f.position,
                        "statement": f.item.text,
                        "note": f.note,
                    }
                    for f in response.focus_areas.all()
                ],
            }
        )
    return rows


def _worksheets(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "id": str(sheet.uuid),
            "tool": sheet.tool.title,
            "tool_key": sheet.tool_key,
            "status": sheet.status,
            "created_at": _iso(sheet.created_at),
            "completed_at": _iso(sheet.completed_at),
            "shared_with": sheet.shared_with.email if sheet.shared_with else None,
            "data": sheet.data,
        }
        for sheet in Worksheet.objects.owned_by(person).select_related("shared_with")
    ]


def _competence(person: Person) -> dict[str, Any]:
    profile = CompetenceProfile.objects.owned_by(person).first()
    if profile is None:
        return {}
    return {
        "shared_with": profile.shared_with.email if profile.shared_with else None,
        "areas": [
            area.snapshot() | {"removed_at": _iso(area.removed_at)} for area in profile.areas.all()
        ],
        "history": [
            {"action": change.action, "at": _iso(change.at), **change.snapshot}
            for change in CompetenceChange.objects.filter(area__profile=profile)
        ],
    }


def _conversations(person: Person) -> dict[str, list[dict[str, Any]]]:
    """The employee conversations the person is party to, as employee or as leader, with
    the leader's private notes: shown to no one but the leader in the product, but the law
    gives the employee access to everything stored about them (PRODUCT.md section 3)."""
    records = ConversationRecord.objects.visible_to(person).select_related(
        "period", "employee", "leader"
    )
    follow_ups = FollowUp.objects.filter(record__in=records).select_related("record")
    return {
        "conversations.conversationrecord": [
            {
                "id": str(record.uuid),
                "period": record.period.name,
                "employee": record.employee.email,
                "leader": record.leader.email,
                "tasks_and_roles": record.tasks_and_roles,
                "expectations_note": record.expectations_note,
                "goal_conversation_held_on": _iso(record.goal_conversation_held_on),
            }
            for record in records
        ],
        "conversations.followup": [
            {
                "id": str(follow_up.uuid),
                "record": str(follow_up.record.uuid),
                "scheduled_at": _iso(follow_up.scheduled_at),
                "duration_minutes": follow_up.duration_minutes,
                "location": follow_up.location,
                "status": follow_up.status,
                # A leader sees the employee's answers once they are marked ready: so here.
                "preparation": follow_up.preparation
                if follow_up.prepared_at or follow_up.record.employee_id == person.pk
                else {},
                "prepared_at": _iso(follow_up.prepared_at),
                "shared_notes": follow_up.shared_notes,
                "leader_support": follow_up.leader_support,
                "held_at": _iso(follow_up.held_at),
            }
            for follow_up in follow_ups
        ],
        "conversations.agendaitem": [
            {
                "follow_up": str(item.follow_up.uuid),
                "source": item.source,
                "added_by": item.added_by.email if item.added_by else None,
                "text": item.text,
                "created_at": _iso(item.created_at),
            }
            for item in AgendaItem.objects.filter(follow_up__in=follow_ups).select_related(
                "follow_up", "added_by"
            )
        ],
        "conversations.agreedaction": [
            {
                "record": str(action.record.uuid),
                "follow_up": str(action.follow_up.uuid) if action.follow_up else None,
                "text": action.text,
                "owner": action.owner.email,
                "due_on": _iso(action.due_on),
                "done_at": _iso(action.done_at),
            }
            for action in AgreedAction.objects.filter(record__in=records).select_related(
                "record", "follow_up", "owner"
            )
        ],
        "conversations.leadernote": [
            {
                "follow_up": str(note.follow_up.uuid),
                "scheduled_at": _iso(note.follow_up.scheduled_at),
                "author": note.author.email,
                "text": note.text,
                "updated_at": _iso(note.updated_at),
            }
            for note in LeaderNote.objects.filter(follow_up__in=follow_ups).select_related(
                "follow_up", "author"
            )
        ],
        **_evaluations(person, records),
    }


def _evaluations(person: Person, records: RecordQuerySet) -> dict[str, list[dict[str, Any]]]:
    """Phase 3. The other party's goal assessments only once both have submitted, as in
    the product: before that they are not yet part of the shared conversation."""
    return {
        "conversations.evaluation": [
            {
                "id": str(evaluation.uuid),
                "record": str(evaluation.record.uuid),
                "held_on": _iso(evaluation.held_on),
                "results": evaluation.results,
                "learning": evaluation.learning,
                "competence_note": evaluation.competence_note,
                "employee_submitted_at": _iso(evaluation.employee_submitted_at),
                "leader_submitted_at": _iso(evaluation.leader_submitted_at),
                "employee_confirmed_at": _iso(evaluation.employee_confirmed_at),
                "leader_confirmed_at": _iso(evaluation.leader_confirmed_at),
                "reopen_requested_by": evaluation.reopen_requested_by.email
                if evaluation.reopen_requested_by
                else None,
            }
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
                "updated_at": _iso(assessment.updated_at),
            }
            for assessment in GoalAssessment.objects.visible_to(person).select_related(
                "evaluation", "goal"
            )
        ],
    }


def export_for(person: Person) -> dict[str, Any]:
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": str(person.uuid),
            "name": person.full_name,
            "email": person.email,
            "unit": person.unit.path if person.unit else None,
            "leader": person.leader.email if person.leader else None,
            "is_hr": person.is_hr,
            "date_joined": _iso(person.date_joined),
            "last_login": _iso(person.last_login),
            "two_factor": user_has_device(person),
        },
        "assessments.response": _responses(person),
        "reflections.worksheet": _worksheets(person),
        "competence.competenceprofile": _competence(person),
        "reflections.pendingagendaitem": [
            {
                "text": item.text,
                "created_at": _iso(item.created_at),
                "handled_at": _iso(item.handled_at),
            }
            for item in PendingAgendaItem.objects.filter(person=person)
        ],
        "audit.actionentry": [
            {"action": entry.action, "object_type": entry.object_type, "at": _iso(entry.at)}
            for entry in ActionEntry.objects.filter(actor=person)
        ],
        **_conversations(person),
        **goals_export(person),
        **expectations_export(person),
        "audit.accesslogentry": [
            {
                "who": entry.actor.full_name if entry.actor else None,
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": str(entry.object_uuid),
                "at": _iso(entry.at),
            }
            for entry in AccessLogEntry.objects.about(person).select_related("actor")
        ],
    }
