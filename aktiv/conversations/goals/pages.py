"""What the goal conversation page shows: each personal goal with its history and forms,
built here, read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.goals.models import Goal, PersonalGoal, PersonalGoalRevision
from aktiv.lib.concurrency import edit_token
from aktiv.people.models import Person

from ..models import ConversationRecord, Role
from .forms import HeldForm, PersonalGoalForm, ProgressForm, RecordNotesForm, SendBackForm
from .services import Change, Event, personal_goal_changes, serves_choices


@dataclass(frozen=True)
class Step:
    """One line of a personal goal's history."""

    at: datetime
    who: str
    what: str
    title: str
    progress: int | None
    comment: str


# Steps whose line names the goal as it then stood.
TITLED = {Event.CREATED, Event.EDITED, Event.PROPOSED, Event.REVISED}


def _steps(history: list[PersonalGoalRevision]) -> list[Step]:
    steps = []
    for revision in history:
        event = revision.snapshot.get("event", "")
        steps.append(
            Step(
                at=revision.at,
                who=revision.changed_by.full_name if revision.changed_by else _("(slettet)"),
                what=str(Event.LABELS.get(event, revision.get_state_display())),
                title=revision.snapshot.get("title", "") if event in TITLED else "",
                progress=revision.snapshot.get("progress") if event == Event.PROGRESS else None,
                comment=revision.comment,
            )
        )
    return steps


@dataclass
class GoalCard:
    """One personal goal as the page shows it, with the forms that belong to it."""

    goal: PersonalGoal
    steps: list[Step]
    changes: list[Change]
    send_back_form: SendBackForm | None = None
    progress_form: ProgressForm | None = None
    error: str = ""
    token: str = field(default="")


def _cards(
    record: ConversationRecord, role: str, bound: dict[int, dict[str, Any]]
) -> list[GoalCard]:
    goals = record.goals.select_related("serves__unit").prefetch_related(
        Prefetch(
            "revisions",
            queryset=PersonalGoalRevision.objects.select_related("changed_by").order_by("at"),
        )
    )
    cards = []
    for goal in goals:
        history = list(goal.revisions.all())
        extra = bound.get(goal.pk, {})
        suffix = goal.uuid.hex[:8]
        card = GoalCard(goal, _steps(history), personal_goal_changes(goal, history))
        card.token = edit_token(goal)
        card.error = extra.get("error", "")
        if role == Role.LEADER and goal.state == PersonalGoal.State.PROPOSED:
            card.send_back_form = extra.get("send_back") or SendBackForm(auto_id=f"id_%s_{suffix}")
        if goal.state == PersonalGoal.State.AGREED:
            card.progress_form = extra.get("progress") or ProgressForm(
                auto_id=f"id_%s_{suffix}", initial={"progress": goal.progress}
            )
        cards.append(card)
    return cards


def record_goals_page(
    record: ConversationRecord,
    viewer: Person,
    *,
    new_form: PersonalGoalForm | None = None,
    notes_form: RecordNotesForm | None = None,
    held_form: HeldForm | None = None,
    notes_conflict: bool = False,
    bound: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The goal conversation page; forms passed in (as typed) replace fresh ones."""
    role = record.role_of(viewer)
    serves = serves_choices(record)
    cards = _cards(record, role, bound or {})
    is_open = record.is_current_pair
    context: dict[str, Any] = {
        "record": record,
        "role": role,
        "is_open": is_open,
        "organisation_goals": [g for g in serves if g.level == Goal.Level.ORGANISATION],
        "unit_goals": [g for g in serves if g.level == Goal.Level.UNIT],
        "professional": [c for c in cards if c.goal.kind == PersonalGoal.Kind.PROFESSIONAL],
        "personal": [c for c in cards if c.goal.kind == PersonalGoal.Kind.PERSONAL],
        "notes_form": notes_form or RecordNotesForm(initial=RecordNotesForm.initial_from(record)),
        "held_form": held_form or HeldForm(initial={"held_on": record.goal_conversation_held_on}),
        "notes_conflict": notes_conflict,
        "edit_token": edit_token(record),
        "today": timezone.localdate(),
    }
    if role == Role.EMPLOYEE and is_open:
        context["new_form"] = new_form or PersonalGoalForm(serves=serves)
    return context
