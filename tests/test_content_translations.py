"""The nynorsk and English copies of the content YAML files stay aligned with their bokmål source.

For every source `<dir>/<name>.yaml` there is `<dir>/nn/<name>.yaml` and `<dir>/en/<name>.yaml`
with the same structure (mapping keys in the same order, lists of the same length), the same
non-text values (numbers, booleans) and the same identifiers (`key`, `version`, `*_key`, ids,
slugs, URLs, `audience`); every other text is translated, so it differs from the source unless
it is listed below as reading the same in that language. Plain pytest, no database.
"""

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

AKTIV = Path(__file__).resolve().parent.parent / "aktiv"

SOURCES = [
    "assessments/instruments/aktivt-medarbeiderskap.v1.yaml",
    "assessments/instruments/karrierebevissthet.v1.yaml",
    "assessments/instruments/lederferdigheter.v1.yaml",
    "reflections/content/fire-jobber.yaml",
    "reflections/content/kan-liker.yaml",
    "reflections/content/karriereposisjon.yaml",
    "reflections/content/kjernekvadranten.yaml",
    "reflections/content/kompetansereisen.yaml",
    "reflections/content/mestringsorientert-ledelse.yaml",
    "reflections/content/prioritering.yaml",
    "reflections/content/selvledelse.yaml",
    "reflections/content/tre-sporsmal.yaml",
    "learning/content/catalogue.yaml",
    "expectations/content/defaults.yaml",
    "feedback/instruments/min-leder.v1.yaml",
    "feedback/instruments/min-medarbeider.v1.yaml",
]
LANGUAGES = ["nn", "en"]

# Fields whose values are identifiers, never translated.
IDENTIFIER_FIELDS = {"key", "version", "id", "slug", "url", "audience"}
URL = re.compile(r"^(https?|mailto):", re.IGNORECASE)

# Texts that read the same in the translation as in bokmål (proper nouns, or words that are
# spelt alike in both written standards). Anything else left untranslated fails the test.
SAME_IN = {
    "nn": {
        "I svært liten grad",
        "I svært stor grad",
        "Motivasjon og arbeidsglede",
        "Mål og utvikling",
        "Inspirert av «Empowerment i arbeidslivet», Stein Amundsen 2019",
        "Inspirert av Douglas T. Hall, Careers in and out of organizations",
        "KAN",
        "Kjerneområde – felles fokus her",
        "PROAKTIV",
        "REAKTIV",
        "BRIKKE",
        "Karriereposisjon",
        "Kjernekvadranten",
        "Kjernekvalitet",
        "Fallgruve",
        "Utfordring",
        "Allergi",
        "for mye",
        "Refleksjon",
        "Passivitet",
        "Omsorg",
        "Egoisme",
        "Fleksibilitet",
        "Inkonsekvens",
        "Orden og struktur",
        "Rigiditet",
        "Prioritering",
        "Viktig",
        "Endring",
        "I dag",
        "Gjennomføring?",
        "Arbeidspress og stress?",
        "Ta med til neste oppfølgingssamtale",
        "Tre sentrale spørsmål",
        "Refleksjonsspørsmål",
        "Skriv inn i modellen slik du prioriterer i dag.",
        "Delegering",
        "Innovasjon og nyskaping",
        "Mål- og utviklingssamtalen",
        "Formidling, retorikk og presentasjonsteknikk",
        "Deg i samarbeid med andre",
        "Spørsmål til ettertanke og refleksjon",
        "Retning",
        "tilbyr utvikling og utfordring",
        "Oppmuntre til initiativ",
        "Arbeidsplassen som læringsarena",
    },
    "en": set(),
}

# Bokmål word forms that nynorsk writes differently (eg, ikkje, kva, korleis, …): none of them
# may appear in a nynorsk text.
BOKMAL_ONLY = re.compile(
    r"\b(jeg|ikke|hva|hvordan|hvorfor|hvem|hvor|noe|mye|bare|selv|leder|ledere|lederen|"
    r"medarbeider|medarbeidere|medarbeiderne|ledelse|lederskap|egen|eget|egne|være|gjøre|"
    r"gi|gir|enhet|enheten|forventninger)\b",
    re.IGNORECASE,
)


def is_identifier(field: str) -> bool:
    return field in IDENTIFIER_FIELDS or field.endswith(("_key", "_id", "_slug", "_url"))


def leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    if isinstance(node, dict):
        for name, value in node.items():
            yield from leaves(value, (*path, name))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))
    else:
        yield path, node


def field_of(path: tuple[Any, ...]) -> str:
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def assert_same_shape(source: Any, copy: Any, where: str) -> None:
    assert type(source) is type(copy), f"{where}: {type(copy).__name__} in the translation"
    if isinstance(source, dict):
        assert list(copy) == list(source), f"{where}: keys {list(copy)} != {list(source)}"
        for name in source:
            assert_same_shape(source[name], copy[name], f"{where}.{name}")
    elif isinstance(source, list):
        assert len(copy) == len(source), f"{where}: {len(copy)} items, source has {len(source)}"
        for index, (a, b) in enumerate(zip(source, copy, strict=True)):
            assert_same_shape(a, b, f"{where}[{index}]")


CASES = [(source, language) for source in SOURCES for language in LANGUAGES]


def translation_of(source: str, language: str) -> Path:
    relative = Path(source)
    return AKTIV / relative.parent / language / relative.name


@pytest.mark.parametrize(("source", "language"), CASES, ids=[f"{s}-{lang}" for s, lang in CASES])
def test_translation_matches_source(source: str, language: str) -> None:
    path = translation_of(source, language)
    assert path.is_file(), f"missing translation {path.relative_to(AKTIV)}"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#"), "the file starts with a comment saying what it translates"
    header = text.split("\n\n")[0].split("\n", 3)[:3]
    assert "translation of aktiv/" + source in " ".join(line.lstrip("# ") for line in header)
    original, copy = load(AKTIV / source), load(path)
    assert_same_shape(original, copy, path.name)

    untranslated = []
    for (where, value), (_, translated) in zip(leaves(original), leaves(copy), strict=True):
        field = field_of(where)
        if not isinstance(value, str) or is_identifier(field) or URL.match(value):
            assert translated == value, f"{where}: {translated!r} must stay {value!r}"
        elif translated == value and value not in SAME_IN[language]:
            untranslated.append((where, value))
        else:
            assert isinstance(translated, str) and translated.strip(), f"{where}: empty text"
    assert not untranslated, f"left in bokmål: {untranslated}"


@pytest.mark.parametrize("source", SOURCES)
def test_nynorsk_uses_no_bokmal_forms(source: str) -> None:
    copy = load(translation_of(source, "nn"))
    found = [
        (where, match.group(0))
        for where, value in leaves(copy)
        if isinstance(value, str) and not is_identifier(field_of(where))
        for match in BOKMAL_ONLY.finditer(value)
    ]
    assert not found, f"bokmål forms in the nynorsk copy: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_recommendations_name_translated_sessions(language: str) -> None:
    """Recommendations refer to sessions by title, so they must use the translated titles."""
    source = load(AKTIV / "learning/content/catalogue.yaml")
    copy = load(translation_of("learning/content/catalogue.yaml", language))

    def titles(catalogue: Any) -> list[str]:
        return [s["title"] for sessions in catalogue["jobs"].values() for s in sessions]

    translated = dict(zip(titles(source), titles(copy), strict=True))
    assert len(set(translated.values())) == len(translated), "two sessions share a title"
    for dimension, wanted in source["recommendations"].items():
        expected = [translated[title] for title in wanted]
        assert copy["recommendations"][dimension] == expected, dimension


def test_expectations_paragraphs_line_up() -> None:
    """The default expectation texts keep their paragraphs (a blank line starts one)."""
    source = load(AKTIV / "expectations/content/defaults.yaml")
    for language in LANGUAGES:
        copy = load(translation_of("expectations/content/defaults.yaml", language))
        for name in ("of_leaders", "of_employees", "of_employer"):
            lines = [len(p.splitlines()) for p in copy[name].split("\n\n")]
            assert lines == [len(p.splitlines()) for p in source[name].split("\n\n")], (
                f"{language} {name}"
            )


@pytest.mark.parametrize("language", LANGUAGES)
def test_drawn_labels_fit_like_the_source(language: str) -> None:
    """The drawings wrap some texts themselves: a prioritisation quadrant's label gets two
    lines of 16 characters (prioritering.py), and the KAN-LIKER core label is split at " – "."""
    priorities = load(translation_of("reflections/content/prioritering.yaml", language))
    for quadrant in priorities["quadrants"]:
        assert len(textwrap.wrap(quadrant["label"], 16)) <= 2, quadrant["label"]
    core = load(translation_of("reflections/content/kan-liker.yaml", language))["core"]["label"]
    assert " – " in core, core
