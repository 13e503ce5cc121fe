"""The unit tree: the one walk every page, figure and import uses. Units are loaded once and
walked in memory, so no caller makes a query per unit or per level. A loop in the tree (made
outside Aktiv) never hangs a walk: a unit is visited once, from its first parent reached."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from difflib import get_close_matches
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Person, Unit, UnitMove

SEPARATOR = " / "


def end_of(day: date) -> datetime:
    """The first moment after `day` (a period's last day), in Aktiv's time zone."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def units_at(moment: datetime, db: str = "default") -> list[Unit]:
    """Every unit, each under the parent it had at `moment`: the moves made since are undone,
    the newest first (in memory; nothing is saved). Figures of a closed period are drawn on
    this tree, so that moving a unit afterwards changes none of them (a small unit moved
    from one shown parent to another would otherwise reveal its people's answers as the
    difference). A unit made since keeps its place: it holds nothing from before."""
    units = list(Unit.objects.using(db))
    moves = (
        UnitMove.objects.using(db)
        .filter(moved_at__gte=moment)
        .order_by("-moved_at", "-pk")
        .values_list("unit_id", "from_parent_id")
    )
    parents = {unit.pk: unit.parent_id for unit in units}
    for unit_id, from_parent in moves:
        parents[unit_id] = from_parent
    for unit in units:
        if unit.parent_id != parents[unit.pk]:
            unit.parent_id = parents[unit.pk]
    return units


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
    opened: bool = False  # its children are shown below it

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


# {table} is the unit model's own table name, quoted by the backend.
_ANCESTRY = (
    "WITH RECURSIVE up(id, parent_id, name) AS ("
    "SELECT id, parent_id, name FROM {table} WHERE id = %s "
    "UNION SELECT u.id, u.parent_id, u.name FROM {table} u JOIN up ON u.id = up.parent_id"
    ") SELECT id, parent_id, name FROM up"
)


def ancestry(unit_id: int) -> list[tuple[int, str]]:
    """(id, name) of a unit and every unit above it, from the root down: one recursive query
    however deep the tree (it was a query a level). UNION drops a row already read, so a
    loop made outside Aktiv ends the walk instead of hanging it."""
    connection = connections[router.db_for_read(Unit)]
    table = connection.ops.quote_name(Unit._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(_ANCESTRY.format(table=table), [unit_id])
        rows = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    chain: list[tuple[int, str]] = []
    seen: set[int] = set()
    node: int | None = unit_id
    while node is not None and node in rows and node not in seen:
        seen.add(node)
        parent, name = rows[node]
        chain.insert(0, (node, name))
        node = parent
    return chain


def opened_unit(request: HttpRequest) -> Unit | None:
    """The unit a figure or tree page opens with `?enhet=<uuid>` (with its parent, for its
    row's links): none when not given, a 404 for anything else, as for a unit that does not
    exist."""
    value = request.GET.get("enhet", "")
    if not value:
        return None
    try:
        return Unit.objects.select_related("parent").get(uuid=UUID(value))
    except (ValueError, Unit.DoesNotExist):
        raise Http404 from None


def path_of(unit: Unit) -> str:
    """One unit's "Root / Child / Unit": for a page that names one unit, where loading the
    whole tree would cost more."""
    return SEPARATOR.join(name for _id, name in ancestry(unit.pk))


def unit_paths(units: Iterable[Unit] | None = None) -> dict[int, str]:
    """Unit id → "Root / Child / Unit" (from the given units, or one query)."""
    loaded = Unit.objects.all() if units is None else units
    return {node.unit.pk: node.path for node in build_tree(loaded)}


def _names_of(units: Iterable[Unit]) -> dict[int, tuple[str, ...]]:
    """Unit id → its names from the root down, for the given units: their ancestors read a
    level at a time (a query per level of the deepest, however many units are given)."""
    known: dict[int, tuple[int | None, str]] = {u.pk: (u.parent_id, u.name) for u in units}
    given, asked = list(known), set(known)
    while missing := {p for p, _n in known.values() if p is not None and p not in asked}:
        asked |= missing
        rows = Unit.objects.filter(pk__in=missing).values_list("pk", "parent_id", "name")
        known |= {pk: (parent, name) for pk, parent, name in rows}
    names: dict[int, tuple[str, ...]] = {}
    for pk in given:
        up: list[str] = []
        seen: set[int] = set()
        node: int | None = pk
        while node is not None and node in known and node not in seen:
            seen.add(node)
            node, name = known[node]
            up.insert(0, name)
        names[pk] = tuple(up)
    return names


def paths_of(units: Iterable[Unit]) -> dict[int, str]:
    """Unit id → "Root / Child / Unit" for a page's few units, without loading the tree."""
    return {pk: SEPARATOR.join(names) for pk, names in _names_of(units).items()}


@dataclass
class Outline:
    """The whole tree as ids (which units are under which) with each unit's own active head
    count: two queries of small rows, for sums over what is below a unit."""

    children: dict[int | None, list[int]]
    active: dict[int, int]
    _totals: dict[int, int] = field(default_factory=dict)

    def below(self, pk: int) -> list[int]:
        """The unit and every unit under it, each once (also in a loop made outside Aktiv)."""
        found: list[int] = []
        seen: set[int] = set()
        stack = [pk]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                found.append(current)
                stack.extend(self.children.get(current, []))
        return found

    def active_below(self, pk: int) -> int:
        """The active people in the unit and under it. The sums of every unit walked are
        kept, so a page's rows (a unit and its children) walk the tree once in all."""
        if pk not in self._totals:
            for unit in reversed(self.below(pk)):  # the units below before their parents
                self._totals.setdefault(
                    unit,
                    self.active.get(unit, 0)
                    + sum(self._totals.get(c, 0) for c in self.children.get(unit, [])),
                )
        return self._totals[pk]


def outline(top: Unit | None = None) -> Outline:
    """The tree's ids, with head counts for `top` and the units under it (for every unit
    when not given): a unit opened deep in the tree counts its own people, not everyone."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent in Unit.objects.values_list("pk", "parent_id").order_by():
        children[parent].append(pk)
    tree = Outline(children, {})
    people = Person.objects.filter(is_active=True, unit__isnull=False)
    if top is not None:
        people = people.filter(unit_id__in=tree.below(top.pk))
    counts = people.values_list("unit_id").annotate(n=Count("pk")).order_by()
    tree.active = {unit: n for unit, n in counts}
    return tree


def tree_rows(top: Unit | None, tree: Outline, *, depth: int = 0) -> list[UnitNode]:
    """The rows HR sees of the tree: the top units and the units right under them, or `top`
    and the units right under it; each with its active head count, alone and with what is
    below it. Only the rows shown are read (`depth` is where `top` sits on the page)."""
    roots = list(Unit.objects.filter(parent__isnull=True)) if top is None else [top]
    names = _names_of(roots)
    under: dict[int, list[Unit]] = defaultdict(list)
    for child in Unit.objects.filter(parent__in=roots).select_related("parent"):
        under[child.parent_id or 0].append(child)
    rows: list[UnitNode] = []
    for root in sorted(roots, key=lambda u: u.name):
        rows.append(_node(root, depth, names[root.pk], tree, opened=True))
        for child in sorted(under[root.pk], key=lambda u: u.name):
            rows.append(_node(child, depth + 1, (*names[root.pk], child.name), tree))
    return rows


def _node(
    unit: Unit, depth: int, names: tuple[str, ...], tree: Outline, *, opened: bool = False
) -> UnitNode:
    return UnitNode(
        unit,
        depth,
        names,
        active_people=tree.active.get(unit.pk, 0),
        active_with_children=tree.active_below(unit.pk),
        child_count=len(tree.children.get(unit.pk, [])),
        opened=opened,
    )


FOUND_MAX = 20


def units_named(text: str) -> tuple[list[tuple[Unit, str]], bool]:
    """The first units (by name) whose name has `text` in it, each with its path, and
    whether there are more: a search that reads a page of units, not the tree."""
    found = list(
        Unit.objects.filter(name__icontains=text).select_related("parent")[: FOUND_MAX + 1]
    )
    paths = paths_of(found[:FOUND_MAX])
    return [(unit, paths[unit.pk]) for unit in found[:FOUND_MAX]], len(found) > FOUND_MAX


# A form may offer every unit's path to choose from up to this many units; above it, HR
# types the path (a longer list would make the page grow with the organisation).
FEW_UNITS = 200


def few_paths() -> list[str]:
    """Every unit's path in tree order when there are at most FEW_UNITS units, else none."""
    units = list(Unit.objects.all()[: FEW_UNITS + 1])
    return [] if len(units) > FEW_UNITS else [node.path for node in build_tree(units)]


def _listed(paths: Iterable[str]) -> str:
    return ", ".join(f"«{path}»" for path in sorted(paths)[:5])


def unit_find(text: str) -> Unit:
    """The unit HR wrote as its path ("Kommune / Oppvekst / Skole"), the end of its path
    ("Oppvekst / Skole"), or its name alone when no other unit has it. When none or several
    fit, a ValidationError names the closest paths."""
    wanted = tuple(part.strip() for part in text.split("/"))
    if not all(wanted):
        raise ValidationError(
            _(
                "Skriv enhetens navn, eller stien med «/» mellom nivåene, for eksempel "
                "«%(example)s»."
            )
            % {"example": "Kommune / Oppvekst"}
        )
    folded = tuple(part.casefold() for part in wanted)
    same_name = list(Unit.objects.filter(name__iexact=wanted[-1]))
    names = _names_of(same_name)
    fits = [
        u for u in same_name if tuple(n.casefold() for n in names[u.pk][-len(folded) :]) == folded
    ]
    if len(fits) == 1:
        return fits[0]
    shown = SEPARATOR.join(wanted)
    if fits:
        raise ValidationError(
            _("Flere enheter passer med «%(text)s»: %(paths)s. Skriv hele stien.")
            % {"text": shown, "paths": _listed(SEPARATOR.join(names[u.pk]) for u in fits)}
        )
    close = same_name or _similar(wanted[-1])
    if not close:
        raise ValidationError(
            _("Fant ingen enhet «%(text)s». Sjekk skrivemåten, eller opprett enheten først.")
            % {"text": shown}
        )
    raise ValidationError(
        _("Fant ingen enhet «%(text)s». Mente du %(paths)s?")
        % {"text": shown, "paths": _listed(paths_of(close).values())}
    )


def _similar(name: str) -> list[Unit]:
    """Units whose name is close to `name` (a typo), or has it in it: at most five."""
    every = {n.casefold(): n for n in Unit.objects.values_list("name", flat=True)}
    close = [every[n] for n in get_close_matches(name.casefold(), every, n=5, cutoff=0.75)]
    found = Q(name__in=close) | Q(name__icontains=name) if len(name) > 2 else Q(name__in=close)
    return list(Unit.objects.filter(found)[:5])


def top_of_tree(
    top: Unit | None = None, db: str = "default"
) -> tuple[list[tuple[Unit, int, bool]], bool]:
    """The units a page of figures shows, in tree order, each with its depth and whether
    units lie below it: the top units and their children, or `top` and its children (one
    query, whatever the size of the tree). And whether there are several top units (then the
    whole organisation has a row of its own above them)."""
    units = Unit.objects.using(db).annotate(
        has_children=Exists(Unit.objects.using(db).filter(parent=OuterRef("pk")))
    )
    found: list[Unit]
    if top is None:
        found = list(units.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True)))
        roots = sorted((u for u in found if u.parent_id is None), key=lambda u: u.name)
    else:
        found = list(units.filter(Q(pk=top.pk) | Q(parent=top)))
        roots = [u for u in found if u.pk == top.pk]
    several_tops = top is None and len(roots) > 1
    shift = 1 if several_tops else 0
    children: dict[int, list[Unit]] = defaultdict(list)
    for unit in found:
        if unit not in roots and unit.parent_id is not None:
            children[unit.parent_id].append(unit)
    ordered: list[tuple[Unit, int, bool]] = []
    for root in roots:
        ordered.append((root, shift, bool(getattr(root, "has_children", False))))
        for child in sorted(children[root.pk], key=lambda u: u.name):
            ordered.append((child, shift + 1, bool(getattr(child, "has_children", False))))
    return ordered, several_tops


def tree_key(db: str = "default") -> str:
    """A fingerprint of the unit tree's shape (every unit's parent): stored figures computed
    under another shape are computed again by the sweep. Names are read when shown."""
    shape = Unit.objects.using(db).order_by("pk").values_list("pk", "parent_id")
    text = ";".join(f"{unit}:{parent or ''}" for unit, parent in shape)
    return hashlib.sha256(text.encode()).hexdigest()
