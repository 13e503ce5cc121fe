"""Content files per language (issue #13). Every content YAML file is written in bokmål, the
source; a translation is a copy with the same name in a language sub-folder beside it
(`instruments/nn/aktivt-medarbeiderskap.v1.yaml`, `content/en/catalogue.yaml`) with the
same structure: the same keys, the same list lengths and order, the same non-text values;
only the human-readable strings differ. The loader reads the copy for the active language
when there is one and falls back to the source, so a missing translation shows bokmål,
never an error."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils import translation

# Values that identify rather than say something: equal in every language.
NON_TEXT_FIELDS = frozenset({"key", "version", "audience", "min", "max", "minutes"})


def language_code(language: str | None = None) -> str:
    """The active language as a bare code ("nn"), the source's when none is active."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return language.lower().replace("_", "-").split("-")[0]


def localized_path(path: Path, language: str | None = None) -> Path:
    """The copy of `path` in `language` (default: the active one) when there is one, else
    `path` itself."""
    code = language_code(language)
    if code == settings.LANGUAGE_CODE:
        return path
    candidate = path.parent / code / path.name
    return candidate if candidate.is_file() else path


def translations_of(path: Path) -> dict[str, Path]:
    """The existing translated copies of a source file, by language code."""
    return {
        code: path.parent / code / path.name
        for code, _name in settings.LANGUAGES
        if code != settings.LANGUAGE_CODE and (path.parent / code / path.name).is_file()
    }


@cache
def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load(path: Path, language: str | None = None) -> Any:
    """The parsed YAML of `path` in `language` (default: the active one). Parsed once per
    file and process; callers must not change what they get."""
    return _read(localized_path(path, language))


def shape_differences(source: Any, translated: Any, where: str = "") -> list[str]:
    """Where a translation's structure differs from its source's: keys, list lengths,
    types, and values that are not text (identifiers, numbers, booleans). Empty when the
    two may stand in for each other."""
    here = where or "/"
    if isinstance(source, dict):
        if not isinstance(translated, dict):
            return [f"{here}: a mapping in the source"]
        if set(source) != set(translated):
            missing, extra = set(source) - set(translated), set(translated) - set(source)
            return [f"{here}: keys differ (missing {sorted(missing)}, extra {sorted(extra)})"]
        found: list[str] = []
        for key, value in source.items():
            path = f"{where}/{key}"
            if key in NON_TEXT_FIELDS and value != translated[key]:
                found.append(f"{path}: {translated[key]!r} must be {value!r} as in the source")
            else:
                found += shape_differences(value, translated[key], path)
        return found
    if isinstance(source, list):
        if not isinstance(translated, list) or len(source) != len(translated):
            return [f"{here}: a list of {len(source)} in the source"]
        return [
            problem
            for index, (a, b) in enumerate(zip(source, translated, strict=True))
            for problem in shape_differences(a, b, f"{where}[{index}]")
        ]
    if isinstance(source, str):
        if not isinstance(translated, str) or (source.strip() and not translated.strip()):
            return [f"{here}: a text in the source"]
        return []
    if source != translated or type(source) is not type(translated):
        return [f"{here}: {translated!r} must be {source!r} as in the source"]
    return []
