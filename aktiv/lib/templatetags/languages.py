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

register = template.Library()


@register.simple_tag
def lang_of(code: str | None) -> SafeString:
    if not code or language_code(code) == language_code():
        return SafeString("")
    return format_html(' lang="{}"', language_code(code))


# Templates write dates the Norwegian way ("j. F Y \k\l. H:i"). Read in English, the same
# moment is written the English way; nynorsk writes dates as bokmål does. Month and weekday
# names come from Django's catalogues in every language.
ENGLISH_DATES = {
    "j. F Y": "j F Y",
    "j. F Y H:i": "j F Y H:i",
    "j. F": "j F",
    "j. F H:i": "j F H:i",
    "l j. F": "l j F",
    "l j. F Y": "l j F Y",
    "j. F Y \\k\\l. H:i": "j F Y \\a\\t H:i",
    "j. F \\k\\l. H:i": "j F \\a\\t H:i",
    "l j. F Y \\k\\l. H:i": "l j F Y \\a\\t H:i",
    "l j. F \\k\\l. H:i": "l j F \\a\\t H:i",
    "j.n.Y": "j/n/Y",
    "d.m.Y H:i": "d/m/Y H:i",
}


def date_format_for(format_string: str | None, language: str | None = None) -> str | None:
    """The format to write a date with in `language` (default: the active one)."""
    if format_string and language_code(language) == "en":
        return ENGLISH_DATES.get(format_string, format_string)
    return format_string


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `date` filter, with the format written for the page's language. Installed as
    a template builtin (settings.TEMPLATES), so every `|date:"j. F Y"` follows the reader."""
    return str(defaultfilters.date(value, date_format_for(arg)))
