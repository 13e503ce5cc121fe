"""Phase 3 pages: the evaluation and learning conversation of one record, and its summary as
a PDF drawn by WeasyPrint from the same template partial as the page.

Every lookup goes through `ConversationRecord.objects.visible_to(request.user)`: only the
two people party to a record get anything, and anyone else gets a 404. The other party's
assessments come through `GoalAssessment.objects.visible_to`, which holds them back until
both have submitted."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrOrPromise

from aktiv.audit.reads import read
from aktiv.lib.concurrency import is_conflict
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from ..models import ConversationRecord, Evaluation
from . import pages, services
from .forms import AssessmentForm, EvaluationTextsForm
from .pdf import pdf_filename, render_pdf


def _record(request: AuthedRequest, uuid: UUID) -> ConversationRecord:
    return read(
        ConversationRecord.objects.visible_to(request.user).select_related(
            "period", "employee", "leader"
        ),
        request.user,
        uuid=uuid,
    )


def _get(request: AuthedRequest, uuid: UUID) -> Evaluation:
    """For a write: the evaluation, made the first time a party writes to it."""
    return services.evaluation_for(_record(request, uuid))


def _read(request: AuthedRequest, uuid: UUID) -> Evaluation:
    """For a page: the evaluation as stored, or an empty one (nothing is stored by reading)."""
    return services.evaluation_of(_record(request, uuid))


def _render(
    request: AuthedRequest,
    evaluation: Evaluation,
    *,
    status: int = 200,
    conflict: bool = False,
    bound: dict[str, forms.Form] | None = None,
    use_draft: bool = False,
) -> HttpResponse:
    context = pages.evaluation_page(
        evaluation, request.user, conflict=conflict, bound=bound, use_draft=use_draft
    )
    return render(request, "conversations/evaluation/evaluation.html", context, status=status)


@require_GET
def evaluation(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The page; `?utkast=1` ("Bruk utkastet") fills the empty fields from the year's draft.
    A GET: nothing is stored until the person saves the form."""
    return _render(request, _read(request, uuid), use_draft=request.GET.get("utkast") == "1")


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
        if not pages.editable(evaluation):  # the page shows no form to carry the reason
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
    if form.is_valid() and is_conflict(request, found, pages.texts_stored(found)):
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
    found = _read(request, uuid)
    html = render_to_string(
        "conversations/evaluation/pdf.html",
        pages.summary_context(found, request.user),
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(found.record)}"'
    return response
