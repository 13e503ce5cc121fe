from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.audit.reads import read
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.views import sharing_post

from . import registry, services
from .models import PendingAgendaItem, Worksheet
from .registry import Tool, WorksheetForm


def _tool_for(request: AuthedRequest, key: str) -> Tool:
    try:
        tool = registry.get(key)
    except KeyError:
        raise Http404 from None
    if not tool.is_for(is_leader=request.user.is_leader):
        raise Http404
    return tool


@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    """Verktøy: every instrument and worksheet this person may use, and when they last did."""
    person = request.user
    worksheets = {
        row["tool_key"]: row
        for row in Worksheet.objects.owned_by(person)
        .values("tool_key")
        .annotate(count=Count("id"), last=Max("updated_at"))
    }
    drafts = set(Worksheet.objects.owned_by(person).drafts().values_list("tool_key", flat=True))
    responses = {
        row["instrument_key"]: row
        for row in Response.objects.owned_by(person)
        .submitted()
        .values("instrument_key")
        .annotate(count=Count("id"), last=Max("submitted_at"))
    }
    context = {
        "instruments": [
            (i, responses.get(i.key)) for i in definitions.available_to(is_leader=person.is_leader)
        ],
        "tools": [
            (t, worksheets.get(t.key), t.key in drafts)
            for t in registry.available_to(is_leader=person.is_leader)
        ],
    }
    return render(request, "reflections/index.html", context)


@require_GET
def tool_detail(request: AuthedRequest, key: str) -> HttpResponse:
    tool = _tool_for(request, key)
    worksheets = list(Worksheet.objects.owned_by(request.user).for_tool(key))
    for worksheet in worksheets:
        worksheet.person = request.user  # the owner, for "shared with your leader" on each row
    history = [w for w in worksheets if w.is_done]
    draft = next((w for w in worksheets if not w.is_done), None)
    drawing = None
    if history:
        drawing = tool.draw(history[0].data, [w.data for w in reversed(history[1:])])
    return render(
        request,
        "reflections/tool.html",
        {"tool": tool, "history": history, "draft": draft, "drawing": drawing},
    )


@require_POST
def worksheet_start(request: AuthedRequest, key: str) -> HttpResponse:
    worksheet = services.worksheet_start(person=request.user, tool=_tool_for(request, key))
    return redirect(worksheet)


def _form(worksheet: Worksheet, request: AuthedRequest, **kwargs: Any) -> WorksheetForm:
    tool = worksheet.tool
    return tool.form_class(
        tool=tool,
        person=worksheet.person,
        initial=tool.form_class.initial_from(worksheet.data),
        **kwargs,
    )


def _render(
    request: AuthedRequest,
    worksheet: Worksheet,
    form: WorksheetForm | None = None,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    tool = worksheet.tool
    is_owner = worksheet.person_id == request.user.pk
    earlier = worksheet.earlier(request.user)
    data = tool.data_for(worksheet.data, is_owner=is_owner)
    context = {
        "worksheet": worksheet,
        "tool": tool,
        "data": data,
        "content": tool.content,
        "is_owner": is_owner,
        "is_shared_view": not is_owner,
        "earlier": earlier,
        "drawing": tool.draw(data, [tool.data_for(w.data, is_owner=is_owner) for w in earlier]),
        "tool_form": f"{tool.template}#form",
        "tool_view": f"{tool.template}#view",
        "edit_token": edit_token(worksheet),
        "conflict": conflict,
    }
    if is_owner and not worksheet.is_done:
        context["form"] = form or _form(worksheet, request)
        return render(request, "reflections/edit.html", context, status=status)
    return render(request, "reflections/worksheet.html", context, status=status)


@require_GET
def worksheet_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    worksheet = read(
        Worksheet.objects.visible_to(request.user).select_related("person", "shared_with"),
        request.user,
        uuid=uuid,
    )
    return _render(request, worksheet)


@require_POST
def worksheet_core(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """KAN – LIKER's core-area boxes for the lists as just typed, so the core can be ticked
    before the first save. Binds the form to what was posted and stores nothing."""
    worksheet = _own(request, uuid)
    if worksheet.is_done or worksheet.tool_key != "kan-liker":
        raise Http404
    form = _form(worksheet, request, data=request.POST)
    return render(
        request,
        f"{worksheet.tool.template}#core",
        {"form": form, "content": worksheet.tool.content, "worksheet": worksheet},
    )


def _own(request: AuthedRequest, uuid: UUID) -> Worksheet:
    return get_object_or_404(Worksheet.objects.owned_by(request.user), uuid=uuid)


@require_POST
def worksheet_save(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    worksheet = _own(request, uuid)
    if worksheet.is_done:
        messages.info(request, _("Arbeidsarket er ferdig. Start en ny versjon for å endre det."))
        return redirect(worksheet)
    completing = "done" in request.POST
    form = _form(worksheet, request, data=request.POST, completing=completing)
    if is_stale(request, worksheet):
        # Saved elsewhere since this page was drawn: keep what was typed, show the newer.
        return _render(request, worksheet, form=form, status=409, conflict=True)
    success = (
        _("Arbeidsarket er ferdig og lagret i historikken din.")
        if completing
        else _("Lagret. Du kan fortsette senere.")
    )
    if not form.is_valid() or not attempt(
        request,
        lambda: services.worksheet_save(worksheet=worksheet, data=form.to_data(), done=completing),
        form=form,
        success=success,
    ):
        return _render(request, worksheet, form=form, status=400)
    return redirect(worksheet)


@require_POST
def worksheet_sharing(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    worksheet = _own(request, uuid)
    return sharing_post(
        request,
        worksheet,
        fragment="reflections/worksheet.html#sharing",
        context={"worksheet": worksheet},
    )


@require_POST
def worksheet_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    worksheet = _own(request, uuid)
    key = worksheet.tool_key
    services.worksheet_delete(worksheet=worksheet, actor=request.user)
    messages.success(request, _("Arbeidsarket er slettet."))
    return redirect("reflections:tool", key=key)


@require_POST
def agenda_item_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The person takes back something they meant to bring to their next follow-up."""
    item = get_object_or_404(PendingAgendaItem.pending_for(request.user), uuid=uuid)
    item.delete()
    messages.success(request, _("Saken er fjernet fra listen til neste oppfølgingssamtale."))
    return redirect("home")
