"""The goals a person's worksheets may start from (registered in lib.hooks)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aktiv.conversations.models import Period

from .models import Goal


def organisation_needs(person: Any) -> list[str]:
    """The titles of the current period's goals the person can see: the organisation's, then
    their own unit's and the units' above it (not those of units they lead people in)."""
    period = Period.objects.current(timezone.localdate())
    if period is None:
        return []
    units, unit = [], person.unit
    while unit is not None and unit.pk not in units:
        units.append(unit.pk)
        unit = unit.parent
    goals = Goal.objects.filter(period=period).filter(
        level=Goal.Level.ORGANISATION
    ) | Goal.objects.filter(period=period, unit__in=units)
    titles: list[str] = []
    for title in goals.order_by("level", "title").values_list("title", flat=True):
        if title.casefold() not in {t.casefold() for t in titles}:
            titles.append(title)
    return titles
