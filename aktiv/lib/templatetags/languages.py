"""`{% lang_of code %}`: a `lang` attribute for a passage written in another language than
the page (WCAG 3.1.2), e.g. notes written under an assessment answered in English, read by a
leader who reads Aktiv in nynorsk. Nothing when the language is unknown or the page's own."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from aktiv.lib.content import language_code

register = template.Library()


@register.simple_tag
def lang_of(code: str | None) -> SafeString:
    if not code or language_code(code) == language_code():
        return SafeString("")
    return format_html(' lang="{}"', language_code(code))
