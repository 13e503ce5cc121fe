"""Expectations: everyone reads and acknowledges the current version; HR drafts, previews and
publishes versions, sees who has acknowledged per unit (counts only), and answers the
organisation's self-check."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.units import opened_unit, path_of, top_of_tree

from . import services
from .forms import DraftForm, SelfCheckForm
from .models import ExpectationsVersion, SelfCheck


@require_GET
def current(request: AuthedRequest) -> HttpResponse:
    version = services.current_published()
    earlier = ExpectationsVersion.objects.published()
    if version is not None:
        earlier = earlier.exclude(pk=version.pk)
    return render(
        request,
        "expectations/current.html",
        {
            "version": version,
            "acknowledgement": services.acknowledgement_of(request.user, version)
            if version
            else None,
            "earlier": earlier,
        },
    )


@require_POST
def acknowledge(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    version = get_object_or_404(ExpectationsVersion.objects.published(), uuid=uuid)
    services.acknowledgement_record(person=request.user, version=version)
    messages.success(
        request, _("Takk! Du har bekreftet at du har lest og forstått forventningene.")
    )
    return redirect("expectations:current")


def _render_version(
    request: AuthedRequest, version: ExpectationsVersion, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "version": version,
        "current": services.current_published(),
        "acknowledgement": services.acknowledgement_of(request.user, version)
        if version.is_published
        else None,
        "edit_token": edit_token(version),
        **extra,
    }
    return render(request, "expectations/version.html", context, status=status)


@require_GET
def version_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """A published version for everyone; for HR also the draft, as the preview before
    publishing."""
    version = get_object_or_404(
        ExpectationsVersion.objects.visible_to(request.user).select_related("created_by"),
        uuid=uuid,
    )
    return _render_version(request, version)


@hr_required
@require_GET
def manage(request: AuthedRequest) -> HttpResponse:
    """The versions, and who has acknowledged the current one per unit: the top units and
    their children, or one unit and its children with `?enhet=`."""
    version = services.current_published()
    top = opened_unit(request)
    figures = None
    if version:
        shown, _several = top_of_tree(top)
        figures = services.acknowledgement_figures(version, shown)
    return render(
        request,
        "expectations/manage.html",
        {
            "current": version,
            "draft": services.current_draft(),
            "versions": ExpectationsVersion.objects.select_related("created_by"),
            "rows": figures.rows if figures else [],
            "counted_at": figures.counted_at if figures else None,
            "top": top,
            "top_path": path_of(top) if top else "",
            "threshold": configured_threshold(),
        },
    )


@hr_required
@require_POST
def draft_start(request: AuthedRequest) -> HttpResponse:
    services.draft_start(actor=request.user)
    return redirect("expectations:edit")


@hr_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthedRequest) -> HttpResponse:
    draft = services.current_draft()
    if draft is None:
        messages.info(request, _("Det er ikke noe utkast. Lag et nytt utkast først."))
        return redirect("expectations:manage")
    form = DraftForm(request.POST if request.method == "POST" else None, instance=draft)
    conflict = request.method == "POST" and is_stale(request, draft)
    if (
        request.method == "POST"
        and not conflict
        and form.is_valid()
        and attempt(
            request,
            lambda: services.draft_save(draft=draft, actor=request.user, values=form.cleaned_data),
            form=form,
        )
    ):
        if "preview" in request.POST:
            return redirect("expectations:version", draft.uuid)
        messages.success(request, _("Utkastet er lagret."))
        return redirect("expectations:edit")
    if conflict:
        draft.refresh_from_db()
    return render(
        request,
        "expectations/edit.html",
        {"draft": draft, "form": form, "conflict": conflict, "edit_token": edit_token(draft)},
        status=409 if conflict else (400 if form.errors else 200),
    )


@hr_required
@require_POST
def publish(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    version = get_object_or_404(ExpectationsVersion.objects.all(), uuid=uuid)
    if version.is_published:
        messages.info(request, _("Versjon %(n)s er allerede publisert.") % {"n": version.number})
        return redirect("expectations:manage")
    if is_stale(request, version):
        # What was previewed is not what is stored now: show the new texts before publishing.
        version.refresh_from_db()
        return _render_version(request, version, status=409, conflict=True)
    try:
        services.version_publish(draft=version, actor=request.user)
    except ValidationError as error:
        return _render_version(request, version, status=400, errors=error.messages)
    messages.success(
        request,
        _("Versjon %(n)s er publisert. Alle blir bedt om å lese og bekrefte den.")
        % {"n": version.number},
    )
    return redirect("expectations:manage")


@hr_required
@require_http_methods(["GET", "POST"])
def self_check(request: AuthedRequest) -> HttpResponse:
    """The five questions of seed 000, answered by HR for the organisation. Each save is a
    new dated version; the form starts from the latest answers."""
    history = SelfCheck.objects.select_related("created_by")
    latest = history.first()
    form = SelfCheckForm(
        request.POST if request.method == "POST" else None,
        initial=latest.answers if latest else None,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            request,
            lambda: services.self_check_save(actor=request.user, answers=form.cleaned_data),
            form=form,
            success=_("Egensjekken er lagret med dagens dato."),
        )
    ):
        return redirect("expectations:self_check")
    return render(
        request,
        "expectations/self_check.html",
        {"form": form, "history": history, "latest": latest},
        status=400 if form.errors else 200,
    )


@hr_required
@require_GET
def self_check_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    check = get_object_or_404(SelfCheck.objects.select_related("created_by"), uuid=uuid)
    answers = [
        (question, check.answers.get(key, "")) for key, question in services.self_check_questions()
    ]
    return render(
        request, "expectations/self_check_detail.html", {"check": check, "answers": answers}
    )
