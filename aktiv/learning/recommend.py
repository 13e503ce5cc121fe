"""Recommended learning sessions for one person, from their own results only.

The person's chosen development areas come first (they decided those), then their
dimensions from the lowest mean up. Sessions are taken round-robin over that ranking so the
first few recommendations cover several needs instead of three sessions for one."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from aktiv.assessments import definitions
from aktiv.assessments.models import FocusArea, Response
from aktiv.people.models import Person

from .models import LearningSession, RecommendedSession


@dataclass(frozen=True)
class DimensionInfo:
    key: str
    title: str
    instrument_key: str
    instrument_title: str


def known_dimensions() -> dict[str, DimensionInfo]:
    """Every dimension of the current instruments, in the instruments' order."""
    return {
        dim.key: DimensionInfo(dim.key, dim.title, instrument.key, instrument.title)
        for instrument in definitions.all_latest()
        for dim in instrument.dimensions
    }


def recommend_for(person: Person, limit: int = 3) -> list[LearningSession]:
    """For Min side: from the person's latest submitted response to each instrument."""
    responses = (
        Response.objects.owned_by(person)
        .submitted()
        .order_by("-submitted_at")
        .prefetch_related(
            "answers",
            Prefetch(
                "focus_areas",
                queryset=FocusArea.objects.filter(kind=FocusArea.Kind.DEVELOPMENT),
                to_attr="development_areas",
            ),
        )
    )
    latest: dict[str, Response] = {}
    for response in responses:
        latest.setdefault(response.instrument_key, response)
    return _sessions_for(_ranked_dimensions(latest.values()), limit)


def recommend_for_response(response: Response, limit: int = 3) -> list[LearningSession]:
    """For one result page: from that response alone."""
    if not response.is_submitted:
        return []
    return _sessions_for(_ranked_dimensions([response]), limit)


def recommend_for_responses(responses: Iterable[Response], limit: int = 3) -> list[LearningSession]:
    """From the given submitted responses only (the caller decides which the viewer may see:
    the evaluation draft passes the employee's own, or only those shared with the leader)."""
    return _sessions_for(_ranked_dimensions([r for r in responses if r.is_submitted]), limit)


def sessions_for_dimensions(dimension_keys: list[str], limit: int = 3) -> list[LearningSession]:
    """The catalogue's sessions for these dimensions, most relevant first (not personal)."""
    return _sessions_for(list(dict.fromkeys(dimension_keys)), limit)


def _chosen(response: Response) -> list[str]:
    areas = getattr(response, "development_areas", None)
    if areas is None and "focus_areas" in getattr(response, "_prefetched_objects_cache", {}):
        # All of the response's areas are loaded already: pick the development ones here.
        areas = sorted(
            (a for a in response.focus_areas.all() if a.kind == FocusArea.Kind.DEVELOPMENT),
            key=lambda area: area.position,
        )
    if areas is None:
        areas = response.focus_areas.filter(kind=FocusArea.Kind.DEVELOPMENT).order_by("position")
    keys = []
    for area in areas:
        try:
            keys.append(area.item.dimension_key)
        except KeyError:  # an item key the instrument version does not know: skip it
            continue
    return keys


def _ranked_dimensions(responses: Iterable[Response]) -> list[str]:
    chosen: list[str] = []
    scored: list[tuple[float, int, str]] = []
    for response in responses:
        chosen += _chosen(response)
        for result in response.dimension_results():
            if result.mean is not None:
                scored.append((result.mean, len(scored), result.dimension.key))
    lowest = [key for _mean, _position, key in sorted(scored)]
    return list(dict.fromkeys(chosen + lowest))


def _sessions_for(dimension_keys: list[str], limit: int) -> list[LearningSession]:
    if not dimension_keys or limit <= 0:
        return []
    entries = (
        RecommendedSession.objects.filter(
            recommendation__dimension_key__in=dimension_keys, session__is_active=True
        )
        .select_related("recommendation", "session")
        .order_by("position", "pk")
    )
    by_key: dict[str, list[LearningSession]] = {}
    for entry in entries:
        by_key.setdefault(entry.recommendation.dimension_key, []).append(entry.session)
    queues = [by_key.get(key, []) for key in dimension_keys]
    picked: dict[int, LearningSession] = {}
    for depth in range(max((len(q) for q in queues), default=0)):
        for queue in queues:
            if depth < len(queue) and queue[depth].pk not in picked:
                picked[queue[depth].pk] = queue[depth]
                if len(picked) == limit:
                    return list(picked.values())
    return list(picked.values())
