"""One conversation record's goal conversation (phase 1): personal goals agreed in
partnership, with their history, and the tasks, roles and expectations the two clarified."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.audit.reads import read
from aktiv.conversations.models import ConversationRecord, Role
from aktiv.goals.models import PersonalGoal
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from . import pages, services
from .forms import HeldForm, PersonalGoalForm, ProgressForm, RecordNotesForm, SendBackForm

# One record's goal conversation -----------------------------------------------------------


def _record(request: AuthedRequest, uuid: UUID, role: str = "") -> ConversationRecord:
    """The record, if the viewer is party to it (in the given role, when one is given)."""
    records = ConversationRecord.objects.visible_to(request.user)
    if role == Role.EMPLOYEE:
        records = records.filter(employee=request.user)
    return read(
        records.select_related("period", "employee", "employee__unit", "leader"),
        request.user,
        uuid=uuid,
    )


def _personal_goal(request: AuthedRequest, uuid: UUID, role: str = "") -> PersonalGoal:
    """The goal, if the viewer is party to its record (in the given role, when one is given):
    a leader asking to edit, or an employee asking to agree, gets a 404 like anyone else."""
    goals = PersonalGoal.objects.visible_to(request.user)
    if role == Role.EMPLOYEE:
        goals = goals.filter(record__employee=request.user)
    elif role == Role.LEADER:
        goals = goals.filter(record__leader=request.user)
    return read(
        goals.select_related(
            "record__period", "record__employee", "record__leader", "serves__unit"
        ),
        request.user,
        uuid=uuid,
    )


def _record_page(
    request: AuthedRequest,
    record: ConversationRecord,
    *,
    status: int = 200,
    **bound: Any,
) -> HttpResponse:
    context = pages.record_goals_page(record, request.user, **bound)
    return render(request, "conversations/goals/record.html", context, status=status)


def _back_to(record: ConversationRecord, anchor: str = "") -> HttpResponse:
    url = reverse("conversations:record_goals", args=[record.uuid])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def record_goals(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _record_page(request, _record(request, uuid))


@require_POST
def personal_goal_create(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    record = _record(request, uuid, role=Role.EMPLOYEE)
    form = PersonalGoalForm(request.POST, serves=services.serves_choices(record))
    propose = "propose" in request.POST
    success = (
        _("Målet er foreslått for lederen din.") if propose else _("Målet er lagret som utkast.")
    )
    if form.is_valid() and (
        done := attempt(
            request,
            lambda: services.personal_goal_create(
                record=record, actor=request.user, propose=propose, **form.cleaned_data
            ),
            form=form,
            success=success,
        )
    ):
        return _back_to(record, f"mal-{done.value.uuid}")
    return _record_page(request, record, new_form=form, status=400)


@require_POST
def record_notes(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    record = _record(request, uuid)
    form = RecordNotesForm(request.POST)
    if is_stale(request, record):
        # Saved by the other party since this page was drawn: keep what was typed in the
        # form, and show the newer text beside it.
        form.is_valid()
        return _record_page(request, record, notes_form=form, notes_conflict=True, status=409)
    if form.is_valid() and attempt(
        request,
        lambda: services.record_notes_save(record=record, actor=request.user, **form.cleaned_data),
        form=form,
    ):
        messages.success(request, _("Oppgaver, ansvar, roller og forventninger er lagret."))
        return _back_to(record, "samtalen")
    return _record_page(request, record, notes_form=form, status=400)


@require_POST
def record_held(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    record = _record(request, uuid)
    form = HeldForm(request.POST)
    if form.is_valid() and attempt(
        request,
        lambda: services.record_goal_conversation_held(
            record=record, actor=request.user, held_on=form.cleaned_data["held_on"]
        ),
        form=form,
    ):
        if form.cleaned_data["held_on"]:
            messages.success(request, _("Datoen for målsamtalen er lagret."))
        else:
            messages.success(request, _("Datoen for målsamtalen er fjernet."))
        return _back_to(record, "gjennomfort")
    return _record_page(request, record, held_form=form, status=400)


def _personal_goal_edit_page(
    request: AuthedRequest,
    goal: PersonalGoal,
    form: PersonalGoalForm,
    status: int = 200,
    conflict: bool = False,
) -> HttpResponse:
    context = {
        "goal": goal,
        "record": goal.record,
        "form": form,
        "edit_token": edit_token(goal),
        "conflict": conflict,
    }
    return render(request, "conversations/goals/personal_goal_edit.html", context, status=status)


@require_GET
def personal_goal_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.EMPLOYEE)
    form = PersonalGoalForm(
        serves=services.serves_choices(goal.record), initial=PersonalGoalForm.initial_from(goal)
    )
    return _personal_goal_edit_page(request, goal, form)


@require_POST
def personal_goal_save(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.EMPLOYEE)
    form = PersonalGoalForm(request.POST, serves=services.serves_choices(goal.record))
    if is_stale(request, goal):
        # Most often the leader agreed or sent the goal back meanwhile.
        form.is_valid()
        return _personal_goal_edit_page(request, goal, form, status=409, conflict=True)
    was_agreed = goal.state == PersonalGoal.State.AGREED

    def save() -> object:
        if was_agreed:
            return services.personal_goal_revise(goal=goal, actor=request.user, **form.cleaned_data)
        return services.personal_goal_edit(
            goal=goal, actor=request.user, propose="propose" in request.POST, **form.cleaned_data
        )

    success = (
        _("Endringen er foreslått. Målet er avtalt på nytt når lederen din godtar den.")
        if was_agreed
        else _("Målet er lagret.")
    )
    if form.is_valid() and attempt(request, save, form=form, success=success):
        return _back_to(goal.record, f"mal-{goal.uuid}")
    goal.refresh_from_db()
    return _personal_goal_edit_page(request, goal, form, status=400)


@require_POST
def personal_goal_propose(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.EMPLOYEE)
    attempt(
        request,
        lambda: services.personal_goal_propose(goal=goal, actor=request.user),
        success=_("Målet er foreslått for lederen din."),
    )
    return _back_to(goal.record, f"mal-{goal.uuid}")


def _stale_goal(request: AuthedRequest, goal: PersonalGoal) -> HttpResponse | None:
    """The leader acts on what they saw: if the employee changed the goal since, show it
    again instead (409)."""
    if not is_stale(request, goal):
        return None
    message = _(
        "Målet er endret etter at du åpnet siden. Se over det som står nå før du avtaler "
        "det eller sender det tilbake."
    )
    bound: dict[int, dict[str, Any]] = {goal.pk: {"error": message}}
    if "comment" in request.POST:
        form = SendBackForm(request.POST, auto_id=f"id_%s_{goal.uuid.hex[:8]}")
        form.is_valid()
        bound[goal.pk]["send_back"] = form
    return _record_page(request, goal.record, bound=bound, status=409)


@require_POST
def personal_goal_agree(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.LEADER)
    if stale := _stale_goal(request, goal):
        return stale
    attempt(
        request,
        lambda: services.personal_goal_agree(goal=goal, actor=request.user),
        success=_("Målet er avtalt."),
    )
    return _back_to(goal.record, f"mal-{goal.uuid}")


@require_POST
def personal_goal_send_back(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.LEADER)
    if stale := _stale_goal(request, goal):
        return stale
    form = SendBackForm(request.POST, auto_id=f"id_%s_{goal.uuid.hex[:8]}")
    if form.is_valid():
        attempt(
            request,
            lambda: services.personal_goal_send_back(
                goal=goal, actor=request.user, comment=form.cleaned_data["comment"]
            ),
            success=_("Målet er sendt tilbake til %(name)s med kommentaren din.")
            % {"name": goal.record.employee.full_name},
        )
        return _back_to(goal.record, f"mal-{goal.uuid}")
    return _record_page(request, goal.record, bound={goal.pk: {"send_back": form}}, status=400)


@require_POST
def personal_goal_progress(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid)
    form = ProgressForm(request.POST, auto_id=f"id_%s_{goal.uuid.hex[:8]}")
    if form.is_valid():
        attempt(
            request,
            lambda: services.personal_goal_progress(
                goal=goal, actor=request.user, progress=form.cleaned_data["progress"]
            ),
            success=_("Framdriften er lagret."),
        )
        return _back_to(goal.record, f"mal-{goal.uuid}")
    return _record_page(request, goal.record, bound={goal.pk: {"progress": form}}, status=400)


@require_POST
def personal_goal_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _personal_goal(request, uuid, role=Role.EMPLOYEE)
    record = goal.record
    attempt(
        request,
        lambda: services.personal_goal_delete(goal=goal, actor=request.user),
        success=_("Målet «%(title)s» er slettet.") % {"title": goal.title},
    )
    return _back_to(record)
