"""Prioritering (seed 002): "Hva jobber du med og hva bør du egentlig jobbe med?" The person
lists tasks, places each in the important × urgent model as they prioritise today and as they
should, and answers five reflection questions. Drawn as two 2×2 models side by side."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.lib.forms import TOO_LONG

from ..registry import ContentError, Data, WorksheetForm, tool

KEY = "prioritering"
# Fixed rows instead of a formset: the page works without JavaScript and ten tasks are
# plenty for one reflection.
MAX_TASKS = 10
# Rows shown before the rest fold away behind "Flere rader": ten empty rows are daunting on a
# phone.
SHOWN_ROWS = 5
TITLE_MAX = 200
ANSWER_MAX = 5000
PARTS = ("title", "today", "should")


def _name(number: int, part: str) -> str:
    return f"task_{number}_{part}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class TaskRow:
    """One task's three fields, for the template."""

    number: int
    title: BoundField
    today: BoundField
    should: BoundField

    @property
    def has_errors(self) -> bool:
        return bool(self.title.errors or self.today.errors or self.should.errors)


class PrioritisationForm(WorksheetForm):
    def setup(self) -> None:
        content = self.tool.content
        labels = content["labels"]
        choices = [
            ("", _("Velg plassering")),
            *((quadrant["key"], quadrant["label"]) for quadrant in content["quadrants"]),
        ]
        for number in range(1, MAX_TASKS + 1):
            task = f"{labels['task']} {number}"
            self.fields[_name(number, "title")] = forms.CharField(
                label=task,
                required=False,
                max_length=TITLE_MAX,
                error_messages={
                    "max_length": _(
                        "Skriv kortere: høyst %(limit_value)d tegn (nå %(show_value)d)."
                    )
                },
            )
            for part in ("today", "should"):
                # The label names the row so the error summary says which task is meant.
                self.fields[_name(number, part)] = forms.ChoiceField(
                    label=f"{task}: {_lower_first(labels[part])}",
                    choices=choices,
                    required=False,
                    error_messages={"invalid_choice": _("Velg en av de fire rutene i modellen.")},
                )
        for question in content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_task = False
        for number in range(1, MAX_TASKS + 1):
            title_name = _name(number, "title")
            title = cleaned.get(title_name) or title_name in self.errors
            placed = {part: cleaned.get(_name(number, part)) for part in ("today", "should")}
            if title:
                has_task = True
                if self.completing:
                    self._require_placements(number, placed)
            elif any(placed.values()):
                self.add_error(title_name, _("Skriv hva oppgaven er, eller fjern plasseringen."))
                # That message already says what to fix; "at least one task" would add noise.
                has_task = True
        if self.completing and not has_task:
            self.add_error(
                _name(1, "title"),
                _(
                    "Skriv inn minst én oppgave og plasser den i begge modellene før du "
                    "markerer arket som ferdig."
                ),
            )
        return cleaned

    def _require_placements(self, number: int, placed: dict[str, str | None]) -> None:
        messages = {
            "today": _("Velg hvor oppgaven står i dag før du markerer arket som ferdig."),
            "should": _("Velg hvor oppgaven bør stå før du markerer arket som ferdig."),
        }
        for part, value in placed.items():
            name = _name(number, part)
            if not value and name not in self.errors:
                self.add_error(name, messages[part])

    def to_data(self) -> Data:
        cleaned = self.cleaned_data
        # Empty rows are dropped, so the stored list (and the drawing's numbers) has no gaps.
        tasks = [
            {
                "title": title,
                "today": cleaned.get(_name(number, "today")) or None,
                "should": cleaned.get(_name(number, "should")) or None,
            }
            for number in range(1, MAX_TASKS + 1)
            if (title := cleaned.get(_name(number, "title")))
        ]
        data: Data = {"tasks": tasks}
        for question in self.tool.content["questions"]:
            data[question["key"]] = cleaned.get(question["key"], "")
        return data

    @classmethod
    def initial_from(cls, data: Any) -> Data:
        initial = {key: value for key, value in data.items() if key != "tasks"}
        for number, task in enumerate(_stored_tasks(data)[:MAX_TASKS], start=1):
            for part in PARTS:
                initial[_name(number, part)] = task.get(part) or ""
        return initial

    def rows(self) -> list[TaskRow]:
        return [
            TaskRow(number, *(self[_name(number, part)] for part in PARTS))
            for number in range(1, MAX_TASKS + 1)
        ]

    def _shown_count(self) -> int:
        used = [
            number
            for number in range(1, MAX_TASKS + 1)
            if any(self[_name(number, part)].value() for part in PARTS)
        ]
        return min(MAX_TASKS, max(SHOWN_ROWS, max(used, default=0) + 1))

    def shown_rows(self) -> list[TaskRow]:
        return self.rows()[: self._shown_count()]

    def folded_rows(self) -> list[TaskRow]:
        return self.rows()[self._shown_count() :]

    def question_fields(self) -> list[BoundField]:
        return [self[question["key"]] for question in self.tool.content["questions"]]


def _stored_tasks(data: Any) -> list[dict[str, Any]]:
    """The stored task list, ignoring anything malformed rather than failing a page."""
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, list):
        return []
    return [task for task in tasks if isinstance(task, dict) and task.get("title")]


# The drawing: two models, each 2×2 quadrants of QUADRANT px, axes on the left and below.
QUADRANT = 150
LEFT = 34
TOP = 34
WIDTH = LEFT + 2 * QUADRANT + 6
HEIGHT = TOP + 2 * QUADRANT + 36
MARKER_COLUMNS = 4
MARKER_GAP = 34
# (important, urgent): the model has each once.
KINDS = [(False, False), (False, True), (True, False), (True, True)]


@dataclass(frozen=True)
class _Quadrant:
    key: str
    x: int
    y: int
    # Its label, wrapped: (line, y) pairs.
    lines: list[tuple[str, int]]


@dataclass(frozen=True)
class _Marker:
    number: int
    x: int
    y: int
    moved: bool


@dataclass(frozen=True)
class _Task:
    number: int
    title: str
    today: str
    should: str
    complete: bool
    moved: bool


def _quadrants() -> list[_Quadrant]:
    quadrants = []
    for quadrant in TOOL.content["quadrants"]:
        y = TOP + (0 if quadrant["important"] else QUADRANT)
        lines = textwrap.wrap(quadrant["label"], 16)[:2]
        quadrants.append(
            _Quadrant(
                key=quadrant["key"],
                x=LEFT + (QUADRANT if quadrant["urgent"] else 0),
                y=y,
                lines=[(line, y + 19 + 15 * index) for index, line in enumerate(lines)],
            )
        )
    return quadrants


def _markers(tasks: list[dict[str, Any]], part: str, quadrants: list[_Quadrant]) -> list[_Marker]:
    """Each task as a numbered marker in its quadrant, laid out in rows of four."""
    by_key = {quadrant.key: quadrant for quadrant in quadrants}
    placed: dict[str, int] = {}
    markers = []
    for number, task in enumerate(tasks, start=1):
        quadrant = by_key.get(task.get(part) or "")
        if quadrant is None:
            continue
        index = placed.get(quadrant.key, 0)
        placed[quadrant.key] = index + 1
        markers.append(
            _Marker(
                number=number,
                x=quadrant.x + 22 + (index % MARKER_COLUMNS) * MARKER_GAP,
                y=quadrant.y + 62 + (index // MARKER_COLUMNS) * MARKER_GAP,
                moved=_moved(task),
            )
        )
    return markers


def _moved(task: dict[str, Any]) -> bool:
    return bool(task.get("today") and task.get("should") and task["today"] != task["should"])


def _axes() -> dict[str, int]:
    """Where the two axis arrows and their labels go."""
    bottom = TOP + 2 * QUADRANT
    return {
        "title_x": LEFT + QUADRANT,
        "v_x": LEFT - 14,
        "v_top": TOP,
        "v_bottom": bottom,
        "v_label_x": LEFT - 20,
        "v_label_y": TOP + QUADRANT,
        "h_y": bottom + 12,
        "h_left": LEFT,
        "h_right": LEFT + 2 * QUADRANT,
        "h_label_x": LEFT + QUADRANT,
        "h_label_y": bottom + 30,
    }


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    tasks = _stored_tasks(data)
    if not tasks:
        return None
    content = TOOL.content
    labels = {quadrant["key"]: quadrant["label"] for quadrant in content["quadrants"]}
    quadrants = _quadrants()
    rows = [
        _Task(
            number=number,
            title=str(task["title"]),
            today=labels.get(task.get("today") or "", ""),
            should=labels.get(task.get("should") or "", ""),
            complete=bool(task.get("today") and task.get("should")),
            moved=_moved(task),
        )
        for number, task in enumerate(tasks, start=1)
    ]
    grids = [
        {
            "id": f"{KEY}-{part}",
            "title": content["labels"][part],
            "markers": _markers(tasks, part, quadrants),
        }
        for part in ("today", "should")
    ]
    return render_to_string(
        f"reflections/drawings/{KEY}.html",
        {
            "grids": grids,
            "quadrants": quadrants,
            "tasks": rows,
            "moved_count": sum(row.moved for row in rows),
            "labels": content["labels"],
            "width": WIDTH,
            "height": HEIGHT,
            "size": QUADRANT,
            "axes": _axes(),
        },
    )


TOOL = tool(KEY, PrioritisationForm, order=20, drawing=drawing, stylesheet=True)

if sorted((q["important"], q["urgent"]) for q in TOOL.content["quadrants"]) != KINDS:
    raise ContentError(f"{KEY}.yaml: quadrants must cover important × urgent exactly once")
