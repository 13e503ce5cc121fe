"""The catalogues and the marking of text (issue #13). CI fails when

(a) a catalogue in aktiv/locale has an untranslated or fuzzy entry,
(b) `make messages` (makemessages) would change the set of strings in a catalogue: a string
    marked in the code but missing from the catalogues, or one left there that the code no
    longer has,
(c) a compiled catalogue (.mo) is older than its .po,
(d) a page read in English shows a Norwegian word outside what people wrote: text not marked
    for translation, or a translation missing.

(a) and (d) fail until the nn and en catalogues are translated; that is their point."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from aktiv.people.models import Person

from .conftest import Org, client_for

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
PACKAGE_DIR = LOCALE_DIR.parent
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))
# The options the committed catalogues are made with (Makefile: `make messages`).
MAKEMESSAGES = {"locale": ["nn", "en"], "add_location": "file", "no_obsolete": True}


def language_of(po: Path) -> str:
    return po.parent.parent.name


def test_there_are_catalogues_for_nynorsk_and_english() -> None:
    assert {language_of(po) for po in CATALOGUES} == {"nn", "en"}


@pytest.mark.parametrize("po", CATALOGUES, ids=language_of)
def test_every_entry_is_translated(po: Path) -> None:
    catalogue = polib.pofile(str(po))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    assert not untranslated and not fuzzy, (
        f"{language_of(po)}: {len(untranslated)} untranslated and {len(fuzzy)} fuzzy of "
        f"{len(catalogue)}, e.g. {(untranslated + fuzzy)[:3]}"
    )


def msgids(po: Path) -> set[tuple[str, str]]:
    return {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(po)) if not e.obsolete}


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory, django_db_blocker) -> Path:
    """makemessages run over a copy of the package, into a copy of its catalogues."""
    copy = tmp_path_factory.mktemp("messages") / "aktiv"
    shutil.copytree(
        PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.sqlite3"),
    )
    import os

    from django.test import override_settings

    here = Path.cwd()
    os.chdir(copy)
    try:
        with override_settings(LOCALE_PATHS=[copy / "locale"]):
            call_command("makemessages", verbosity=0, **MAKEMESSAGES)
    finally:
        os.chdir(here)
    return copy / "locale"


@pytest.mark.parametrize("po", CATALOGUES, ids=language_of)
def test_makemessages_would_not_change_the_catalogue(po: Path, fresh_catalogues: Path) -> None:
    fresh = fresh_catalogues / po.relative_to(LOCALE_DIR)
    committed, wanted = msgids(po), msgids(fresh)
    missing, stale = sorted(wanted - committed), sorted(committed - wanted)
    assert not missing and not stale, (
        f"run `make messages`: {len(missing)} strings missing from {language_of(po)}, "
        f"{len(stale)} no longer in the code; e.g. missing {missing[:3]}, stale {stale[:3]}"
    )


@pytest.mark.parametrize("po", CATALOGUES, ids=language_of)
def test_the_compiled_catalogue_matches(po: Path) -> None:
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"run `make messages`: {mo} is missing"
    translated = {
        (e.msgctxt or "", e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.pofile(str(po)).translated_entries()
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt or "", e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
        for e in polib.mofile(str(mo))
        if e.msgid
    }
    assert compiled == translated, f"run `make messages`: {mo.name} is older than its .po"


# Letters English does not use, and bokmål words that are not English words.
NORWEGIAN_LETTERS = re.compile(r"[æøåÆØÅ]")
# Names that English writes with Norwegian letters: "Norwegian Bokmål" is the language's
# English name.
ENGLISH_WITH_NORWEGIAN_LETTERS = frozenset({"Bokmål"})
NORWEGIAN_WORDS = frozenset(
    " ".join(
        (
            "og ikke jeg deg meg hva hvem hvordan hvorfor hvis eller ingen noen skal kan ditt dine",
            "mitt lagre avbryt tilbake slett endre ferdig samtale samtaler leder ledere kl",
            "medarbeider medarbeidere innlogging logg ut sider tilgang enhet enheter svar",
        )
    ).split()
)


class VisibleText(HTMLParser):
    """The text a reader meets on a page: text nodes and the attributes that are read out
    or shown, leaving out script and style, and any element marked with a `lang` other
    than the page's (a passage known to be in another language)."""

    READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "value")
    VOID = frozenset(
        [
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        ]
    )

    def __init__(self, page_language: str) -> None:
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        other = found.get("lang") not in (None, self.page_language) and tag != "html"
        skip = tag in ("script", "style") or other
        if not skip and not self._skipping():
            kind = found.get("type")
            for name in self.READ_ATTRIBUTES:
                if found.get(name) and not (name == "value" and kind in ("hidden", None)):
                    self.parts.append(str(found[name]))
        if tag not in self.VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


def norwegian_in(html: str, user_data: list[str], language: str = "en") -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in sorted(user_data, key=len, reverse=True):
        text = text.replace(value, " ")
    words = re.findall(r"[^\W\d_]+", text)
    return sorted(
        {
            w
            for w in words
            if (NORWEGIAN_LETTERS.search(w) and w not in ENGLISH_WITH_NORWEGIAN_LETTERS)
            or w.lower() in NORWEGIAN_WORDS
        }
    )


def test_the_checker_finds_norwegian_and_spares_marked_passages() -> None:
    page = (
        '<html lang="en"><title>Home</title><p>Save and close</p>'
        '<p lang="nb">Lagre og lukk</p><button aria-label="Slett notatet">x</button>'
        "<script>var ikke = 1;</script><p>Kari Kollega wrote</p></html>"
    )
    assert norwegian_in(page, ["Kari Kollega"]) == ["Slett"]


# The main pages of each persona (issue #13): what a newcomer meets.
PAGES = {
    "anonymous": ["login", "password_reset", "accessibility:statement"],
    "employee": [
        "home",
        "assessments:index",
        "reflections:index",
        "conversations:index",
        "goals:tree",
        "competence:mine",
        "learning:catalogue",
        "expectations:current",
        "audit:my_data",
        "twofactor_manage",
    ],
    "leader": ["home", "team"],
    "hr": [
        "hr_home",
        "hr_privacy",
        "organisation:index",
        "insights:participation",
        "insights:figures",
        "learning:manage",
        "expectations:manage",
        "conversations:periods",
        "accessibility:feedback_list",
    ],
}


def user_data_of(org: Org) -> list[str]:
    """What people wrote or were named: every name, address and unit name."""
    from aktiv.people.models import Unit

    people = list(Person.objects.all())
    names = [p.full_name for p in people] + [p.email for p in people]
    names += [part for p in people for part in p.full_name.split()]
    return names + list(Unit.objects.values_list("name", flat=True))


@pytest.mark.parametrize(("persona", "name"), [(p, n) for p, names in PAGES.items() for n in names])
def test_pages_in_english_have_no_norwegian_words(org: Org, persona: str, name: str) -> None:
    cache.clear()
    if persona == "anonymous":
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
    else:
        person = getattr(org, persona)
        Person.objects.filter(pk=person.pk).update(language="en")
        person.refresh_from_db()
        client = client_for(person)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="en">' in html
    found = norwegian_in(html, user_data_of(org))
    assert not found, f"{name} in English shows Norwegian: {found[:20]}"


def pseudo(text: str) -> str:
    """Every word made "Lorem", placeholders kept: a translation with no Norwegian in it."""
    return re.sub(
        r"%\([^)]+\)[sdf]|%[sdf]|[^\W\d_]+",
        lambda m: m.group(0) if m.group(0).startswith("%") else "Lorem",
        text,
    )


@pytest.fixture
def pseudo_english(tmp_path, settings, fresh_catalogues: Path) -> None:
    """The en catalogue as makemessages makes it from the code now, with every entry
    translated into pseudo-English: a Norwegian word left on a page is one no catalogue can
    reach, text not marked for translation."""
    catalogue = polib.pofile(str(fresh_catalogues / "en" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        if entry.msgid_plural:
            entry.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
        else:
            entry.msgstr = pseudo(entry.msgid)
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]  # Django drops its loaded catalogues on the change


def content_texts() -> list[str]:
    """Every text of the content files (instruments, worksheets, catalogue, expectations):
    translated by their own copies (tests/lib/test_content.py), not by the catalogues."""
    import yaml

    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for folder in ("assessments/instruments", "reflections/content", "learning/content"):
        for path in (PACKAGE_DIR / folder).glob("*.yaml"):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    walk(yaml.safe_load((PACKAGE_DIR / "expectations/content/defaults.yaml").read_text()))
    return [text for text in found if len(text) > 3]


@pytest.mark.parametrize(("persona", "name"), [(p, n) for p, names in PAGES.items() for n in names])
def test_every_text_on_the_main_pages_is_marked(
    org: Org, persona: str, name: str, pseudo_english
) -> None:
    """Passes before the catalogues are translated: with every catalogue entry in
    pseudo-English, any Norwegian word left is outside the catalogues."""
    cache.clear()
    if persona == "anonymous":
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
    else:
        person = getattr(org, persona)
        Person.objects.filter(pk=person.pk).update(language="en")
        client = client_for(person)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = " ".join(page.content.decode().split())
    found = norwegian_in(html, user_data_of(org) + content_texts())
    assert not found, f"{name}: text not marked for translation: {found[:20]}"


def _flow_pages() -> list[tuple[str, str, object]]:
    """The pages of the newcomer's flows (issue #13): a self-assessment, each worksheet, a
    follow-up's preparation, the goal conversation and the evaluation."""
    from aktiv.reflections.registry import all_tools

    from . import test_permission_matrix as matrix

    pages: list[tuple[str, str, object]] = [
        ("employee", "assessments:instrument", matrix._key("aktivt-medarbeiderskap")),
        ("employee", "assessments:response", matrix._draft_response),
        ("employee", "assessments:response", matrix._shared_response),
        ("employee", "reflections:worksheet", matrix._draft_worksheet),
        ("employee", "conversations:record", matrix._record),
        ("employee", "conversations:follow_up", matrix._follow_up_uuid),
        ("leader", "conversations:follow_up", matrix._follow_up_uuid),
        ("employee", "conversations:evaluation", matrix._record),
        ("employee", "conversations:record_goals", matrix._goals_record),
    ]
    pages += [
        (
            "employee" if t.audience == "everyone" else "leader",
            "reflections:tool",
            matrix._key(t.key),
        )
        for t in all_tools()
    ]
    return pages


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    _flow_pages(),
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_text_in_the_flows_is_marked(
    org: Org, persona: str, name: str, args, pseudo_english
) -> None:
    cache.clear()
    Person.objects.filter(language="").update(language="en")
    url = reverse(name, args=args(org))
    page = client_for(Person.objects.get(pk=getattr(org, persona).pk)).get(url)
    assert page.status_code == 200
    html = " ".join(page.content.decode().split())
    found = norwegian_in(html, user_data_of(org) + content_texts())
    assert not found, f"{url}: text not marked for translation: {found[:20]}"


@pytest.mark.parametrize("path", ["/finnes-ikke/", "/tilgjengelighet/"])
def test_error_and_open_pages_are_marked(db, path: str, pseudo_english) -> None:
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
    html = " ".join(page.content.decode().split())
    assert '<html lang="en">' in html
    assert not norwegian_in(html, [])


# Strings with Norwegian letters that are not text for a reader: identifiers, the spelling
# of file names, each language's own name, and the demo organisation's data.
NOT_TEXT = {
    "aktiv/lib/pdf.py": {"æ", "ø", "å", "Æ", "Ø", "Å"},
    "aktiv/conversations/followups/ics.py": {"-//Aktiv//Oppfølgingssamtaler//NB"},
    "aktiv/people/models.py": {"Norsk bokmål"},
    "aktiv/settings.py": {"Norsk bokmål"},
}
DATA_MODULES = ("demo.py", "synth.py", "commands/demo.py")
# The names makemessages passes to xgettext: a string given to any other name (an alias
# such as `gettext as gettext_now`) is never collected.
GETTEXT_NAMES = frozenset(
    [
        "_",
        "gettext",
        "gettext_lazy",
        "gettext_noop",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
    ]
)


def unmarked_python_strings() -> list[str]:
    import ast

    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        relative = path.relative_to(PACKAGE_DIR.parent).as_posix()
        if "migrations" in path.parts or relative.endswith(DATA_MODULES):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if not NORWEGIAN_LETTERS.search(node.value) or isinstance(parents.get(node), ast.Expr):
                continue  # no Norwegian letter, or a docstring
            if node.value in NOT_TEXT.get(relative, set()):
                continue
            outer = parents.get(node)
            while outer is not None and not isinstance(outer, ast.Call):
                outer = parents.get(outer)
            name = getattr(getattr(outer, "func", None), "id", None)
            if name not in GETTEXT_NAMES:
                found.append(f"{relative}:{node.lineno}: {node.value[:60]!r}")
    return found


def test_python_text_is_marked_with_a_name_makemessages_knows() -> None:
    assert unmarked_python_strings() == []


# Bokmål forms that nynorsk never uses (issue #13: a newcomer in nynorsk meets no bokmål).
BOKMAL_ONLY = frozenset(
    " ".join(
        (
            "ikke jeg hva hvem hvordan hvorfor hvis noen noe bare mye hennes",
            "leder ledere lederen enhet enheter enheten medarbeider medarbeidere fra",
            "egenvurdering egenvurderinger forventninger gjøre være ble",
        )
    ).split()
)


def bokmal_in(html: str, user_data: list[str]) -> list[str]:
    parser = VisibleText("nn")
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in sorted(user_data, key=len, reverse=True):
        text = text.replace(value, " ")
    return sorted({w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in BOKMAL_ONLY})


@pytest.mark.parametrize(("persona", "name"), [(p, n) for p, names in PAGES.items() for n in names])
def test_pages_in_nynorsk_have_no_bokmal_words(org: Org, persona: str, name: str) -> None:
    cache.clear()
    if persona == "anonymous":
        client = Client(HTTP_ACCEPT_LANGUAGE="nn")
    else:
        person = getattr(org, persona)
        Person.objects.filter(pk=person.pk).update(language="nn")
        person.refresh_from_db()
        client = client_for(person)
    page = client.get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="nn">' in html
    found = bokmal_in(html, user_data_of(org))
    assert not found, f"{name} in nynorsk shows bokmål: {found[:20]}"


def test_the_bokmal_check_finds_bokmal(org: Org) -> None:
    """The same page in bokmål trips the check: it can fail."""
    html = client_for(org.leader).get(reverse("home")).content.decode()
    assert bokmal_in(html, user_data_of(org))
