"""The pulse's gated figures, computed by the worker's sweep and kept per unit (issue #11).

Every closed round's figures and every quarter's helsenærvær go through gates over the whole
unit tree (results.py); at 100,000 people that takes seconds. The sweep computes them once
whenever what goes in has changed (the fingerprint: the tree's shape, the threshold, the
closed rounds, which take no answers once closed, and the sick leave) and stores one row per
unit. A page asks whether the stored snapshot still matches the database, and then reads the
rows of the units it shows; otherwise it computes them as before, so a page never shows
figures the data no longer bears. The stored rows are the gates' own output, all from one
computation: a subset of them cannot be subtracted from one another any more than the
whole."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.lib.anonymity import configured_threshold
from aktiv.people.models import Unit
from aktiv.people.units import build_tree, top_of_tree, tree_key

from . import definitions
from .models import Round, SickLeave, Snapshot, SnapshotRow
from .results import (
    ORGANISATION,
    Absence,
    HealthLine,
    Key,
    RoundFigures,
    UnitHealth,
    UnitPulse,
    closed_rounds,
    health_presence,
    round_figures,
)


def fingerprint(rounds: list[Round]) -> str:
    """What the figures are computed from, in a few aggregate queries."""
    parts = [tree_key(), str(configured_threshold())]
    for round_ in rounds:
        # A closed round takes no more answers (pulse_submit refuses them): its id, dates
        # and units say what its figures are computed from, without counting its answers.
        covered = sorted(unit.pk for unit in round_.units.all())
        parts.append(
            f"{round_.pk}:{round_.pulse_version}:{round_.opens_on}:{round_.closes_on}:{covered}"
        )
    sick = SickLeave.objects.aggregate(
        n=Count("pk"),
        last=Max("pk"),
        possible=Sum("possible_days"),
        own=Sum("self_certified_days"),
        doctor=Sum("doctor_certified_days"),
        heads=Sum("head_count"),
    )
    parts.append(repr(sorted(sick.items())))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _line(line: HealthLine) -> list[Any]:
    absence = line.absence
    return [
        list(line.quarter),
        [str(absence.possible), str(absence.self_certified), str(absence.doctor_certified)]
        if absence is not None
        else None,
        line.people,
        line.respondents,
        list(line.means),
    ]


def _unline(data: list[Any]) -> HealthLine:
    quarter, absence, people, respondents, means = data
    return HealthLine(
        (quarter[0], quarter[1]),
        Absence(Decimal(absence[0]), Decimal(absence[1]), Decimal(absence[2]))
        if absence is not None
        else None,
        people,
        respondents,
        tuple(means),
    )


def snapshot_refresh(today: date | None = None) -> bool:
    """The worker's sweep: compute and store the figures when what goes into them has changed
    since the last snapshot. True when it computed."""
    today = today or timezone.localdate()
    rounds = closed_rounds(today)
    mark = fingerprint(rounds)
    latest = Snapshot.objects.order_by("-computed_at").first()
    if latest is not None and latest.fingerprint == mark:
        return False
    nodes = build_tree(Unit.objects.all())
    figures = round_figures(rounds, nodes=nodes)
    _pulse, health = health_presence(today, nodes=nodes, rounds=rounds, figures=figures)
    rows: dict[Key, SnapshotRow] = {}

    def row_of(key: Key) -> SnapshotRow:
        if key not in rows:
            rows[key] = SnapshotRow(unit_id=None if key == ORGANISATION else key)
        return rows[key]

    for round_id, found in figures.items():
        for unit_row in found.rows:
            row_of(unit_row.key).rounds[str(round_id)] = [
                unit_row.shown,
                unit_row.respondents,
                unit_row.means,
            ]
    for unit in health:
        row_of(unit.key).health = [_line(line) for line in unit.lines]
    with transaction.atomic():
        made = Snapshot.objects.create(fingerprint=mark, computed_at=timezone.now())
        for row in rows.values():
            row.snapshot = made
        SnapshotRow.objects.bulk_create(rows.values(), batch_size=2000)
        Snapshot.objects.exclude(pk=made.pk).delete()
    return True


def current(rounds: list[Round]) -> Snapshot | None:
    """The stored snapshot, if it was computed from what the database holds now."""
    latest = Snapshot.objects.order_by("-computed_at").first()
    if latest is None or latest.fingerprint != fingerprint(rounds):
        return None
    return latest


Shown = list[tuple[Key, str, int]]  # (unit id or ORGANISATION, name, depth), in page order


def _rows(snapshot: Snapshot, keys: Iterable[Key]) -> dict[Key, SnapshotRow]:
    ids = [key for key in keys if key != ORGANISATION]
    found = snapshot.rows.filter(Q(unit_id__in=ids) | Q(unit__isnull=True))
    return {row.unit_id if row.unit_id is not None else ORGANISATION: row for row in found}


def stored_round_figures(
    snapshot: Snapshot, rounds: list[Round], shown: Shown
) -> dict[int, RoundFigures]:
    """Each round's figures for the rows shown, as results.round_figures gives them."""
    stored = _rows(snapshot, [key for key, _name, _depth in shown])
    figures = {}
    for round_ in rounds:
        pulse = definitions.get(round_.pulse_version)
        rows = []
        for key, name, depth in shown:
            row = stored.get(key)
            data = row.rounds.get(str(round_.pk)) if row is not None else None
            if not data or not data[0]:
                rows.append(
                    UnitPulse(key, name, depth, False, 0, {}, tuple(None for _ in pulse.drivers))
                )
                continue
            means = data[2]
            cells = tuple(means.get(driver.key) for driver in pulse.drivers)
            rows.append(UnitPulse(key, name, depth, True, data[1], means, cells))
        figures[round_.pk] = RoundFigures(round_, pulse, rows)
    return figures


def stored_health(snapshot: Snapshot, shown: Shown) -> list[UnitHealth]:
    """The helsenærvær of the units shown (those with a quarter the gate lets through)."""
    stored = _rows(snapshot, [key for key, _name, _depth in shown])
    units = []
    for key, name, depth in shown:
        row = stored.get(key)
        if row is not None and row.health:
            units.append(UnitHealth(key, name, depth, [_unline(line) for line in row.health]))
    return units


def page_units(top: Unit | None) -> tuple[Shown, dict[Key, Unit]]:
    """The organisation's row, then the top units and their children (or `top` and its
    children), as the pulse pages list them; and which of them can be opened."""
    units, _several = top_of_tree(top)
    # The organisation first (the over-time figures read it), then the units a level in.
    shown: Shown = [(ORGANISATION, _("Hele organisasjonen"), 0)]
    openable = {}
    for unit, depth, has_children in units:
        shown.append((unit.pk, unit.name, depth + 1))
        opened = unit.pk == top.pk if top is not None else unit.parent_id is None
        if has_children and not opened:
            openable[unit.pk] = unit
    return shown, openable


def limited(figures: dict[int, RoundFigures], shown: Shown) -> dict[int, RoundFigures]:
    """Figures computed over the whole tree, cut to the rows shown (before the sweep)."""
    cut = {}
    for round_id, found in figures.items():
        rows = []
        for key, name, depth in shown:
            row = found.row(key)
            if row is None:
                blank = tuple(None for _ in found.pulse.drivers)
                row = UnitPulse(key, name, depth, False, 0, {}, blank)
            rows.append(replace(row, name=name, depth=depth))
        cut[round_id] = RoundFigures(found.round, found.pulse, rows)
    return cut


def round_figures_shown(
    rounds: list[Round], shown: Shown, only: list[Round] | None = None
) -> dict[int, RoundFigures]:
    """The figures for the rows a page shows, of the rounds `only` (default: all the closed
    `rounds`, which say whether the stored figures are current): stored, or computed now."""
    wanted = rounds if only is None else only
    if not wanted:
        return {}
    snapshot = current(rounds)
    if snapshot is not None:
        return stored_round_figures(snapshot, wanted, shown)
    return limited(round_figures(wanted), shown)


def health_shown(today: date, shown: Shown) -> tuple[definitions.Pulse, list[UnitHealth]]:
    """The helsenærvær of the units a page shows: stored, or computed now."""
    rounds = closed_rounds(today)
    snapshot = current(rounds)
    if snapshot is not None:
        return definitions.latest(), stored_health(snapshot, shown)
    keys = {key: (name, depth) for key, name, depth in shown}
    pulse, units = health_presence(today, only=set(keys), rounds=rounds)
    found = {unit.key: unit for unit in units}
    return pulse, [
        replace(found[key], name=name, depth=depth) for key, name, depth in shown if key in found
    ]
