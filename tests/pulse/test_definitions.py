"""The pulse definition: valid, pinned once released, and its translated copies carry the
same keys, so answers and figures never depend on the language."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import translation

from aktiv.pulse import definitions
from aktiv.pulse.definitions import DEFINITION_DIR, DefinitionError, load_file, parse

# A released file is never edited: a change of text is a new version.
RELEASED = {
    "medarbeiderpuls.v1.yaml": "310447fe40b450c3640d6c447e77d57b1faa80ef65b16a6c9a53a2e303b1582c",
}


@pytest.mark.parametrize("name", sorted(RELEASED))
def test_released_files_are_unchanged(name):
    digest = hashlib.sha256((DEFINITION_DIR / name).read_bytes()).hexdigest()
    assert digest == RELEASED[name]


def test_two_or_three_statements_per_driver_and_work_effort():
    pulse = definitions.latest()
    assert [d.key for d in pulse.drivers] == [
        "lederstotte",
        "kollegastotte",
        "identitet",
        "talentutnyttelse",
        "maal-resultat",
        "jobbautonomi",
        "arbeidsinnsats",
    ]
    assert all(2 <= len(d.items) <= 3 for d in pulse.drivers)
    assert "ikke Kuvaas' validerte" in pulse.intro
    assert (pulse.scale_min, pulse.scale_max) == (1, 5)


@pytest.mark.parametrize("language", ["nn", "en"])
def test_translated_copies_have_the_same_keys(language):
    for path in DEFINITION_DIR.glob("*.yaml"):
        copy = load_file(DEFINITION_DIR / language / path.name)
        assert copy.shape() == load_file(path).shape()
        assert copy.intro != load_file(path).intro


def test_the_active_language_picks_the_copy():
    with translation.override("en"):
        assert definitions.latest().title == "Team pulse"
    with translation.override("nb"):
        assert definitions.latest().title == "Medarbeiderpuls"


def test_every_suggested_session_is_in_the_catalogue(db):
    from aktiv.learning.models import LearningSession

    titles = set(LearningSession.objects.values_list("title", flat=True))
    for driver in definitions.latest().drivers:
        assert set(driver.sessions) <= titles, driver.key


@pytest.mark.parametrize(
    "broken",
    [
        None,
        {"key": "x", "version": 0},
        {"key": "x", "version": 1, "scale": {"min": 5, "max": 1}},
        {"key": "x", "version": 1, "scale": {"min": 1, "max": 5}, "drivers": []},
    ],
)
def test_malformed_definitions_are_refused(broken):
    with pytest.raises(DefinitionError):
        parse(broken)
