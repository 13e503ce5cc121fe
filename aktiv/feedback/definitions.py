"""The two "other view" instruments: the leader's skills seen by the reports ("Min leder …")
and the employee's active employeeship seen by the leader ("Min medarbeider …").

Each is a rewording of an instrument in `aktiv/assessments/instruments/`, in a file of the
same format, with the SAME item keys, so an answer sits beside the self-assessment of the
same item. They live in `instruments/` here, not beside the self-assessments, because they
are not self-assessments and must not be offered as one."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from aktiv.assessments import definitions as assessments
from aktiv.assessments.definitions import DefinitionError, Instrument

DIR = Path(__file__).resolve().parent / "instruments"
UPWARD = "min-leder"
ONE_EIGHTY = "min-medarbeider"
# Which self-assessment each rewords.
MIRRORS = {UPWARD: "lederferdigheter", ONE_EIGHTY: "aktivt-medarbeiderskap"}


@cache
def _registry() -> dict[tuple[str, int], Instrument]:
    found = {}
    for path in sorted(DIR.glob("*.yaml")):
        instrument = assessments.load_file(path)
        mirrored = assessments.get(MIRRORS[instrument.key], 1)
        if [i.key for i in instrument.items] != [i.key for i in mirrored.items]:
            raise DefinitionError(f"{path.name}: items must be those of {mirrored.key}")
        found[(instrument.key, instrument.version)] = instrument
    return found


def get(key: str, version: int) -> Instrument:
    return _registry()[(key, version)]


def _latest(key: str) -> Instrument:
    return max((i for (k, _v), i in _registry().items() if k == key), key=lambda i: i.version)


def upward() -> Instrument:
    return _latest(UPWARD)


def one_eighty() -> Instrument:
    return _latest(ONE_EIGHTY)
