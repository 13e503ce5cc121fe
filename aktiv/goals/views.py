"""Goal views: the goal tree, the organisation's and a unit's goals, and one conversation
record's goal conversation (personal goals, tasks and roles, expectations)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.audit.models import AccessLogEntry
from aktiv.audit.services import access_log
from aktiv.conversations.models import ConversationRecord, Period
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.people.models import Unit

from . import services
from .forms import (
    GoalForm,
    HeldForm,
    PersonalGoalForm,
    ProgressForm,
    RecordNotesForm,
    SendBackForm,
)
from .models import Goal, PersonalGoal, PersonalGoalRevision
from .services import Event


def _attempt(request: AuthedRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service; its refusal becomes a message on the page the person returns to."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _form_refused(form: forms.Form, action: Callable[[], object]) -> bool:
    """Run a service; its refusal becomes an error on the form. True when refused."""
    try:
        action()
    except ValidationError as error:
        form.add_error(None, error)
        return True
    return False


# The goal tree ---------------------------------------------------------------------------


@require_GET
def tree(request: AuthedRequest) -> HttpResponse:
    """Organisation goals with the unit goals under them, as far as the viewer may see."""
    person = request.user
    period = Period.objects.current()
    context: dict[str, Any] = {"period": period}
    if period is not None:
        goals = list(
            Goal.objects.visible_to(person)
            .filter(period=period)
            .select_related("unit")
            .order_by("unit__name", "title")
        )
        organisation = [g for g in goals if g.level == Goal.Level.ORGANISATION]
        under: dict[int, list[Goal]] = defaultdict(list)
        loose: dict[Unit, list[Goal]] = defaultdict(list)
        org_ids = {g.pk for g in organisation}
        for goal in goals:
            if goal.level != Goal.Level.UNIT:
                continue
            if goal.parent_id in org_ids:
                under[goal.parent_id].append(goal)
            else:
                loose[goal.unit].append(goal)  # type: ignore[index]
        context |= {
            "branches": [(goal, under[goal.pk]) for goal in organisation],
            "loose": sorted(loose.items(), key=lambda pair: pair[0].name),
            "own_record": ConversationRecord.objects.as_employee(person)
            .filter(period=period, leader_id=person.leader_id)
            .first(),
        }
    return render(request, "goals/tree.html", context)


# Organisation goals (HR) and unit goals (the unit's leader) -------------------------------


def _goal_list_page(
    request: AuthedRequest,
    *,
    level: str,
    period: Period | None,
    unit: Unit | None,
    form: GoalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    goals: list[Goal] = []
    parents: list[Goal] | None = None
    if period is not None:
        listed = Goal.objects.filter(period=period, level=level)
        if level == Goal.Level.UNIT:
            listed = listed.filter(unit=unit).select_related("parent")
            parents = services.goal_parents(period)
        goals = list(
            listed.annotate(
                unit_goal_count=Count("children", distinct=True),
                personal_goal_count=Count("personal_goals", distinct=True),
            )
        )
    context = {
        "period": period,
        "unit": unit,
        "goals": goals,
        "parents": parents,
        "form": form or GoalForm(parents=parents),
    }
    template = "goals/organisation.html" if level == Goal.Level.ORGANISATION else "goals/unit.html"
    return render(request, template, context, status=status)


def _create(request: AuthedRequest, *, level: str, unit: Unit | None, back: str) -> HttpResponse:
    period = Period.objects.current()
    if period is None:
        messages.error(request, _("Det er ingen periode å skrive mål for ennå."))
        return redirect(back)
    if level == Goal.Level.UNIT and unit is None:
        messages.error(request, _("Du er ikke registrert i en enhet."))
        return redirect(back)
    parents = services.goal_parents(period) if level == Goal.Level.UNIT else None
    form = GoalForm(request.POST, parents=parents)
    if form.is_valid() and not _form_refused(
        form,
        lambda: services.goal_create(
            period=period, actor=request.user, level=level, unit=unit, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Målet er lagret."))
        return redirect(back)
    return _goal_list_page(request, level=level, period=period, unit=unit, form=form, status=400)


@hr_required
@require_GET
def organisation(request: AuthedRequest) -> HttpResponse:
    return _goal_list_page(
        request, level=Goal.Level.ORGANISATION, period=Period.objects.current(), unit=None
    )


@hr_required
@require_POST
def organisation_create(request: AuthedRequest) -> HttpResponse:
    return _create(
        request, level=Goal.Level.ORGANISATION, unit=None, back=reverse("goals:organisation")
    )


def _leader_unit(request: AuthedRequest) -> Unit | None:
    """The unit whose goals this leader writes: their own. Non-leaders get a 404."""
    if not request.user.is_leader:
        raise Http404
    return request.user.unit


@require_GET
def unit(request: AuthedRequest) -> HttpResponse:
    return _goal_list_page(
        request,
        level=Goal.Level.UNIT,
        period=Period.objects.current(),
        unit=_leader_unit(request),
    )


@require_POST
def unit_create(request: AuthedRequest) -> HttpResponse:
    own_unit = _leader_unit(request)
    return _create(request, level=Goal.Level.UNIT, unit=own_unit, back=reverse("goals:unit"))


def _editable_goal(request: AuthedRequest, uuid: str) -> Goal:
    return get_object_or_404(
        Goal.objects.editable_by(request.user).select_related("period", "unit", "parent"),
        uuid=uuid,
    )


def _list_url(goal: Goal) -> str:
    return reverse("goals:organisation" if goal.level == Goal.Level.ORGANISATION else "goals:unit")


def _goal_form(goal: Goal, data: Any = None) -> GoalForm:
    parents = services.goal_parents(goal.period) if goal.level == Goal.Level.UNIT else None
    return GoalForm(data, parents=parents, initial=GoalForm.initial_from(goal))


def _goal_edit_page(
    request: AuthedRequest, goal: Goal, form: GoalForm, status: int = 200, conflict: bool = False
) -> HttpResponse:
    context = {
        "goal": goal,
        "form": form,
        "edit_token": edit_token(goal),
        "conflict": conflict,
        "list_url": _list_url(goal),
        "personal_goal_count": goal.personal_goals.count(),
        "child_count": goal.children.count(),
    }
    return render(request, "goals/goal_edit.html", context, status=status)


@require_GET
def goal_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    return _goal_edit_page(request, goal, _goal_form(goal))


@require_POST
def goal_save(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    form = _goal_form(goal, request.POST)
    if is_stale(request, goal):
        form.is_valid()
        return _goal_edit_page(request, goal, form, status=409, conflict=True)
    if form.is_valid() and not _form_refused(
        form, lambda: services.goal_update(goal=goal, actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, _("Målet er lagret."))
        return redirect(_list_url(goal))
    goal.refresh_from_db()
    return _goal_edit_page(request, goal, form, status=400)


@require_POST
def goal_delete(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    back = _list_url(goal)
    _attempt(
        request,
        lambda: services.goal_delete(goal=goal, actor=request.user),
        _("Målet «%(title)s» er slettet.") % {"title": goal.title},
    )
    return redirect(back)


# One record's goal conversation -----------------------------------------------------------


def _record(request: AuthedRequest, uuid: str, role: str = "") -> ConversationRecord:
    """The record, if the viewer is party to it (in the given role, when one is given)."""
    records = ConversationRecord.objects.visible_to(request.user)
    if role == "employee":
        records = records.filter(employee=request.user)
    return get_object_or_404(
        records.select_related("period", "employee", "employee__unit", "leader"), uuid=uuid
    )


def _personal_goal(request: AuthedRequest, uuid: str, role: str = "") -> PersonalGoal:
    """The goal, if the viewer is party to its record (in the given role, when one is given):
    a leader asking to edit, or an employee asking to agree, gets a 404 like anyone else."""
    goals = PersonalGoal.objects.visible_to(request.user)
    if role == "employee":
        goals = goals.filter(record__employee=request.user)
    elif role == "leader":
        goals = goals.filter(record__leader=request.user)
    return get_object_or_404(
        goals.select_related(
            "record__period", "record__employee", "record__leader", "serves__unit"
        ),
        uuid=uuid,
    )


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
    changes: list[services.Change]
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
        card = GoalCard(goal, _steps(history), services.personal_goal_changes(goal, history))
        card.token = edit_token(goal)
        card.error = extra.get("error", "")
        if role == "leader" and goal.state == PersonalGoal.State.PROPOSED:
            card.send_back_form = extra.get("send_back") or SendBackForm(auto_id=f"id_%s_{suffix}")
        if goal.state == PersonalGoal.State.AGREED:
            card.progress_form = extra.get("progress") or ProgressForm(
                auto_id=f"id_%s_{suffix}", initial={"progress": goal.progress}
            )
        cards.append(card)
    return cards


def _record_page(
    request: AuthedRequest,
    record: ConversationRecord,
    *,
    status: int = 200,
    new_form: PersonalGoalForm | None = None,
    notes_form: RecordNotesForm | None = None,
    held_form: HeldForm | None = None,
    notes_conflict: bool = False,
    bound: dict[int, dict[str, Any]] | None = None,
) -> HttpResponse:
    role = record.role_of(request.user)
    serves = services.serves_choices(record)
    cards = _cards(record, role, bound or {})
    is_open = record.is_current_pair
    context = {
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
    if role == "employee" and is_open:
        context["new_form"] = new_form or PersonalGoalForm(serves=serves)
    return render(request, "goals/record.html", context, status=status)


def _back_to(record: ConversationRecord, anchor: str = "") -> HttpResponse:
    url = reverse("goals:record_goals", args=[record.uuid])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
def record_goals(request: AuthedRequest, uuid: str) -> HttpResponse:
    record = _record(request, uuid)
    if record.leader_id == request.user.pk:
        access_log(
            actor=request.user,
            subject=record.employee,
            obj=record,
            action=AccessLogEntry.Action.READ,
        )
    return _record_page(request, record)


@require_POST
def personal_goal_create(request: AuthedRequest, uuid: str) -> HttpResponse:
    record = _record(request, uuid, role="employee")
    form = PersonalGoalForm(request.POST, serves=services.serves_choices(record))
    propose = "propose" in request.POST
    if form.is_valid():
        try:
            goal = services.personal_goal_create(
                record=record, actor=request.user, propose=propose, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if propose:
                messages.success(request, _("Målet er foreslått for lederen din."))
            else:
                messages.success(request, _("Målet er lagret som utkast."))
            return _back_to(record, f"mal-{goal.uuid}")
    return _record_page(request, record, new_form=form, status=400)


@require_POST
def record_notes(request: AuthedRequest, uuid: str) -> HttpResponse:
    record = _record(request, uuid)
    form = RecordNotesForm(request.POST)
    if is_stale(request, record):
        # Saved by the other party since this page was drawn: keep what was typed in the
        # form, and show the newer text beside it.
        form.is_valid()
        return _record_page(request, record, notes_form=form, notes_conflict=True, status=409)
    if form.is_valid() and not _form_refused(
        form,
        lambda: services.record_notes_save(record=record, actor=request.user, **form.cleaned_data),
    ):
        messages.success(request, _("Oppgaver, ansvar, roller og forventninger er lagret."))
        return _back_to(record, "samtalen")
    return _record_page(request, record, notes_form=form, status=400)


@require_POST
def record_held(request: AuthedRequest, uuid: str) -> HttpResponse:
    record = _record(request, uuid)
    form = HeldForm(request.POST)
    if form.is_valid() and not _form_refused(
        form,
        lambda: services.record_goal_conversation_held(
            record=record, actor=request.user, held_on=form.cleaned_data["held_on"]
        ),
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
    return render(request, "goals/personal_goal_edit.html", context, status=status)


@require_GET
def personal_goal_edit(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="employee")
    form = PersonalGoalForm(
        serves=services.serves_choices(goal.record), initial=PersonalGoalForm.initial_from(goal)
    )
    return _personal_goal_edit_page(request, goal, form)


@require_POST
def personal_goal_save(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="employee")
    form = PersonalGoalForm(request.POST, serves=services.serves_choices(goal.record))
    if is_stale(request, goal):
        # Most often the leader agreed or sent the goal back meanwhile.
        form.is_valid()
        return _personal_goal_edit_page(request, goal, form, status=409, conflict=True)
    was_agreed = goal.state == PersonalGoal.State.AGREED
    if form.is_valid():
        try:
            if was_agreed:
                services.personal_goal_revise(goal=goal, actor=request.user, **form.cleaned_data)
            else:
                services.personal_goal_edit(
                    goal=goal,
                    actor=request.user,
                    propose="propose" in request.POST,
                    **form.cleaned_data,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if was_agreed:
                messages.success(
                    request,
                    _(
                        "Endringen er foreslått. Målet er avtalt på nytt når lederen din "
                        "godtar den."
                    ),
                )
            else:
                messages.success(request, _("Målet er lagret."))
            return _back_to(goal.record, f"mal-{goal.uuid}")
    goal.refresh_from_db()
    return _personal_goal_edit_page(request, goal, form, status=400)


@require_POST
def personal_goal_propose(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="employee")
    _attempt(
        request,
        lambda: services.personal_goal_propose(goal=goal, actor=request.user),
        _("Målet er foreslått for lederen din."),
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
def personal_goal_agree(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="leader")
    if stale := _stale_goal(request, goal):
        return stale
    _attempt(
        request,
        lambda: services.personal_goal_agree(goal=goal, actor=request.user),
        _("Målet er avtalt."),
    )
    return _back_to(goal.record, f"mal-{goal.uuid}")


@require_POST
def personal_goal_send_back(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="leader")
    if stale := _stale_goal(request, goal):
        return stale
    form = SendBackForm(request.POST, auto_id=f"id_%s_{goal.uuid.hex[:8]}")
    if form.is_valid():
        _attempt(
            request,
            lambda: services.personal_goal_send_back(
                goal=goal, actor=request.user, comment=form.cleaned_data["comment"]
            ),
            _("Målet er sendt tilbake til %(name)s med kommentaren din.")
            % {"name": goal.record.employee.full_name},
        )
        return _back_to(goal.record, f"mal-{goal.uuid}")
    return _record_page(request, goal.record, bound={goal.pk: {"send_back": form}}, status=400)


@require_POST
def personal_goal_progress(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid)
    form = ProgressForm(request.POST, auto_id=f"id_%s_{goal.uuid.hex[:8]}")
    if form.is_valid():
        _attempt(
            request,
            lambda: services.personal_goal_progress(
                goal=goal, actor=request.user, progress=form.cleaned_data["progress"]
            ),
            _("Framdriften er lagret."),
        )
        return _back_to(goal.record, f"mal-{goal.uuid}")
    return _record_page(request, goal.record, bound={goal.pk: {"progress": form}}, status=400)


@require_POST
def personal_goal_delete(request: AuthedRequest, uuid: str) -> HttpResponse:
    goal = _personal_goal(request, uuid, role="employee")
    record = goal.record
    _attempt(
        request,
        lambda: services.personal_goal_delete(goal=goal, actor=request.user),
        _("Målet «%(title)s» er slettet.") % {"title": goal.title},
    )
    return _back_to(record)
