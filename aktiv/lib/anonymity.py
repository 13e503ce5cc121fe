"""The one anonymity gate (PRODUCT.md section 3). Every figure about a group — a count, a
mean, a chart, an export — is shown only for units this gate lets through.

A unit's figure describes everyone in the unit and the units below it. The gate hides:
1. a unit with fewer than `threshold` distinct people;
2. whatever could be worked out by subtraction: for each shown unit, the people not covered
   by its shown descendants (its total minus the totals of its topmost shown descendants)
   must be none or at least `threshold`. When they are too few, the smallest of those shown
   descendants is hidden too (the "next-smallest sibling"), until the rest reaches the
   threshold or nothing below is shown.
Hiding only ever grows, so the loop ends; the result does not depend on the order units
are visited in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings

UnitId = Hashable
MINIMUM_THRESHOLD = 3


def configured_threshold() -> int:
    return max(MINIMUM_THRESHOLD, int(settings.ANONYMITY_THRESHOLD))


@dataclass(frozen=True)
class Gate:
    shown: frozenset[UnitId]
    totals: Mapping[UnitId, int]

    def allows(self, unit: UnitId) -> bool:
        return unit in self.shown


def subtree_people(
    parents: Mapping[UnitId, UnitId | None], people: Mapping[UnitId, Iterable[Hashable]]
) -> dict[UnitId, set[Hashable]]:
    members: dict[UnitId, set[Hashable]] = {unit: set(people.get(unit, ())) for unit in parents}
    for unit, direct in people.items():
        seen: set[UnitId] = set()
        node = parents.get(unit)
        while node is not None and node not in seen:
            seen.add(node)
            members.setdefault(node, set()).update(direct)
            node = parents.get(node)
    return members


def _topmost_shown_below(
    unit: UnitId, children: Mapping[UnitId, list[UnitId]], shown: set[UnitId]
) -> list[UnitId]:
    found, stack = [], list(children.get(unit, ()))
    while stack:
        node = stack.pop()
        if node in shown:
            found.append(node)
        else:
            stack.extend(children.get(node, ()))
    return found


def gate(
    parents: Mapping[UnitId, UnitId | None],
    people: Mapping[UnitId, Iterable[Hashable]],
    threshold: int | None = None,
) -> Gate:
    """`parents` maps every unit to its parent (None at the top); `people` maps units to the
    distinct people the figure counts directly in that unit."""
    members = subtree_people(parents, people)

    def rest(unit: UnitId, below: list[UnitId]) -> int:
        covered = set().union(*(members[d] for d in below)) if below else set()
        return len(members[unit] - covered)

    totals = {unit: len(group) for unit, group in members.items()}
    return _settle(parents, totals, threshold, rest)


def _settle(
    parents: Mapping[UnitId, UnitId | None],
    totals: Mapping[UnitId, int],
    threshold: int | None,
    rest: Callable[[UnitId, list[UnitId]], int],
) -> Gate:
    """Rules 1 and 2 of the module's docstring over the subtree totals; `rest` is how many
    people of a shown unit its topmost shown descendants (given) do not cover."""
    k = max(MINIMUM_THRESHOLD, threshold if threshold is not None else configured_threshold())
    children: dict[UnitId, list[UnitId]] = defaultdict(list)  # only units with units below
    for unit, parent in parents.items():
        if parent is not None:
            children[parent].append(unit)
    shown = {unit for unit, total in totals.items() if total >= k}
    changed = True
    while changed:
        changed = False
        for unit in sorted(shown, key=str):
            if unit not in shown:
                continue
            below = _topmost_shown_below(unit, children, shown)
            if 0 < rest(unit, below) < k and below:
                smallest = min(below, key=lambda d: (totals[d], str(d)))
                shown.discard(smallest)
                changed = True
    return Gate(frozenset(shown), totals)


def subtree_totals(
    parents: Mapping[UnitId, UnitId | None], counts: Mapping[UnitId, int]
) -> dict[UnitId, int]:
    """Each unit's count with the units below it, for counts of people in one unit each."""
    totals: dict[UnitId, int] = dict.fromkeys(parents, 0)
    for unit, count in counts.items():
        totals[unit] = totals.get(unit, 0) + count
        seen: set[UnitId] = {unit}
        node = parents.get(unit)
        while node is not None and node not in seen:
            seen.add(node)
            totals[node] = totals.get(node, 0) + count
            node = parents.get(node)
    return totals


def gate_counts(
    parents: Mapping[UnitId, UnitId | None],
    counts: Mapping[UnitId, int],
    threshold: int | None = None,
) -> Gate:
    """The same gate for a figure that counts each person in exactly one unit (their unit,
    or where they stood when they did something once): then a subtree's people are the sum
    of its units' counts, and what is left under a shown unit is its total minus the totals
    of its topmost shown descendants. It reads a count per unit instead of every person's
    id (at 100,000 people the sets took most of a page's time). tests/lib/test_anonymity.py
    holds it equal to `gate` on such figures."""
    totals = subtree_totals(parents, counts)
    return _settle(
        parents, totals, threshold, lambda unit, below: totals[unit] - sum(totals[d] for d in below)
    )
