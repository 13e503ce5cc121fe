"""The pulse definition: versioned YAML in `definitions/`, validated when loaded, never edited
once released (tests pin each file's checksum), like the instruments in assessments.

A translated copy with the same keys may sit in `definitions/<language>/`; the active
language's copy is used for texts when present, the bokmål file otherwise. Answers and
figures only ever use keys, so every copy gives the same results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils import translation

DEFINITION_DIR = Path(__file__).resolve().parent / "definitions"
KEY = "medarbeiderpuls"
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FILE = re.compile(r"^(?P<key>[a-z0-9-]+)\.v(?P<version>[1-9][0-9]*)\.yaml$")


class DefinitionError(ValueError):
    """A pulse file that does not describe a valid pulse."""


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    driver_key: str


@dataclass(frozen=True)
class Driver:
    key: str
    title: str
    prompt: str
    sessions: tuple[str, ...]  # titles in the learning catalogue
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Pulse:
    key: str
    version: int
    title: str
    intro: str
    credit: str
    scale_min: int
    scale_max: int
    low_label: str
    high_label: str
    drivers: tuple[Driver, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for driver in self.drivers for item in driver.items)

    @property
    def values(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def driver(self, key: str) -> Driver:
        for driver in self.drivers:
            if driver.key == key:
                return driver
        raise KeyError(key)

    def check_answers(self, answers: dict[str, int]) -> list[str]:
        """The keys of items missing or out of range; empty when every item has a value."""
        return [
            item.key
            for item in self.items
            if not isinstance(answers.get(item.key), int) or answers[item.key] not in self.values
        ]

    def shape(self) -> tuple[Any, ...]:
        """What a translated copy must share with the original: every key and the scale."""
        return (
            self.key,
            self.version,
            self.scale_min,
            self.scale_max,
            tuple((d.key, d.sessions, tuple(i.key for i in d.items)) for d in self.drivers),
        )


def _text(data: dict[str, Any], field: str, where: str) -> str:
    value = data.get(field, "")
    if not isinstance(value, str) or not value.strip():
        raise DefinitionError(f"{where}: '{field}' must be a non-empty text")
    return " ".join(value.split())


def _key(data: dict[str, Any], where: str) -> str:
    key = data.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise DefinitionError(f"{where}: 'key' must be lowercase letters, digits and dashes")
    return key


def _driver(raw: Any, where: str, seen: set[str]) -> Driver:
    if not isinstance(raw, dict):
        raise DefinitionError(f"{where}: must be a mapping")
    key = _key(raw, where)
    sessions = raw.get("sessions", [])
    if not isinstance(sessions, list) or not all(isinstance(s, str) for s in sessions):
        raise DefinitionError(f"{where}: 'sessions' must be a list of titles")
    raw_items = raw.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise DefinitionError(f"{where}: 'items' must be a non-empty list")
    items = []
    for raw_item in raw_items:
        if not isinstance(raw_item, dict):
            raise DefinitionError(f"{where}: each item must be a mapping")
        item_key = _key(raw_item, where)
        if item_key in seen:
            raise DefinitionError(f"{where}: key '{item_key}' is used twice")
        seen.add(item_key)
        items.append(Item(item_key, _text(raw_item, "text", where), key))
    return Driver(
        key, _text(raw, "title", where), _text(raw, "prompt", where), tuple(sessions), tuple(items)
    )


def parse(data: Any, *, source: str = "<definition>") -> Pulse:
    """Build a Pulse from parsed YAML, refusing anything malformed."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{source}: must be a mapping")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DefinitionError(f"{source}: 'version' must be a positive integer")
    scale = data.get("scale")
    if not isinstance(scale, dict):
        raise DefinitionError(f"{source}: 'scale' is missing")
    low, high = scale.get("min"), scale.get("max")
    if not (isinstance(low, int) and isinstance(high, int) and low < high):
        raise DefinitionError(f"{source}: scale 'min' and 'max' must be integers, min < max")
    raw_drivers = data.get("drivers")
    if not isinstance(raw_drivers, list) or not raw_drivers:
        raise DefinitionError(f"{source}: 'drivers' must be a non-empty list")
    seen: set[str] = set()
    drivers = [_driver(raw, f"{source}: driver {n}", seen) for n, raw in enumerate(raw_drivers, 1)]
    if len({d.key for d in drivers}) != len(drivers):
        raise DefinitionError(f"{source}: a driver key is used twice")
    return Pulse(
        key=_key(data, source),
        version=version,
        title=_text(data, "title", source),
        intro=_text(data, "intro", source),
        credit=_text(data, "credit", source),
        scale_min=low,
        scale_max=high,
        low_label=_text(scale, "low_label", source),
        high_label=_text(scale, "high_label", source),
        drivers=tuple(drivers),
    )


def load_file(path: Path) -> Pulse:
    match = _FILE.match(path.name)
    if not match:
        raise DefinitionError(f"{path.name}: file name must be <key>.v<version>.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError(f"{path.name}: not valid YAML ({error})") from error
    pulse = parse(data, source=path.name)
    if (pulse.key, pulse.version) != (match["key"], int(match["version"])):
        raise DefinitionError(f"{path.name}: key and version must match the file name")
    return pulse


@cache
def _registry(language: str) -> dict[tuple[str, int], Pulse]:
    """The originals, each replaced by the language's copy when one exists. A copy whose keys
    differ from its original is refused: it would file answers under other keys."""
    found = {}
    for path in sorted(DEFINITION_DIR.glob("*.yaml")):
        pulse = load_file(path)
        copy = DEFINITION_DIR / language / path.name if language else None
        if copy is not None and copy.is_file():
            translated = load_file(copy)
            if translated.shape() != pulse.shape():
                raise DefinitionError(f"{language}/{path.name}: keys differ from the original")
            pulse = translated
        found[(pulse.key, pulse.version)] = pulse
    return found


def _language() -> str:
    language = (translation.get_language() or "").split("-")[0]
    return language if language in ("nn", "en") else ""


def get(version: int, key: str = KEY) -> Pulse:
    """The exact version a round asks, in the active language when translated."""
    return _registry(_language())[(key, version)]


def latest(key: str = KEY) -> Pulse:
    """The version new rounds ask."""
    versions = [p for (k, _v), p in _registry(_language()).items() if k == key]
    if not versions:
        raise KeyError(key)
    return max(versions, key=lambda p: p.version)
