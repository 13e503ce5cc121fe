"""Goal views: the goal tree, and the organisation's (HR) and a unit's (its leader) goals.
A record's personal goals are part of the conversation: aktiv/conversations/goals/."""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.lib.anonymity import configured_threshold
from aktiv.lib.concurrency import edit_token, is_stale
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.models import Unit

from . import services
from .forms import (
    GoalForm,
)
from .models import Goal, PersonalGoal

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
                # Agreed ones only (a draft is the employee's own), told only from k on.
                personal_goal_count=Count(
                    "personal_goals",
                    filter=Q(personal_goals__state=PersonalGoal.State.AGREED),
                    distinct=True,
                ),
            )
        )
    context = {
        "threshold": configured_threshold(),
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
    if form.is_valid() and attempt(
        request,
        lambda: services.goal_create(
            period=period, actor=request.user, level=level, unit=unit, **form.cleaned_data
        ),
        form=form,
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


def _editable_goal(request: AuthedRequest, uuid: UUID) -> Goal:
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
        "threshold": configured_threshold(),
        "child_count": goal.children.count(),
    }
    return render(request, "goals/goal_edit.html", context, status=status)


@require_GET
def goal_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    return _goal_edit_page(request, goal, _goal_form(goal))


@require_POST
def goal_save(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    form = _goal_form(goal, request.POST)
    if is_stale(request, goal):
        form.is_valid()
        return _goal_edit_page(request, goal, form, status=409, conflict=True)
    if form.is_valid() and attempt(
        request,
        lambda: services.goal_update(goal=goal, actor=request.user, **form.cleaned_data),
        form=form,
    ):
        messages.success(request, _("Målet er lagret."))
        return redirect(_list_url(goal))
    goal.refresh_from_db()
    return _goal_edit_page(request, goal, form, status=400)


@require_POST
def goal_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = _editable_goal(request, uuid)
    back = _list_url(goal)
    attempt(
        request,
        lambda: services.goal_delete(goal=goal, actor=request.user),
        success=_("Målet «%(title)s» er slettet.") % {"title": goal.title},
    )
    return redirect(back)
