"""Language in templates (issue #13), a builtin in every template (settings.TEMPLATES).

`{% lang_of code %}`: a `lang` attribute for a passage written in another language than the
page (WCAG 3.1.2), e.g. notes written under an assessment answered in English, read by a
leader who reads Aktiv in nynorsk. Nothing when the language is unknown or the page's own.

`|date:"j. F Y"`: Django's date filter, written the English way on an English page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters
from django.utils.html import format_html
from django.utils.safestring import SafeString

from aktiv.lib.content import language_code
from aktiv.lib.dates import date_format_for

register = template.Library()


@register.simple_tag
def lang_of(code: str | None) -> SafeString:
    if not code or language_code(code) == language_code():
        return SafeString("")
    return format_html(' lang="{}"', language_code(code))


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, with the format written for the page's language. Installed as
    a template builtin (settings.TEMPLATES), so every `|date:"j. F Y"` follows the reader."""
    return str(defaultfilters.date(value, date_format_for(arg)))
