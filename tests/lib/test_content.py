"""Content per language (issue #13): the loader reads `<lang>/<same name>` when present and
falls back to the bokmål source; every translated copy in the package is shaped exactly
as its source."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from aktiv.assessments import definitions
from aktiv.lib import content
from aktiv.reflections import registry

PACKAGE = Path(content.__file__).resolve().parent.parent
CONTENT_DIRS = [
    PACKAGE / "assessments" / "instruments",
    PACKAGE / "reflections" / "content",
    PACKAGE / "learning" / "content",
    PACKAGE / "expectations" / "content",
]
TRANSLATIONS = [
    (source, copy)
    for folder in CONTENT_DIRS
    for source in sorted(folder.glob("*.yaml"))
    for copy in content.translations_of(source).values()
]


@pytest.mark.parametrize(
    ("source", "copy"),
    TRANSLATIONS or [pytest.param(None, None, marks=pytest.mark.skip("no translations yet"))],
    ids=lambda p: p.relative_to(PACKAGE).as_posix() if isinstance(p, Path) else str(p),
)
def test_every_translation_is_shaped_as_its_source(source: Path, copy: Path) -> None:
    read = lambda path: yaml.safe_load(path.read_text(encoding="utf-8"))  # noqa: E731
    assert content.shape_differences(read(source), read(copy)) == []


def test_no_translation_without_a_source() -> None:
    for folder in CONTENT_DIRS:
        for copy in folder.glob("*/*.yaml"):
            assert copy.parent.name in {"nn", "en"}, f"{copy}: not a language of Aktiv"
            assert (folder / copy.name).is_file(), f"{copy}: no source of that name"


def test_shape_differences_finds_what_a_translation_must_keep() -> None:
    source = {"key": "a", "version": 1, "items": [{"key": "x", "text": "Jeg"}], "n": 5}
    assert content.shape_differences(source, source) == []
    same = {"key": "a", "version": 1, "items": [{"key": "x", "text": "I"}], "n": 5}
    assert content.shape_differences(source, same) == []
    for broken in (
        {**same, "key": "b"},
        {**same, "version": 2},
        {**same, "n": 6},
        {**same, "items": []},
        {**same, "items": [{"key": "y", "text": "I"}]},
        {**same, "items": [{"key": "x"}]},
        {**same, "items": [{"key": "x", "text": ""}]},
        {k: v for k, v in same.items() if k != "n"},
    ):
        assert content.shape_differences(source, broken), broken


def english_copy(source: Path, folder: Path, change) -> Path:
    """A copy of `source` in folder/, with an English translation in folder/en/."""
    shutil.copy(source, folder / source.name)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    change(data)
    (folder / "en").mkdir(exist_ok=True)
    (folder / "en" / source.name).write_text(yaml.safe_dump(data, allow_unicode=True))
    return folder / source.name


@pytest.fixture
def english_instrument(tmp_path, monkeypatch):
    def translate(data):
        for dimension in data["dimensions"]:
            dimension["title"] = f"EN {dimension['key']}"
            for item in dimension["items"]:
                item["text"] = f"EN {item['key']}"
        data["scale"]["low_label"] = "Not at all"

    english_copy(definitions.INSTRUMENT_DIR / "aktivt-medarbeiderskap.v1.yaml", tmp_path, translate)
    monkeypatch.setattr(definitions, "INSTRUMENT_DIR", tmp_path)
    definitions._registry.cache_clear()
    yield
    definitions._registry.cache_clear()


def test_an_instrument_reads_in_the_active_language_with_the_same_keys(
    english_instrument,
) -> None:
    with translation.override("nb"):
        bokmal = definitions.latest("aktivt-medarbeiderskap")
    with translation.override("en"):
        english = definitions.latest("aktivt-medarbeiderskap")
    with translation.override("nn"):
        nynorsk = definitions.latest("aktivt-medarbeiderskap")
    assert [i.key for i in english.items] == [i.key for i in bokmal.items]
    assert english.items[0].text == f"EN {english.items[0].key}"
    assert english.scale.low_label == "Not at all"
    assert nynorsk == bokmal  # no nynorsk copy: the source
    assert definitions.text_language("aktivt-medarbeiderskap", 1, "en") == "en"
    assert definitions.text_language("aktivt-medarbeiderskap", 1, "nn") == "nb"


def test_a_misshapen_translation_is_refused(tmp_path, monkeypatch) -> None:
    def drop_an_item(data):
        data["dimensions"][0]["items"].pop()

    english_copy(
        definitions.INSTRUMENT_DIR / "aktivt-medarbeiderskap.v1.yaml", tmp_path, drop_an_item
    )
    with pytest.raises(definitions.DefinitionError):
        definitions.load_file(tmp_path / "aktivt-medarbeiderskap.v1.yaml", "en")


def test_a_worksheet_reads_in_the_active_language(tmp_path, monkeypatch) -> None:
    def translate(data):
        data["title"] = "Three central questions"
        for question in data["questions"]:
            question["question"] = f"EN {question['key']}"

    english_copy(registry.CONTENT_DIR / "tre-sporsmal.yaml", tmp_path, translate)
    monkeypatch.setattr(registry, "CONTENT_DIR", tmp_path)
    tool = registry.get("tre-sporsmal")
    with translation.override("en"):
        assert tool.title == "Three central questions"
        form = tool.form_class(tool=tool, person=None)  # type: ignore[arg-type]
        assert all(str(f.label).startswith("EN ") for f in form.fields.values())
    with translation.override("nn"):
        assert tool.title == tool.source["title"]


@pytest.mark.django_db
def test_seed_sessions_show_in_the_readers_language_and_hrs_own_as_written(
    tmp_path, monkeypatch
) -> None:
    from aktiv.learning import seed
    from aktiv.learning.models import LearningSession

    def translate(data):
        for sessions in data["jobs"].values():
            for position, session in enumerate(sessions, start=1):
                session["title"] = f"EN title {position}"
                session["description"] = f"EN description {position}"

    english_copy(seed.CATALOGUE_FILE, tmp_path, translate)
    monkeypatch.setattr(seed, "CATALOGUE_FILE", tmp_path / seed.CATALOGUE_FILE.name)

    seeded = LearningSession.objects.get(seed_key="deliver-1")  # by the data migration
    edited = LearningSession.objects.get(seed_key="deliver-2")
    edited.title = "HRs egen tittel"
    with translation.override("en"):
        assert seeded.shown_title == "EN title 1"
        assert seeded.shown_description == "EN description 1"
        assert edited.shown_title == "HRs egen tittel"  # HR changed it: HR's words stand
    with translation.override("nb"):
        assert seeded.shown_title == seeded.title
    own = LearningSession(title="Vår egen økt", job="deliver", duration_minutes=20)
    with translation.override("en"):
        assert own.shown_title == "Vår egen økt"


@pytest.mark.django_db
def test_default_expectations_are_seeded_in_the_organisations_language(
    tmp_path, monkeypatch, org
) -> None:
    from django.core.cache import cache

    from aktiv.expectations import services
    from aktiv.people.models import OrganisationSettings

    def translate(data):
        data["of_leaders"] = "EN leaders"

    english_copy(services.CONTENT_FILE, tmp_path, translate)
    monkeypatch.setattr(services, "CONTENT_FILE", tmp_path / services.CONTENT_FILE.name)
    cache.clear()
    OrganisationSettings.objects.create(pk=1, default_language="en")
    with translation.override("nb"):  # whoever opens the first draft
        draft = services.draft_start(actor=org.hr)
    cache.clear()
    assert draft.of_leaders == "EN leaders"


@pytest.mark.django_db
def test_a_response_records_the_language_it_was_answered_in(english_instrument, org) -> None:
    from django.core.cache import cache

    from aktiv.assessments import services
    from aktiv.people.models import Person

    cache.clear()
    Person.objects.filter(pk=org.employee.pk).update(language="en")
    org.employee.refresh_from_db()
    with translation.override("en"):
        instrument = definitions.latest("aktivt-medarbeiderskap")
        response = services.response_start(person=org.employee, instrument=instrument)
        answers = {item.key: 4 for item in instrument.items}
        services.response_submit(response=response, answers=answers)
    response.refresh_from_db()
    assert response.language == "en"
    # Compared with a bokmål answer by item key: the same keys, the same scores.
    with translation.override("nb"):
        assert set(response.answers_by_item()) == {i.key for i in instrument.items}
