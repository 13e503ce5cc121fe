"""Dates follow the page's language (issue #13): the templates' Norwegian formats are written
the English way on an English page, and nynorsk writes them as bokmål does."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = timezone.make_aware(datetime(2026, 3, 5, 13, 0))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nb", "torsdag 5. mars 2026 kl. 13:00 | 5. mars 2026 | 5.3.2026"),
        ("nn", "torsdag 5. mars 2026 kl. 13:00 | 5. mars 2026 | 5.3.2026"),
        ("en", "Thursday 5 March 2026 at 13:00 | 5 March 2026 | 5/3/2026"),
    ],
)
def test_dates_are_written_for_the_language(language: str, expected: str) -> None:
    template = Template(
        '{{ when|date:"l j. F Y \\k\\l. H:i" }} | {{ when|date:"j. F Y" }} | '
        '{{ when|date:"j.n.Y" }}'
    )
    with translation.override(language):
        assert template.render(Context({"when": MOMENT})) == expected


def test_lang_of_marks_only_another_language() -> None:
    template = Template("<p{% lang_of code %}>x</p>")
    with translation.override("nn"):
        assert template.render(Context({"code": "en"})) == '<p lang="en">x</p>'
        assert template.render(Context({"code": "nn"})) == "<p>x</p>"
        assert template.render(Context({"code": ""})) == "<p>x</p>"


def test_dates_in_messages_follow_the_language_too() -> None:
    from aktiv.lib.dates import local_date

    with translation.override("en"):
        assert local_date(MOMENT, "j. F Y H:i") == "5 March 2026 13:00"
    with translation.override("nn"):
        assert local_date(MOMENT, "j. F Y H:i") == "5. mars 2026 13:00"
