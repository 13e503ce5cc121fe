"""`{% health_table unit drivers %}`: one unit's helsenærvær, quarter by quarter, written here
rather than by a template: HR's page draws a table for each of up to a few hundred units, and
the template engine took most of its time (bench/hr_pages.py). Every text is escaped."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from aktiv.lib.templatetags.aktiv import one_decimal
from aktiv.pulse.results import UnitHealth

register = template.Library()


@functools.lru_cache(maxsize=32)
def _head(language: str, drivers: tuple[str, ...]) -> str:
    """The header row, the same for every unit of a page (`language` keys the cache)."""
    first = _("Kvartal")
    others = [_("Ansatte"), _("Sykefravær (%)"), _("Egenmeldt (%)"), _("Legemeldt (%)")]
    others += [_("Svar i pulsen"), *drivers]
    return f'<th scope="col">{escape(first)}</th>' + "".join(
        f'<th scope="col" class="num">{escape(text)}</th>' for text in others
    )


@register.simple_tag
def health_table(unit: UnitHealth, drivers: Sequence[Any]) -> SafeString:
    name = escape(unit.name)
    label = escape(_("Helsenærvær for %(name)s") % {"name": unit.name})
    head = _head(get_language() or "", tuple(str(driver.title) for driver in drivers))
    missing = escape(_("skjult eller mangler"))
    hidden = f'<td class="num">–</td><td class="num" colspan="3">{missing}</td>'
    rows = []
    for line in unit.lines:
        cells = [f'<th scope="row">{escape(line.label)}</th>']
        if line.people is None or line.absence is None:
            cells.append(hidden)
        else:
            cells.append(f'<td class="num">{line.people}</td>')
            for percent in (
                line.absence.total_percent,
                line.absence.self_percent,
                line.absence.doctor_percent,
            ):
                cells.append(f'<td class="num">{one_decimal(percent)}</td>')
        respondents = "–" if line.respondents is None else str(line.respondents)
        cells.append(f'<td class="num">{respondents}</td>')
        cells += [f'<td class="num">{one_decimal(mean)}</td>' for mean in line.means]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    if not rows:
        nothing = escape(_("Ingen tall ennå."))
        rows.append(f'<tr><td colspan="{len(drivers) + 6}">{nothing}</td></tr>')
    body = "\n".join(rows)
    # Every text in it is escaped above; numbers are written by one_decimal or int.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<div class="table-scroll" tabindex="0" role="region" aria-label="{label}">\n'
        f"<table><caption>{name}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{body}\n</tbody></table>\n</div>"
    )


@register.simple_tag
def unit_figure_rows(
    rows: Sequence[Any],
    openable: dict[Any, Any],
    drivers: Sequence[Any],
    round_uuid: Any,
    driver_key: str,
) -> SafeString:
    """The rows of the table beside HR's heatmap of units: a unit's means, or "skjult", and
    a link that opens the units under one (the same round and driver)."""
    link = escape(urlencode({"runde": str(round_uuid), "driver": driver_key}))
    show_under = escape(_("Vis enhetene under"))
    hidden = f'<td colspan="{len(drivers) + 1}">{escape(_("skjult: for få svar"))}</td>'
    parts = []
    for row in rows:
        name = escape(row.name)
        opener = ""
        if uuid := openable.get(row.key):
            label = escape(_("Vis enhetene under %(name)s") % {"name": row.name})
            opener = (
                f'\n  <a class="button button-small button-secondary"'
                f' href="?{link}&amp;enhet={uuid}#units-heading"'
                f' aria-label="{label}">{show_under}</a>'
            )
        if row.shown:
            cells = f'<td class="num">{row.respondents}</td>' + "".join(
                f'<td class="num">{one_decimal(mean)}</td>' for mean in row.cells
            )
        else:
            cells = hidden
        parts.append(
            f'<tr><th scope="row" class="depth-{row.depth}"><span class="unit-name">{name}'
            f"</span>{opener}</th>{cells}</tr>"
        )
    # Every text in it is escaped above; numbers are written by one_decimal or int.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def units_time_rows(rows: Sequence[tuple[str, int, Sequence[Any]]]) -> SafeString:
    """The rows of the table beside the heatmap of units over the rounds."""
    hidden = escape(_("skjult"))
    parts = []
    for name, depth, cells in rows:
        written = "".join(
            f'<td class="num">{hidden if cell == "skjult" else one_decimal(cell)}</td>'
            for cell in cells
        )
        parts.append(f'<tr><th scope="row" class="depth-{depth}">{escape(name)}</th>{written}</tr>')
    # Every text in it is escaped above; numbers are written by one_decimal.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec B308 B703
