"""The two "other view" instruments: the leader's skills seen by the reports ("Min leder …")
and the employee's active employeeship seen by the leader ("Min medarbeider …").

Each is a rewording of an instrument in `aktiv/assessments/instruments/`, in a file of the
same format, with the SAME item keys, so an answer sits beside the self-assessment of the
same item. They live in `instruments/` here, not beside the self-assessments, because they
are not self-assessments and must not be offered as one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from aktiv.assessments import definitions as assessments
from aktiv.assessments.definitions import DefinitionError, Instrument
from aktiv.lib import content

DIR = Path(__file__).resolve().parent / "instruments"
UPWARD = "min-leder"
ONE_EIGHTY = "min-medarbeider"
# Which self-assessment each rewords.
MIRRORS = {UPWARD: "lederferdigheter", ONE_EIGHTY: "aktivt-medarbeiderskap"}


@cache
def _registry(language: str) -> dict[tuple[str, int], Instrument]:
    """The instruments in `language` (the translations under instruments/nn and /en, the
    source's text where one is missing), checked against the self-assessment they reword."""
    found = {}
    for path in sorted(DIR.glob("*.yaml")):
        instrument = assessments.load_file(path, language)
        mirrored = assessments.get(MIRRORS[instrument.key], 1, language)
        if [i.key for i in instrument.items] != [i.key for i in mirrored.items]:
            raise DefinitionError(f"{path.name}: items must be those of {mirrored.key}")
        found[(instrument.key, instrument.version)] = instrument
    return found


def get(key: str, version: int, language: str | None = None) -> Instrument:
    """The version a round or request was opened with, in `language` (default: the active
    one)."""
    return _registry(content.language_code(language))[(key, version)]


def _latest(key: str) -> Instrument:
    current = _registry(content.language_code())
    return max((i for (k, _v), i in current.items() if k == key), key=lambda i: i.version)


def upward() -> Instrument:
    return _latest(UPWARD)


def one_eighty() -> Instrument:
    return _latest(ONE_EIGHTY)


def load_all() -> None:
    """Read every instrument in every language (at start: a broken file stops the server
    before anyone answers it)."""
    for code, _name in settings.LANGUAGES:
        _registry(content.language_code(code))
