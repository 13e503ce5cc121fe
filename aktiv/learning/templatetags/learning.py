"""Learning sessions on other apps' pages. A template tag, so the self-assessment result page
can show them without the assessments app importing learning (which builds on assessments)."""

from __future__ import annotations

from typing import Any

from django import template

from aktiv.assessments.models import Response

from ..recommend import recommend_for_response, sessions_for_dimensions

register = template.Library()


@register.inclusion_tag("learning/_recommendations.html")
def sessions_for_response(response: Response) -> dict[str, Any]:
    """The sessions recommended from one response (for its owner's eyes: the caller checks)."""
    return {"sessions": recommend_for_response(response)}


@register.inclusion_tag("learning/_dimension_sessions.html")
def sessions_for_dimension_keys(keys: list[str], limit: int = 3) -> dict[str, Any]:
    """The catalogue's sessions for some instrument dimensions (e.g. a reflection tool's
    marks): the same for everyone, so nothing personal is shown."""
    return {"sessions": sessions_for_dimensions(list(keys), limit)}
