"""The reflection tools (PRODUCT.md 2.2): what each is called, who it is for, its form and
its drawing. Texts live in `content/<key>.yaml` (data, not code)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django import forms
from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.lib import content as localized
from aktiv.lib.forms import TOO_LONG

if TYPE_CHECKING:
    from aktiv.people.models import Person

CONTENT_DIR = Path(__file__).resolve().parent / "content"
AUDIENCES = ("everyone", "leaders")

Data = dict[str, Any]


class ContentError(ValueError):
    """A content file that does not describe its tool."""


def load_content(key: str, language: str | None = None) -> dict[str, Any]:
    """The tool's texts in `language` (default: the active one), from `content/<lang>/` when
    translated, else the bokmål source (aktiv/lib/content.py)."""
    path = CONTENT_DIR / f"{key}.yaml"
    try:
        content = localized.load(path, language)
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path.name}: {error}") from error
    if not isinstance(content, dict):
        raise ContentError(f"{path.name}: must be a mapping")
    for required in ("title", "intro", "summary"):
        if not isinstance(content.get(required), str) or not content[required].strip():
            raise ContentError(f"{path.name}: '{required}' must be a non-empty text")
    return content


class WorksheetForm(forms.Form):
    """A worksheet's fields. Drafts may be incomplete; `completing` (marking the worksheet
    done) also enforces the fields named in `required_when_done`."""

    required_when_done: tuple[str, ...] = ()

    def __init__(
        self,
        *args: Any,
        tool: Tool,
        person: Person,
        completing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.person = person
        self.completing = completing
        self.setup()

    def setup(self) -> None:
        """Add fields that depend on content or on the person."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.completing:
            for name in self.required_when_done:
                # A field that already failed has said why; one message is enough.
                if name in self.errors or name not in self.fields:
                    continue
                if cleaned.get(name) in (None, "", [], ()):
                    self.add_error(name, _("Fyll ut dette før du markerer arket som ferdig."))
        return cleaned

    def to_data(self) -> Data:
        """What is stored: JSON-safe values only."""
        return {name: self.cleaned_data.get(name) for name in self.fields}

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> Data:
        return dict(data)


@dataclass(frozen=True)
class Tool:
    key: str
    form_class: type[WorksheetForm]
    audience: str = "everyone"
    order: int = 100
    # Draws the worksheet (data) with its earlier versions (history, oldest first).
    drawing: Callable[[Data, list[Data]], SafeString | None] | None = None
    # Proposes a first draft for this person (e.g. from their latest self-assessment).
    proposal: Callable[[Person], Data] | None = None
    # Turns the last finished version into the start of a new one (default: a plain copy).
    carry_over: Callable[[Data, Person], Data] | None = None
    # What another viewer (the leader it is shared with) may see of the data: values derived
    # from the person's unshared items (a proposal from a self-assessment) are left out.
    for_others: Callable[[Data], Data] | None = None
    # Text a finished worksheet puts on the next follow-up's agenda ("bestille ledelse").
    agenda_item: Callable[[Data], str] | None = None
    # Defaults to reflections/tools/<key>.html, with partials "form" and "view".
    template_name: str = ""
    # Whether static/css/tools/<key>.css exists and is linked on the tool's pages.
    stylesheet: bool = False
    # The bokmål source, checked when the tool is declared; `content` is the active language's.
    source: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def content(self) -> dict[str, Any]:
        return load_content(self.key)

    @property
    def title(self) -> str:
        return str(self.content["title"])

    @property
    def intro(self) -> str:
        return str(self.content["intro"])

    @property
    def summary(self) -> str:
        return str(self.content["summary"])

    def data_for(self, data: Data, *, is_owner: bool) -> Data:
        """The worksheet's data as this viewer may see it."""
        return data if is_owner or self.for_others is None else self.for_others(data)

    @property
    def template(self) -> str:
        return self.template_name or f"reflections/tools/{self.key}.html"

    @property
    def stylesheet_path(self) -> str:
        return f"css/tools/{self.key}.css" if self.stylesheet else ""

    def is_for(self, *, is_leader: bool) -> bool:
        return self.audience == "everyone" or is_leader

    def draw(self, data: Data, history: list[Data]) -> SafeString | None:
        return self.drawing(data, history) if self.drawing else None


def tool(key: str, form_class: type[WorksheetForm], **options: Any) -> Tool:
    """Declare a tool; its content file is loaded and checked here."""
    audience = options.get("audience", "everyone")
    if audience not in AUDIENCES:
        raise ContentError(f"{key}: audience must be one of {AUDIENCES}")
    return Tool(
        key=key, form_class=form_class, source=load_content(key, settings.LANGUAGE_CODE), **options
    )


@cache
def _tools() -> dict[str, Tool]:
    from . import tools as package

    found: dict[str, Tool] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        declared = getattr(module, "TOOL", None)
        if isinstance(declared, Tool):
            found[declared.key] = declared
    return found


def all_tools() -> list[Tool]:
    return sorted(_tools().values(), key=lambda t: (t.order, t.title))


def get(key: str) -> Tool:
    return _tools()[key]


def available_to(*, is_leader: bool) -> list[Tool]:
    return [t for t in all_tools() if t.is_for(is_leader=is_leader)]


class QuestionsForm(WorksheetForm):
    """Open questions from the content file's `questions` list (key, question, prompt)."""

    MAX_LENGTH = 5000

    def setup(self) -> None:
        for question in self.tool.content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                help_text=question.get("prompt", ""),
                required=False,
                max_length=self.MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=TOO_LONG,
            )
        self.required_when_done = tuple(self.fields)
