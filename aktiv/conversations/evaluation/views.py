"""Phase 3 pages: the evaluation and learning conversation of one record, and its summary as
a PDF drawn by WeasyPrint from the same template partial as the page.

Every lookup goes through `ConversationRecord.objects.visible_to(request.user)`: only the
two people party to a record get anything, and anyone else gets a 404. The other party's
assessments come through `GoalAssessment.objects.visible_to`, which holds them back until
both have submitted."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from aktiv.competence.models import CompetenceProfile
from aktiv.lib.concurrency import edit_token, fingerprint, is_conflict
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from ..models import ConversationRecord, Evaluation, GoalAssessment, Role
from . import services
from .forms import AssessmentForm, EvaluationTextsForm
from .pdf import pdf_filename, render_pdf


def _record(request: AuthedRequest, uuid: UUID) -> ConversationRecord:
    return get_object_or_404(
        ConversationRecord.objects.visible_to(request.user).select_related(
            "period", "employee", "leader"
        ),
        uuid=uuid,
    )


def _get(request: AuthedRequest, uuid: UUID) -> Evaluation:
    return services.evaluation_for(_record(request, uuid))


def _texts(evaluation: Evaluation) -> list[tuple[str, Any, str]]:
    """(name, label, text) of the shared texts, as stored."""
    form = EvaluationTextsForm
    return [
        (name, form.base_fields[name].label, getattr(evaluation, name))
        for name in ("results", "learning", "competence_note")
    ]


def _texts_stored(evaluation: Evaluation) -> str:
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
    visible = {
        (a.goal_id, a.author_role): a
        for a in GoalAssessment.objects.visible_to(viewer).filter(evaluation=evaluation)
    }
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


def _editable(evaluation: Evaluation) -> bool:
    return evaluation.record.is_current_pair and not evaluation.is_confirmed


def _render(
    request: AuthedRequest,
    evaluation: Evaluation,
    *,
    status: int = 200,
    conflict: bool = False,
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    record = evaluation.record
    role = record.role_of(request.user)
    editable = _editable(evaluation)
    context = summary_context(evaluation, request.user)
    own = [a for row in context["rows"] if (a := row[role]) is not None]
    goals = [row["goal"] for row in context["rows"]]
    forms_: dict[str, forms.Form | None] = {
        "assess_form": AssessmentForm(goals, initial=AssessmentForm.initial_from(own))
        if editable
        else None,
        "texts_form": EvaluationTextsForm(initial=EvaluationTextsForm.initial_from(evaluation))
        if editable
        else None,
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
        "editable": editable,
        "submitted_at": evaluation.submitted_at(role),
        "other_submitted_at": evaluation.submitted_at(other_role),
        "confirmed_at": evaluation.confirmed_at(role),
        "other_confirmed_at": evaluation.confirmed_at(other_role),
        "reopen_by_me": evaluation.reopen_requested_by_id == request.user.pk,
        "reopen_by_other": evaluation.reopen_requested_by_id == other.pk,
        "competence_url": _competence_url(record, role, request.user),
        "conflict": conflict,
        "edit_token": edit_token(evaluation),
        "texts_base": fingerprint(_texts_stored(evaluation)),
        **forms_,
    }
    return render(request, "conversations/evaluation/evaluation.html", context, status=status)


@require_GET
def evaluation(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _render(request, _get(request, uuid))


def _save(
    request: AuthedRequest,
    evaluation: Evaluation,
    *,
    form: forms.Form,
    form_name: str,
    save: Callable[[], object],
    done: str,
    anchor: str,
) -> HttpResponse:
    """Validate, save through the service, redirect back; a refusal re-renders the page with
    the form as typed and the reason on it (400)."""
    if not form.is_valid():
        return _render(request, evaluation, status=400, bound={form_name: form})
    if not attempt(request, save, form=form, success=done):
        if not _editable(evaluation):  # the page shows no form to carry the reason
            messages.error(request, " ".join(map(str, form.non_field_errors())))
        return _render(request, evaluation, status=400, bound={form_name: form})
    return redirect(f"{evaluation.get_absolute_url()}#{anchor}")


@require_POST
def evaluation_assess(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = AssessmentForm(services.agreed_goals(found.record), request.POST)
    submit = "submit" in request.POST
    record = found.record
    other = record.leader if record.employee_id == request.user.pk else record.employee
    if submit and found.submitted_at(record.role_of(other)) is not None:
        done = _("Vurderingen er levert. Nå ser dere hverandres vurderinger.")
    elif submit:
        done = _(
            "Vurderingen er levert. Dere ser hverandres vurderinger når %(name)s også har levert."
        ) % {"name": other.full_name}
    else:
        done = _("Vurderingen er lagret. %(name)s ser den ikke før dere begge har levert.") % {
            "name": other.full_name
        }
    return _save(
        request,
        found,
        form=form,
        form_name="assess_form",
        save=lambda: services.assessments_save(
            evaluation=found, entries=form.entries(), submit=submit, actor=request.user
        ),
        done=done,
        anchor="vurdering",
    )


@require_POST
def evaluation_texts(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = EvaluationTextsForm(request.POST)
    if form.is_valid() and is_conflict(request, found, _texts_stored(found)):
        return _render(request, found, status=409, conflict=True, bound={"texts_form": form})
    return _save(
        request,
        found,
        form=form,
        form_name="texts_form",
        save=lambda: services.evaluation_texts_save(
            evaluation=found, actor=request.user, **form.cleaned_data
        ),
        done=_("Oppsummeringen er lagret. Dere ser og skriver begge her."),
        anchor="oppsummering",
    )


@require_POST
def evaluation_confirm(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    if attempt(request, lambda: services.evaluation_confirm(evaluation=found, actor=request.user)):
        found.refresh_from_db()
        if found.is_confirmed:
            messages.success(
                request,
                _("Dere har begge bekreftet oppsummeringen. Den kan nå lastes ned som PDF."),
            )
        else:
            messages.success(
                request,
                _("Du har bekreftet oppsummeringen. Den låses når dere begge har bekreftet."),
            )
    return redirect(f"{found.get_absolute_url()}#bekreft")


REOPEN_ACTIONS: dict[str, tuple[Callable[..., None], StrOrPromise]] = {
    "request": (
        services.evaluation_reopen_request,
        gettext_lazy("Du har bedt om å åpne oppsummeringen. Den åpnes når den andre godtar."),
    ),
    "withdraw": (
        services.evaluation_reopen_withdraw,
        gettext_lazy("Forespørselen om å åpne oppsummeringen er trukket tilbake."),
    ),
    "agree": (
        services.evaluation_reopen_agree,
        gettext_lazy("Oppsummeringen er åpnet igjen. Dere må begge bekrefte den på nytt."),
    ),
}


@require_POST
def evaluation_reopen(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Reopening takes both: one asks (or withdraws the request), the other agrees."""
    found = _get(request, uuid)
    chosen = REOPEN_ACTIONS.get(request.POST.get("action", ""))
    if chosen is None:
        messages.error(request, _("Ukjent handling. Velg en av knappene på siden."))
        return redirect(f"{found.get_absolute_url()}#bekreft")
    action, done = chosen
    attempt(request, lambda: action(evaluation=found, actor=request.user), success=str(done))
    return redirect(f"{found.get_absolute_url()}#bekreft")


@require_GET
def evaluation_pdf(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The summary as it stands (confirmed or not), for either party."""
    found = _get(request, uuid)
    html = render_to_string(
        "conversations/evaluation/pdf.html", summary_context(found, request.user), request=request
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(found.record)}"'
    return response
