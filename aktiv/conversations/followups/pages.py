"""What the follow-up page shows: built here, read-only, so the views stay one shape."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms

from aktiv.lib.concurrency import edit_token, fingerprint
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem

from ..models import AgendaItem, FollowUp, LeaderNote, Role
from . import services
from .forms import (
    AgendaItemForm,
    AgreedActionForm,
    LeaderNoteForm,
    MeetingForm,
    NotesForm,
    PreparationForm,
    SupportForm,
)
from .questions import LEADER_QUESTION, answered


def preparation_text(follow_up: FollowUp) -> str:
    return json.dumps(follow_up.preparation, sort_keys=True, ensure_ascii=False)


def _pending(follow_up: FollowUp) -> list[AgendaItem]:
    """What the employee ordered from a reflection worksheet ("bestille ledelse") and that
    waits for their next follow-up: shown on it as agenda points, and stored with it when
    the meeting is prepared or held (a page view moves nothing)."""
    record = follow_up.record
    if follow_up.status != FollowUp.Status.PLANNED or not record.is_current_pair:
        return []
    waiting = list(PendingAgendaItem.pending_for(record.employee).order_by("created_at"))
    if not waiting or services.next_planned(record) != follow_up:
        return []
    return [
        AgendaItem(
            follow_up=follow_up,
            source=AgendaItem.Source.REFLECTION,
            added_by=record.employee,
            text=item.text,
        )
        for item in waiting
    ]


def follow_up_page(
    follow_up: FollowUp,
    viewer: Person,
    *,
    conflict: str = "",
    bound: Mapping[str, forms.Form] | None = None,
) -> dict[str, Any]:
    """The page, with any form passed in `bound` (kept with what the person typed) in place
    of a fresh one."""
    record = follow_up.record
    role = record.role_of(viewer)
    planned = follow_up.status == FollowUp.Status.PLANNED
    not_cancelled = follow_up.status != FollowUp.Status.CANCELLED
    # Only ever loaded for the leader: the employee's page cannot show what it never had.
    note = LeaderNote.objects.filter(follow_up=follow_up).first() if role == Role.LEADER else None
    forms_: dict[str, forms.Form | None] = {
        "prep_form": PreparationForm(initial=follow_up.preparation)
        if role == Role.EMPLOYEE and planned
        else None,
        "agenda_form": AgendaItemForm() if planned else None,
        "notes_form": NotesForm(initial={"shared_notes": follow_up.shared_notes})
        if not_cancelled
        else None,
        "support_form": SupportForm(initial={"leader_support": follow_up.leader_support})
        if role == Role.LEADER and not_cancelled
        else None,
        "note_form": LeaderNoteForm(initial={"text": note.text if note else ""})
        if role == Role.LEADER
        else None,
        "action_form": AgreedActionForm(record, initial={"owner": Role.EMPLOYEE})
        if not_cancelled
        else None,
        "move_form": MeetingForm(initial=MeetingForm.initial_for(follow_up)) if planned else None,
    }
    forms_.update(bound or {})
    previous = (
        record.follow_ups.filter(
            status=FollowUp.Status.HELD, scheduled_at__lt=follow_up.scheduled_at
        )
        .order_by("-scheduled_at")
        .first()
    )
    context = {
        "follow_up": follow_up,
        "record": record,
        "role": role,
        "other": record.leader if role == Role.EMPLOYEE else record.employee,
        "planned": planned,
        "end": services.meeting_end(follow_up),
        "previous": previous,
        "show_preparation": role == Role.EMPLOYEE or follow_up.is_prepared,
        "answers": answered(follow_up.preparation),
        "agenda": list(follow_up.agenda.select_related("added_by")) + _pending(follow_up),
        "carried": list(
            record.actions.open().exclude(follow_up=follow_up).select_related("owner", "follow_up")
        )
        if planned
        else [],
        "actions": list(follow_up.actions.select_related("owner")),
        "leader_question": LEADER_QUESTION,
        "note": note,
        "conflict": conflict,
        "edit_token": edit_token(follow_up),
        "note_token": edit_token(note) if note else "",
        "prep_base": fingerprint(preparation_text(follow_up)),
        "notes_base": fingerprint(follow_up.shared_notes),
        "support_base": fingerprint(follow_up.leader_support),
        "note_base": fingerprint(note.text if note else ""),
        **forms_,
    }
    return context
