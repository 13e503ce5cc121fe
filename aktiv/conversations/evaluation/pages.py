"""What the evaluation page, its summary and the PDF show: built here, read-only."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django import forms
from django.urls import reverse

from aktiv.competence.models import CompetenceProfile
from aktiv.lib.concurrency import edit_token, fingerprint
from aktiv.people.models import Person

from ..models import ConversationRecord, Evaluation, GoalAssessment, Role
from . import services
from .draft import Draft, draft_for, prefill
from .forms import COMMENT, AssessmentForm, EvaluationTextsForm


def _texts(evaluation: Evaluation) -> list[tuple[str, Any, str]]:
    """(name, label, text) of the shared texts, as stored."""
    form = EvaluationTextsForm
    return [
        (name, form.base_fields[name].label, getattr(evaluation, name))
        for name in ("results", "learning", "competence_note")
    ]


def texts_stored(evaluation: Evaluation) -> str:
    """The shared texts and date as one string: its fingerprint goes with the form, so a save
    is refused only when these changed since the page was drawn, not when the other party
    merely submitted or confirmed."""
    stored = {name: text for name, _label, text in _texts(evaluation)}
    stored["held_on"] = evaluation.held_on.isoformat() if evaluation.held_on else ""
    return json.dumps(stored, sort_keys=True, ensure_ascii=False)


def summary_context(evaluation: Evaluation, viewer: Any) -> dict[str, Any]:
    """What the summary partial shows: each agreed goal with the assessments the viewer may
    see (their own, and the other's once both have submitted) and the shared texts."""
    record = evaluation.record
    stored = GoalAssessment.objects.visible_to(viewer).filter(evaluation=evaluation.pk)
    visible = {(a.goal_id, a.author_role): a for a in stored} if evaluation.pk else {}
    rows = [
        {
            "goal": goal,
            Role.EMPLOYEE: visible.get((goal.pk, Role.EMPLOYEE)),
            Role.LEADER: visible.get((goal.pk, Role.LEADER)),
        }
        for goal in services.agreed_goals(record)
    ]
    return {
        "record": record,
        "evaluation": evaluation,
        "rows": rows,
        "texts": _texts(evaluation),
        "role": record.role_of(viewer),
    }


def _competence_url(record: ConversationRecord, role: str, viewer: Any) -> str:
    if role == Role.EMPLOYEE:
        return reverse("competence:mine")
    shared = CompetenceProfile.objects.visible_to(viewer).filter(person=record.employee).first()
    return shared.get_absolute_url() if shared else ""


def editable(evaluation: Evaluation) -> bool:
    return evaluation.record.is_current_pair and not evaluation.is_confirmed


def evaluation_page(
    evaluation: Evaluation,
    viewer: Person,
    *,
    conflict: bool = False,
    bound: Mapping[str, forms.Form] | None = None,
    use_draft: bool = False,
) -> dict[str, Any]:
    """The evaluation page, with any form passed in `bound` (as typed) in place of a fresh one.
    While the page can be edited it offers a draft from the year (evaluation/draft.py); with
    `use_draft` the empty fields of the fresh forms start from it (nothing is stored)."""
    record = evaluation.record
    role = record.role_of(viewer)
    is_editable = editable(evaluation)
    context = summary_context(evaluation, viewer)
    own = [a for row in context["rows"] if (a := row[role]) is not None]
    goals = [row["goal"] for row in context["rows"]]
    draft: Draft | None = draft_for(record, goals, viewer) if is_editable else None
    assess_initial = AssessmentForm.initial_from(own)
    texts_initial = EvaluationTextsForm.initial_from(evaluation)
    drafted = use_draft and draft is not None and not bound
    if drafted and draft is not None:
        comments = draft.comments()
        assess_initial = prefill(
            assess_initial, {f"{COMMENT}-{key}": text for key, text in comments.items()}
        )
        texts_initial = prefill(texts_initial, draft.texts())
    forms_: dict[str, forms.Form | None] = {
        "assess_form": AssessmentForm(goals, initial=assess_initial) if is_editable else None,
        "texts_form": EvaluationTextsForm(initial=texts_initial) if is_editable else None,
    }
    forms_.update(bound or {})
    other = record.leader if role == Role.EMPLOYEE else record.employee
    other_role = Role.LEADER if role == Role.EMPLOYEE else Role.EMPLOYEE
    assess_form = forms_["assess_form"]
    context |= {
        # The form's fields beside what the other party wrote (shown once both submitted).
        "assess_rows": [
            {"goal": row["goal"], "theirs": row[other_role], "rating": rating, "comment": comment}
            for row, (rating, comment) in zip(context["rows"], assess_form.rows(), strict=True)
        ]
        if isinstance(assess_form, AssessmentForm)
        else [],
        "other": other,
        "editable": is_editable,
        "submitted_at": evaluation.submitted_at(role),
        "other_submitted_at": evaluation.submitted_at(other_role),
        "confirmed_at": evaluation.confirmed_at(role),
        "other_confirmed_at": evaluation.confirmed_at(other_role),
        "reopen_by_me": evaluation.reopen_requested_by_id == viewer.pk,
        "reopen_by_other": evaluation.reopen_requested_by_id == other.pk,
        "competence_url": _competence_url(record, role, viewer),
        "conflict": conflict,
        "draft": draft,
        "drafted": drafted,
        "edit_token": edit_token(evaluation),
        "texts_base": fingerprint(texts_stored(evaluation)),
        **forms_,
    }
    return context
