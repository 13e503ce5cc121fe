"""Entry points on pages of the apps below: the result page of a self-assessment and the
leader's team page load these tags, so those apps import nothing from here."""

from __future__ import annotations

from typing import Any

from django import template

from aktiv.assessments.models import Response

from ..models import UpwardRound, ViewRequest
from ..services import EMPLOYEE_ASSESSMENT, SELF_ASSESSMENT

register = template.Library()


@register.inclusion_tag("feedback/_for_response.html")
def feedback_for_response(response: Response, viewer: Any) -> dict[str, Any]:
    """On the owner's result page: ask the leader for their view (aktivt medarbeiderskap),
    or open the upward feedback (lederferdigheter)."""
    context: dict[str, Any] = {"response": response, "kind": None}
    if response.person_id != viewer.pk or not response.is_submitted:
        return context
    if response.instrument_key == EMPLOYEE_ASSESSMENT:
        context["kind"] = "180"
        context["views"] = list(
            ViewRequest.objects.filter(employee=viewer, response=response).select_related("leader")
        )
        context["waiting"] = ViewRequest.objects.waiting().filter(employee=viewer).first()
        context["has_leader"] = viewer.leader_id is not None
    elif response.instrument_key == SELF_ASSESSMENT:
        context["kind"] = "upward"
        context["round"] = UpwardRound.objects.filter(leader=viewer).first()
    return context


@register.inclusion_tag("feedback/_notices.html")
def feedback_notices(viewer: Any) -> dict[str, Any]:
    """On Min side: an open upward round the person may answer, and 180° requests that wait
    for them as a leader."""
    context: dict[str, Any] = {"round": None, "to_answer": 0}
    if viewer.leader_id:
        rounds = UpwardRound.objects.answerable_by(viewer).exclude(participations__person=viewer)
        context["round"] = rounds.select_related("leader").first()
    if viewer.is_leader:
        context["to_answer"] = (
            ViewRequest.objects.visible_to(viewer).filter(leader=viewer).waiting().count()
        )
    return context


@register.inclusion_tag("feedback/_for_team.html")
def feedback_for_team(viewer: Any) -> dict[str, Any]:
    return {
        "round": UpwardRound.objects.filter(leader=viewer).first(),
        "to_answer": list(
            ViewRequest.objects.visible_to(viewer)
            .filter(leader=viewer)
            .waiting()
            .select_related("employee")
        ),
    }
