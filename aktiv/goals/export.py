"""The goals part of "Last ned mine data" (aktiv/audit/export.py)."""

from __future__ import annotations

from typing import Any

from .models import PersonalGoal, PersonalGoalRevision

# Organisation and unit goals are the organisation's shared setup, not about a person.
NOT_EXPORTED = {
    "goals.goal": "the organisation's and units' goals: shared setup; only names who wrote it",
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def goals_export(person: Any) -> dict[str, list[dict[str, Any]]]:
    """The personal goals of the conversations the person is party to, with their history."""
    goals = PersonalGoal.objects.visible_to(person).select_related("record", "serves")
    revisions = PersonalGoalRevision.objects.filter(goal__in=goals).select_related(
        "goal", "changed_by"
    )
    return {
        "goals.personalgoal": [
            {
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
                "agreed_at": _iso(goal.agreed_at),
                "created_at": _iso(goal.created_at),
            }
            for goal in goals
        ],
        "goals.personalgoalrevision": [
            {
                "goal": str(revision.goal.uuid),
                "state": revision.state,
                "snapshot": revision.snapshot,
                "comment": revision.comment,
                "by": revision.changed_by.email if revision.changed_by else None,
                "at": _iso(revision.at),
            }
            for revision in revisions
        ],
    }
