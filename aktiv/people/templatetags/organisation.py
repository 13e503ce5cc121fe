"""`{% unit_rows rows %}`: the organisation page's unit tree rows, written here rather than
by a template loop: the page shows the top of a tree of up to thousands of units, and the
template engine took most of its time (bench/hr_pages.py). Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from aktiv.people.units import UnitNode

register = template.Library()

# The links are reversed once a page with this in place of a unit's UUID, then filled in.
_ANY = "00000000-0000-0000-0000-000000000000"


@register.simple_tag
def unit_rows(rows: Sequence[UnitNode]) -> SafeString:
    index = reverse("organisation:index")
    under = reverse("organisation:unit_rows", args=[_ANY])
    edit = reverse("organisation:unit_edit", args=[_ANY])
    show_under, change = escape(_("Vis enhetene under")), escape(_("Endre"))
    show_people, in_ = escape(_("Vis personer")), escape(_("i"))
    parts = []
    for node in rows:
        uuid = str(node.unit.uuid)
        path = escape(node.path)
        opener = ""
        if node.child_count and not node.opened:
            label = escape(_("Vis enhetene under %(name)s") % {"name": node.path})
            opener = (
                f'\n    <a class="button button-small button-secondary"'
                f' href="{index}?enhet={uuid}" hx-get="{under.replace(_ANY, uuid)}'
                f'?dybde={node.depth}" hx-target="closest tr" hx-swap="outerHTML"'
                f' aria-label="{label}">{show_under}</a>'
            )
        parent = node.unit.parent
        scope = f"enhet={parent.uuid}&amp;" if parent is not None else ""
        parts.append(
            f'<tr>\n  <th scope="row" class="org-depth org-depth-{min(node.depth, 6)}">'
            f'\n    <span class="org-unit-name">{escape(node.unit.name)}</span>{opener}\n  </th>'
            f'\n  <td class="num">{node.active_people}</td>'
            f'\n  <td class="num">{node.active_with_children}</td>'
            f'\n  <td class="org-row-actions">'
            f'\n    <a href="{edit.replace(_ANY, uuid)}">{change}'
            f'<span class="visually-hidden"> {path}</span></a>'
            f'\n    <a href="{index}?{scope}unit={uuid}#people-heading">{show_people}'
            f'<span class="visually-hidden"> {in_} {path}</span></a>\n  </td>\n</tr>'
        )
    # Every text in it is escaped above; the rest are numbers, UUIDs and our own paths.
    return mark_safe("\n".join(parts))  # noqa: S308  # nosec B308 B703
