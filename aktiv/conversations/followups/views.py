"""Phase 2 pages: one follow-up (preparation, agenda, notes, agreed actions and the leader's
private notes), planning and moving meetings, and the calendar file.

Every lookup goes through `visible_to(request.user)`, narrowed to the role an action needs:
only the two people party to a record get anything, and anyone else gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.audit.reads import read
from aktiv.lib.concurrency import is_conflict
from aktiv.lib.dates import local_date
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from ..models import AgendaItem, AgreedAction, ConversationRecord, FollowUp, LeaderNote, Role
from . import ics, pages, services
from .forms import (
    AgendaItemForm,
    AgreedActionForm,
    LeaderNoteForm,
    MeetingForm,
    NotesForm,
    PreparationForm,
    SupportForm,
)

# Lookups ----------------------------------------------------------------------------------


def _get(request: AuthedRequest, uuid: UUID, role: str = "") -> FollowUp:
    """The follow-up, if the viewer is party to it (in `role`, when given)."""
    found = FollowUp.objects.visible_to(request.user).select_related(
        "record__period", "record__employee", "record__leader"
    )
    if role == Role.EMPLOYEE:
        found = found.filter(record__employee=request.user)
    elif role == Role.LEADER:
        found = found.filter(record__leader=request.user)
    return read(found, request.user, uuid=uuid)


def _record(request: AuthedRequest, uuid: UUID) -> ConversationRecord:
    return read(
        ConversationRecord.objects.visible_to(request.user).select_related(
            "period", "employee", "leader"
        ),
        request.user,
        uuid=uuid,
    )


def _local(moment: Any) -> str:
    return local_date(timezone.localtime(moment), "l j. F Y \\k\\l. H:i")


# The follow-up page -----------------------------------------------------------------------


def _render(
    request: AuthedRequest,
    follow_up: FollowUp,
    *,
    status: int = 200,
    conflict: str = "",
    bound: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    context = pages.follow_up_page(follow_up, request.user, conflict=conflict, bound=bound)
    return render(request, "conversations/followups/follow_up.html", context, status=status)


@require_GET
def follow_up(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _render(request, _get(request, uuid))


@require_GET
def follow_up_ics(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    link = request.build_absolute_uri(found.get_absolute_url())
    response = HttpResponse(
        ics.invitation(found, link=link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics.filename(found)}"'
    return response


def _back(follow_up: FollowUp, anchor: str) -> HttpResponse:
    return redirect(f"{follow_up.get_absolute_url()}#{anchor}")


def _save(
    request: AuthedRequest,
    follow_up: FollowUp,
    *,
    form: forms.Form,
    form_name: str,
    stored: str,
    save: Callable[[], object],
    done: str,
    anchor: str,
    edited: Any,
) -> HttpResponse:
    """Validate, refuse a stale save (409, the newer text shown and the typed text kept),
    save, redirect back to the section. `edited` carries the edit token (None: no check)."""
    if not form.is_valid():
        return _render(request, follow_up, status=400, bound={form_name: form})
    if is_conflict(request, edited, stored):
        return _render(request, follow_up, status=409, conflict=form_name, bound={form_name: form})
    if not attempt(request, save, form=form, success=done):
        return _render(request, follow_up, status=400, bound={form_name: form})
    return _back(follow_up, anchor)


@require_POST
def follow_up_prepare(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid, Role.EMPLOYEE)
    form = PreparationForm(request.POST)
    ready = "ready" in request.POST
    if ready and not found.is_prepared:
        done = _("Forberedelsen er klar. %(leader)s får beskjed og kan nå lese svarene dine.") % {
            "leader": found.record.leader.full_name
        }
    elif found.is_prepared:
        done = _("Forberedelsen er lagret. %(leader)s ser endringene.") % {
            "leader": found.record.leader.full_name
        }
    else:
        done = _(
            "Utkastet er lagret. Lederen din ser det først når du markerer forberedelsen som klar."
        )
    return _save(
        request,
        found,
        form=form,
        form_name="prep_form",
        stored=pages.preparation_text(found),
        save=lambda: services.follow_up_prepare(
            follow_up=found, answers=form.answers(), ready=ready, actor=request.user
        ),
        done=done,
        anchor="forberedelse",
        edited=found,
    )


@require_POST
def follow_up_notes(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = NotesForm(request.POST)
    return _save(
        request,
        found,
        form=form,
        form_name="notes_form",
        stored=found.shared_notes,
        save=lambda: services.follow_up_notes_save(
            follow_up=found, shared_notes=form.cleaned_data["shared_notes"], actor=request.user
        ),
        done=_("De felles notatene er lagret."),
        anchor="notater",
        edited=found,
    )


@require_POST
def follow_up_support(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid, Role.LEADER)
    form = SupportForm(request.POST)
    return _save(
        request,
        found,
        form=form,
        form_name="support_form",
        stored=found.leader_support,
        save=lambda: services.follow_up_support_save(
            follow_up=found, text=form.cleaned_data["leader_support"], actor=request.user
        ),
        done=_("Svaret ditt er lagret. Medarbeideren ser det."),
        anchor="lykkes",
        edited=found,
    )


@require_POST
def follow_up_private_note(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid, Role.LEADER)
    note = LeaderNote.objects.filter(follow_up=found).first()
    form = LeaderNoteForm(request.POST)
    return _save(
        request,
        found,
        form=form,
        form_name="note_form",
        stored=note.text if note else "",
        edited=note,
        save=lambda: services.leader_note_save(
            follow_up=found, text=form.cleaned_data["text"], actor=request.user
        ),
        done=_("De private notatene er lagret."),
        anchor="private-notater",
    )


@require_POST
def follow_up_agenda_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = AgendaItemForm(request.POST)
    return _save(
        request,
        found,
        form=form,
        form_name="agenda_form",
        stored="",
        save=lambda: services.agenda_item_add(
            follow_up=found, text=form.cleaned_data["text"], actor=request.user
        ),
        done=_("Punktet står på agendaen."),
        anchor="agenda",
        edited=None,
    )


@require_POST
def follow_up_agenda_remove(request: AuthedRequest, uuid: UUID, item_uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    item = get_object_or_404(
        AgendaItem.objects.filter(follow_up=found, added_by=request.user), uuid=item_uuid
    )
    item.follow_up = found
    attempt(
        request,
        lambda: services.agenda_item_remove(item=item, actor=request.user),
        success=_("Punktet er tatt av agendaen."),
    )
    return _back(found, "agenda")


@require_POST
def follow_up_action_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = AgreedActionForm(found.record, request.POST)
    return _save(
        request,
        found,
        form=form,
        form_name="action_form",
        stored="",
        save=lambda: services.agreed_action_add(
            follow_up=found,
            text=form.cleaned_data["text"],
            owner=form.chosen_owner(),
            due_on=form.cleaned_data["due_on"],
            actor=request.user,
        ),
        done=_("Tiltaket er lagt til."),
        anchor="tiltak",
        edited=None,
    )


@require_POST
def follow_up_action_done(request: AuthedRequest, uuid: UUID, action_uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    action = get_object_or_404(
        AgreedAction.objects.filter(record=found.record).select_related("record"),
        uuid=action_uuid,
    )
    done = request.POST.get("done", "1") != "0"
    services.agreed_action_done(action=action, done=done, actor=request.user)
    if done:
        messages.success(request, _("Tiltaket er markert som fullført."))
    else:
        messages.success(request, _("Tiltaket er åpnet igjen."))
    return _back(found, "tiltak" if action.follow_up_id == found.pk else "agenda")


@require_POST
def follow_up_held(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    attempt(
        request,
        lambda: services.follow_up_hold(follow_up=found, actor=request.user),
        success=_("Samtalen er markert som gjennomført."),
    )
    return redirect(found)


# Moving and cancelling --------------------------------------------------------------------


@require_POST
def follow_up_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    form = MeetingForm(request.POST)
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.follow_up_move(
                follow_up=found,
                scheduled_at=form.scheduled_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                actor=request.user,
            ),
            form=form,
        )
    ):
        if done.value:
            messages.success(
                request,
                _(
                    "Samtalen er endret til %(when)s. Dere får begge en oppdatert "
                    "kalenderinvitasjon på e-post."
                )
                % {"when": _local(found.scheduled_at)},
            )
        else:
            messages.info(request, _("Ingenting er endret."))
        return redirect(found)
    return _render(request, found, status=400, bound={"move_form": form})


@require_POST
def follow_up_cancel(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = _get(request, uuid)
    done = attempt(request, lambda: services.follow_up_cancel(follow_up=found, actor=request.user))
    if not done:
        return redirect(found)
    successor = done.value
    text = _("Samtalen %(when)s er avlyst. Dere får begge en avlysning på e-post.") % {
        "when": _local(found.scheduled_at)
    }
    if successor is not None and found.agenda.exists():
        text += " " + _("Agendaen er flyttet til samtalen %(when)s.") % {
            "when": _local(successor.scheduled_at)
        }
    messages.success(request, text)
    return redirect(found.record)


# Planning ---------------------------------------------------------------------------------


def _render_plan(
    request: AuthedRequest,
    record: ConversationRecord,
    *,
    plan_form: MeetingForm | None = None,
    add_form: MeetingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    initial = MeetingForm.initial_first(record)
    upcoming = list(record.follow_ups.upcoming())
    return render(
        request,
        "conversations/followups/plan.html",
        {
            "record": record,
            "role": record.role_of(request.user),
            "period": record.period,
            "upcoming": upcoming,
            "plan_form": plan_form or MeetingForm(initial=initial),
            "add_form": add_form or MeetingForm(prefix="extra", initial=initial),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def follow_ups_plan(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Plan the period's follow-ups in its rhythm, from a first date."""
    record = _record(request, uuid)
    if request.method == "GET":
        return _render_plan(request, record)
    form = MeetingForm(request.POST)
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.follow_ups_plan(
                record=record,
                first_at=form.scheduled_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                actor=request.user,
            ),
            form=form,
        )
    ):
        planned = done.value
        if planned:
            messages.success(
                request,
                _(
                    "%(count)s oppfølgingssamtaler er planlagt, fra %(first)s til %(last)s. "
                    "Dere får begge kalenderinvitasjoner på e-post."
                )
                % {
                    "count": len(planned),
                    "first": _local(planned[0].scheduled_at),
                    "last": _local(planned[-1].scheduled_at),
                },
            )
        else:
            messages.info(
                request,
                _("Alle datoene i rytmen har allerede en samtale. Ingen nye er lagt til."),
            )
        return redirect(record)
    return _render_plan(request, record, plan_form=form, status=400)


@require_POST
def follow_up_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """One extra follow-up outside the rhythm."""
    record = _record(request, uuid)
    form = MeetingForm(request.POST, prefix="extra")
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.follow_up_add(
                record=record,
                scheduled_at=form.scheduled_at(),
                duration_minutes=form.cleaned_data["duration_minutes"],
                location=form.cleaned_data["location"],
                actor=request.user,
            ),
            form=form,
        )
    ):
        added = done.value
        messages.success(
            request,
            _("Samtalen %(when)s er planlagt. Dere får begge en kalenderinvitasjon på e-post.")
            % {"when": _local(added.scheduled_at)},
        )
        return redirect(added)
    return _render_plan(request, record, add_form=form, status=400)
