"""The unit tree: the one walk every page, figure and import uses. Units are loaded once and
walked in memory, so no caller makes a query per unit or per level. A loop in the tree (made
outside Aktiv) never hangs a walk: a unit is visited once, from its first parent reached."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .models import Unit

SEPARATOR = " / "


@dataclass
class UnitNode:
    """One unit in the tree, with its place and (when counted) its active head count."""

    unit: Unit
    depth: int
    names: tuple[str, ...]  # from the root down to this unit
    active_people: int = 0
    active_with_children: int = 0
    child_count: int = 0
    descendant_ids: list[int] = field(default_factory=list)  # itself and every unit below

    @property
    def path(self) -> str:
        return SEPARATOR.join(self.names)


def build_tree(
    given: Iterable[Unit], active_people: Mapping[int, int] | None = None
) -> list[UnitNode]:
    """Every unit depth-first, siblings by name, each with its depth, path and the units
    below it; head counts summed up the tree when `active_people` is given."""
    units = list(given)
    known = {unit.pk for unit in units}
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        # A unit whose parent was not given starts a tree of its own.
        children[unit.parent_id if unit.parent_id in known else None].append(unit)
    counts = active_people or {}
    nodes: list[UnitNode] = []
    seen: set[int] = set()

    def visit(parent: int | None, depth: int, prefix: tuple[str, ...]) -> list[UnitNode]:
        below: list[UnitNode] = []
        for unit in sorted(children.get(parent, []), key=lambda u: u.name):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            names = (*prefix, unit.name)
            node = UnitNode(unit, depth, names, active_people=counts.get(unit.pk, 0))
            nodes.append(node)
            descendants = visit(unit.pk, depth + 1, names)
            node.child_count = len(children.get(unit.pk, []))
            node.descendant_ids = [unit.pk] + [d.unit.pk for d in descendants]
            node.active_with_children = node.active_people + sum(
                d.active_people for d in descendants
            )
            below += [node, *descendants]
        return below

    visit(None, 0, ())
    return nodes


def unit_tree() -> list[UnitNode]:
    """The whole tree with active head counts, from one query."""
    units = list(
        Unit.objects.annotate(active_people=Count("members", filter=Q(members__is_active=True)))
    )
    return build_tree(units, {u.pk: u.active_people for u in units})


def path_of(unit: Unit) -> str:
    """One unit's "Root / Child / Unit", walking up from it (a query a level): for a page
    that names one unit, where loading the whole tree would cost more."""
    names: list[str] = []
    seen: set[int] = set()
    node: Unit | None = unit
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        names.insert(0, node.name)
        node = node.parent
    return SEPARATOR.join(names)


def unit_paths(units: Iterable[Unit] | None = None) -> dict[int, str]:
    """Unit id → "Root / Child / Unit" (from the given units, or one query)."""
    loaded = Unit.objects.all() if units is None else units
    return {node.unit.pk: node.path for node in build_tree(loaded)}
