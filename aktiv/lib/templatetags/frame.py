"""The site's frame (base.html) at a fraction of its cost: every page pays for it.

`{% nav_section as section %}`: which item of the menu the page belongs to, worked out once
in Python instead of a dozen `{% if %}`s over `request.resolver_match` in the template.

`{% once_per "name" a b %}…{% endonce_per %}`: renders its content once per process for each
language and each combination of the values named, and then serves that text. Only for parts
of the frame that are the same for everyone with the same values: the menu (the person's
roles and the page's section), the footer. Nothing personal may be inside (a name, a count,
a CSRF token): those stay outside the block. The values come from small fixed sets, so the
memory stays a few kilobytes; translations and URLs change only with a restart."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# A bound on the entries kept, far above what the fixed sets of values make (a few hundred),
# so that a mistake in a template (a personal value as a key) costs memory only up to here.
MAX_ENTRIES = 2000
_rendered: dict[tuple[Any, ...], SafeString] = {}


@receiver(setting_changed)
def _forget_on_new_settings(**kwargs: Any) -> None:
    # A test that changes the static files' storage or the languages renders anew.
    _rendered.clear()


HR_NAMESPACES = frozenset({"organisation", "insights"})
TOOL_NAMESPACES = frozenset({"assessments", "reflections"})
PULSE_PAGES = frozenset({"index", "round", "submit"})


def section_of(namespace: str, url_name: str, shared_view: bool, route: str = "") -> str:
    """The menu item a page is under ("" for none): the rules the menu had as template
    conditions, and every page under an `hr/` part of the address is under HR (the pulse's,
    upward feedback's, privacy's and integrations' HR pages had no item marked).
    tests/lib/test_frame.py walks every URL."""
    if url_name == "home":
        return "home"
    if shared_view:
        # Someone else's shared tool: the leader reached it from the team.
        return "team"
    if namespace in TOOL_NAMESPACES:
        return "tools"
    if (namespace == "conversations" and url_name != "calendar_settings") or namespace == "goals":
        return "conversations"
    if namespace == "pulse" and url_name in PULSE_PAGES:
        return "pulse"
    if (
        url_name == "hr_home"
        or "hr" in route.split("/")
        or namespace in HR_NAMESPACES
        or (namespace == "expectations" and url_name != "current")
    ):
        return "hr"
    if url_name == "team":
        return "team"
    if namespace == "notifications":
        return "inbox"
    return ""


@register.simple_tag(takes_context=True)
def nav_section(context: Context) -> str:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return section_of(
        match.namespace or "",
        match.url_name or "",
        bool(context.get("is_shared_view")),
        match.route or "",
    )


class OncePerNode(template.Node):
    # Not walked when a page that extends base.html looks for its blocks (on every render):
    # no block may stand inside.
    child_nodelists = ()

    def __init__(self, nodelist: NodeList, name: str, values: list[FilterExpression]):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context: Context) -> SafeString:
        key = (
            self.name,
            get_language(),
            get_script_prefix(),
            *(value.resolve(context) for value in self.values),
        )
        text = _rendered.get(key)
        if text is None:
            if len(_rendered) >= MAX_ENTRIES:
                _rendered.clear()
            # Rendered, and so escaped, by the template engine: a SafeString already.
            text = _rendered[key] = self.nodelist.render(context)
        return text


@register.tag("once_per")
def once_per(parser: Parser, token: Token) -> OncePerNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% once_per "name" value … %}')
    nodelist = parser.parse(("endonce_per",))
    parser.delete_first_token()
    return OncePerNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
