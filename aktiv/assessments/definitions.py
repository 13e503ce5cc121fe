"""Instrument definitions: versioned YAML files in `instruments/`, validated when loaded.

Instruments are data, not code. A file is named `<key>.v<version>.yaml`; once released it is
never edited (tests pin each file's checksum), so a stored response always finds the exact
texts it answered. Translations are copies in `instruments/<lang>/` with the same name and
structure (aktiv/lib/content.py): the same item keys, so results compare across languages;
they are pinned the same way once released."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import fmean
from typing import Any

import yaml
from django.conf import settings

from aktiv.lib import content

INSTRUMENT_DIR = Path(__file__).resolve().parent / "instruments"
AUDIENCES = ("everyone", "leaders")
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FILE = re.compile(r"^(?P<key>[a-z0-9-]+)\.v(?P<version>[1-9][0-9]*)\.yaml$")


class DefinitionError(ValueError):
    """An instrument file that does not describe a valid instrument."""


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    dimension_key: str


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Scale:
    min: int
    max: int
    low_label: str
    high_label: str

    @property
    def values(self) -> range:
        return range(self.min, self.max + 1)


@dataclass(frozen=True)
class Process:
    development_heading: str
    development_prompt: str
    strength_heading: str
    strength_prompt: str


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    title: str
    audience: str
    summary: str
    intro: str
    credit: str
    scale: Scale
    process: Process
    dimensions: tuple[Dimension, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dim in self.dimensions for item in dim.items)

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def dimension(self, key: str) -> Dimension:
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    def is_for(self, *, is_leader: bool) -> bool:
        return self.audience == "everyone" or is_leader

    def missing_items(self, answers: dict[str, int]) -> list[Item]:
        return [item for item in self.items if item.key not in answers]

    def invalid_keys(self, answers: dict[str, int]) -> list[str]:
        known = {item.key for item in self.items}
        return sorted(key for key in answers if key not in known)

    def dimension_means(self, answers: dict[str, int]) -> dict[str, float | None]:
        """Each dimension's mean over its answered items (None when none is answered)."""
        means: dict[str, float | None] = {}
        for dimension in self.dimensions:
            values = [answers[i.key] for i in dimension.items if i.key in answers]
            means[dimension.key] = fmean(values) if values else None
        return means


def _text(data: dict[str, Any], field: str, where: str, *, required: bool = True) -> str:
    value = data.get(field, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise DefinitionError(f"{where}: '{field}' must be a non-empty text")
    return " ".join(value.split())


def _key(data: dict[str, Any], where: str) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise DefinitionError(f"{where}: 'key' must be lowercase letters, digits and dashes")
    return key


def parse(data: Any, *, source: str = "<definition>") -> Instrument:
    """Build an Instrument from parsed YAML, refusing anything malformed."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{source}: must be a mapping")
    key = _key(data, source)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DefinitionError(f"{source}: 'version' must be a positive integer")
    audience = data.get("audience")
    if audience not in AUDIENCES:
        raise DefinitionError(f"{source}: 'audience' must be one of {', '.join(AUDIENCES)}")

    raw_scale = data.get("scale")
    if not isinstance(raw_scale, dict):
        raise DefinitionError(f"{source}: 'scale' is missing")
    low, high = raw_scale.get("min"), raw_scale.get("max")
    if not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise DefinitionError(f"{source}: scale 'min' and 'max' must be integers, min < max")
    scale = Scale(
        low, high, _text(raw_scale, "low_label", source), _text(raw_scale, "high_label", source)
    )

    raw_process = data.get("process")
    if not isinstance(raw_process, dict):
        raise DefinitionError(f"{source}: 'process' is missing")
    process = Process(
        *(
            _text(raw_process, field, source)
            for field in (
                "development_heading",
                "development_prompt",
                "strength_heading",
                "strength_prompt",
            )
        )
    )

    raw_dimensions = data.get("dimensions")
    if not isinstance(raw_dimensions, list) or not raw_dimensions:
        raise DefinitionError(f"{source}: 'dimensions' must be a non-empty list")
    dimensions: list[Dimension] = []
    seen: set[str] = set()
    for index, raw_dim in enumerate(raw_dimensions, start=1):
        where = f"{source}: dimension {index}"
        if not isinstance(raw_dim, dict):
            raise DefinitionError(f"{where}: must be a mapping")
        dim_key = _key(raw_dim, where)
        raw_items = raw_dim.get("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise DefinitionError(f"{where}: 'items' must be a non-empty list")
        items = []
        for raw_item in raw_items:
            if not isinstance(raw_item, dict):
                raise DefinitionError(f"{where}: each item must be a mapping")
            item_key = _key(raw_item, where)
            if item_key in seen or dim_key in seen:
                raise DefinitionError(f"{where}: key '{item_key}' is used twice")
            seen.add(item_key)
            items.append(Item(item_key, _text(raw_item, "text", where), dim_key))
        seen.add(dim_key)
        dimensions.append(Dimension(dim_key, _text(raw_dim, "title", where), tuple(items)))

    return Instrument(
        key=key,
        version=version,
        title=_text(data, "title", source),
        audience=audience,
        summary=_text(data, "summary", source),
        intro=_text(data, "intro", source),
        credit=_text(data, "credit", source, required=False),
        scale=scale,
        process=process,
        dimensions=tuple(dimensions),
    )


def load_file(path: Path, language: str | None = None) -> Instrument:
    """The instrument in `path`, read in `language` when a translation exists (the source
    otherwise). A translation must have the source's structure: the same keys and numbers."""
    match = _FILE.match(path.name)
    if not match:
        raise DefinitionError(f"{path.name}: file name must be <key>.v<version>.yaml")
    read = content.localized_path(path, language)
    try:
        data = yaml.safe_load(read.read_text(encoding="utf-8"))
        if read != path:
            source = yaml.safe_load(path.read_text(encoding="utf-8"))
            if problems := content.shape_differences(source, data):
                raise DefinitionError(f"{read}: not shaped as its source: {problems[0]}")
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: not valid YAML ({error})") from error
    instrument = parse(data, source=path.name)
    if (instrument.key, instrument.version) != (match["key"], int(match["version"])):
        raise DefinitionError(f"{path.name}: key and version must match the file name")
    return instrument


@cache
def _registry(language: str) -> dict[tuple[str, int], Instrument]:
    instruments = [load_file(path, language) for path in sorted(INSTRUMENT_DIR.glob("*.yaml"))]
    return {(i.key, i.version): i for i in instruments}


def _current() -> dict[tuple[str, int], Instrument]:
    """The instruments in the active language."""
    return _registry(content.language_code())


def text_language(key: str, version: int, language: str | None = None) -> str:
    """The language the texts of (key, version) are shown in for `language`: that language
    when the instrument is translated into it, else the source's."""
    path = INSTRUMENT_DIR / f"{key}.v{version}.yaml"
    code = content.language_code(language)
    return code if content.localized_path(path, code) != path else settings.LANGUAGE_CODE


def get(key: str, version: int, language: str | None = None) -> Instrument:
    """The exact version a response answered, in `language` (default: the active one)."""
    return _registry(content.language_code(language))[(key, version)]


def latest(key: str) -> Instrument:
    """The version new responses answer."""
    versions = [i for (k, _v), i in _current().items() if k == key]
    if not versions:
        raise KeyError(key)
    return max(versions, key=lambda i: i.version)


ORDER = ("aktivt-medarbeiderskap", "karrierebevissthet", "lederferdigheter")


def all_latest() -> list[Instrument]:
    keys = {key for key, _version in _current()}
    ordered = [k for k in ORDER if k in keys] + sorted(keys - set(ORDER))
    return [latest(key) for key in ordered]


def available_to(*, is_leader: bool) -> list[Instrument]:
    return [i for i in all_latest() if i.is_for(is_leader=is_leader)]
