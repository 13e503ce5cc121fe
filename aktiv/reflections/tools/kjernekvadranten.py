"""Kjernekvadranten (Daniel Ofman; named in seed 002): a core quality, its pitfall (too much
of it), the challenge (the pitfall's positive opposite) and the allergy (too much of the
challenge, the core quality's negative opposite). Drawn as the classic quadrant."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.lib.forms import TOO_LONG

from ..registry import ContentError, Data, WorksheetForm, tool

KEY = "kjernekvadranten"
# The cycle, in order; the drawing places them clockwise from the top left.
CORNERS = ("core_quality", "pitfall", "challenge", "allergy")
WORD_MAX = 200
ANSWER_MAX = 5000


class CoreQuadrantForm(WorksheetForm):
    required_when_done = CORNERS

    def setup(self) -> None:
        content = self.tool.content
        for key in CORNERS:
            corner = content["corners"][key]
            self.fields[key] = forms.CharField(
                label=corner["label"],
                help_text=corner["help"],
                required=False,
                max_length=WORD_MAX,
                error_messages={
                    "max_length": _(
                        "Skriv kortere: høyst %(limit_value)d tegn (nå %(show_value)d)."
                    )
                },
            )
        for question in content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    def corner_fields(self) -> list[BoundField]:
        return [self[key] for key in CORNERS]

    def question_fields(self) -> list[BoundField]:
        return [self[question["key"]] for question in self.tool.content["questions"]]


# The drawing: four boxes with arrows between them in the gaps. Narrow enough that the
# words stay readable on a phone, where the drawing fills the width.
WIDTH = 440
HEIGHT = 320
BOX_WIDTH = 170
BOX_HEIGHT = 110
LINE_CHARS = 16
POSITIONS = {
    "core_quality": (10, 10),
    "pitfall": (260, 10),
    "challenge": (260, 200),
    "allergy": (10, 200),
}


@dataclass(frozen=True)
class _Box:
    key: str
    number: int
    label: str
    relation: str
    text: str
    x: int
    y: int
    # The person's words wrapped for the box: (line, y) pairs.
    lines: list[tuple[str, int]]


@dataclass(frozen=True)
class _Arrow:
    label: str
    x1: int
    y1: int
    x2: int
    y2: int
    head: str
    label_x: int
    label_y: int
    anchor: str


def _wrap(text: str) -> list[str]:
    """At most two lines; anything longer ends in an ellipsis (the list below has it all)."""
    lines = textwrap.wrap(text, LINE_CHARS)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LINE_CHARS - 1].rstrip() + "…"]
    return lines


def _arrow(label: str, start: tuple[int, int], end: tuple[int, int], side: str) -> _Arrow:
    """A straight horizontal or vertical arrow with its head at `end` and its label above it
    (horizontal) or beside it, towards the middle of the drawing (vertical)."""
    (x1, y1), (x2, y2) = start, end
    dx, dy = (x2 > x1) - (x2 < x1), (y2 > y1) - (y2 < y1)
    # The line stops where the head begins, so the head's tip is sharp.
    line_end = (x2 - 10 * dx, y2 - 10 * dy)
    left = (line_end[0] - 6 * dy, line_end[1] + 6 * dx)
    right = (line_end[0] + 6 * dy, line_end[1] - 6 * dx)
    head = " ".join(f"{x},{y}" for x, y in ((x2, y2), left, right))
    middle = (y1 + y2) // 2 + 5
    if side == "above":
        label_x, label_y, anchor = (x1 + x2) // 2, y1 - 8, "middle"
    elif side == "right":
        label_x, label_y, anchor = x1 + 8, middle, "start"
    else:
        label_x, label_y, anchor = x1 - 8, middle, "end"
    return _Arrow(label, x1, y1, *line_end, head, label_x, label_y, anchor)


def _arrows(labels: dict[str, str]) -> list[_Arrow]:
    """Core quality → pitfall → challenge → allergy → core quality, clockwise."""
    left, top = POSITIONS["core_quality"]
    right, bottom = POSITIONS["challenge"]
    # Arrows start and end 4px off the boxes' edges.
    inner_left, inner_right = left + BOX_WIDTH + 4, right - 4
    inner_top, inner_bottom = top + BOX_HEIGHT + 4, bottom - 4
    top_y, bottom_y = top + BOX_HEIGHT // 2, bottom + BOX_HEIGHT // 2
    left_x, right_x = left + BOX_WIDTH // 2, right + BOX_WIDTH // 2
    return [
        _arrow(labels["too_much"], (inner_left, top_y), (inner_right, top_y), "above"),
        _arrow(labels["positive_opposite"], (right_x, inner_top), (right_x, inner_bottom), "left"),
        _arrow(labels["too_much"], (inner_right, bottom_y), (inner_left, bottom_y), "above"),
        _arrow(labels["negative_opposite"], (left_x, inner_bottom), (left_x, inner_top), "right"),
    ]


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    content = TOOL.content
    words = {key: str(data.get(key) or "").strip() for key in CORNERS}
    if not any(words.values()):
        return None
    boxes = []
    for number, key in enumerate(CORNERS, start=1):
        corner = content["corners"][key]
        x, y = POSITIONS[key]
        boxes.append(
            _Box(
                key=key,
                number=number,
                label=corner["label"],
                relation=corner["relation"],
                text=words[key],
                x=x,
                y=y,
                lines=[(line, y + 62 + 24 * index) for index, line in enumerate(_wrap(words[key]))],
            )
        )
    return render_to_string(
        f"reflections/drawings/{KEY}.html",
        {
            "boxes": boxes,
            "arrows": _arrows(content["arrows"]),
            "width": WIDTH,
            "height": HEIGHT,
            "box_width": BOX_WIDTH,
            "box_height": BOX_HEIGHT,
        },
    )


TOOL = tool(KEY, CoreQuadrantForm, order=70, drawing=drawing, stylesheet=True)

if set(TOOL.content["corners"]) != set(CORNERS):
    raise ContentError(f"{KEY}.yaml: corners must be exactly {CORNERS}")
