"""Settings for bench/pages.py's second floor: Aktiv as configured, plus one page, /tom/
(bench/signed_in_floor_urls.py), that a signed-in person reaches through every middleware
(session, the person, the second factor, language, session limits) and that renders the
site's frame (menu, unread count, footer) around nothing. No signed-in page can be faster
than this one: its distance from the hello world is what every page pays before it shows
anything of its own.

    DJANGO_SETTINGS_MODULE=signed_in_floor PYTHONPATH=.:bench .venv/bin/aktiv serve"""

from __future__ import annotations

from pathlib import Path

from aktiv.settings import *  # noqa: F403 - Aktiv's own settings, one URL added
from aktiv.settings import TEMPLATES

ROOT_URLCONF = "signed_in_floor_urls"
_dirs: list[Path] = TEMPLATES[0]["DIRS"]  # type: ignore[assignment]
TEMPLATES[0]["DIRS"] = [*_dirs, Path(__file__).parent / "templates"]
