"""`{% health_table unit drivers %}`: one unit's helsenærvær, quarter by quarter, written here
rather than by a template: HR's page draws a table for each of up to a few hundred units, and
the template engine took most of its time (bench/hr_pages.py). Every text is escaped."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

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
    rows = []
    for line in unit.lines:
        cells = [f'<th scope="row">{escape(line.label)}</th>']
        if line.people is None or line.absence is None:
            hidden = escape(_("skjult eller mangler"))
            cells.append(f'<td class="num">–</td><td class="num" colspan="3">{hidden}</td>')
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
