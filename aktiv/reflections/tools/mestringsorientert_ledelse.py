"""Mestringsorientert ledelse (seed 001; leaders): where the leader stands on the five marks of
mastery-oriented leadership, which empowerment principle they will work on, and one short plan
for each of their active direct reports (stored in the leader's own worksheet only). Linked to
the leader's latest *lederferdigheter* self-assessment and, through the template tag
`learning.sessions_for_dimensions`, to the learning catalogue. Drawn as one bar per mark, with
the previous finished version beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.lib.forms import TOO_LONG
from aktiv.people.models import Person

from ..registry import ContentError, Data, WorksheetForm, tool

KEY = "mestringsorientert-ledelse"
INSTRUMENT_KEY = "lederferdigheter"
PLAN_MAX = 1000
ANSWER_MAX = 3000


def _mark_name(key: str) -> str:
    return f"mark_{key}"


def _plan_name(person: Person) -> str:
    return f"plan_{person.uuid}"


@dataclass(frozen=True)
class PersonPlan:
    person: Person
    field: BoundField


@dataclass(frozen=True)
class Skill:
    """One lederferdigheter dimension with the leader's mean from their latest response."""

    key: str
    title: str
    mean: float | None


class MasteryForm(WorksheetForm):
    def setup(self) -> None:
        content = self.tool.content
        scale = content["scale"]
        choices = [(str(v), str(v)) for v in range(scale["min"], scale["max"] + 1)]
        for mark in content["marks"]:
            self.fields[_mark_name(mark["key"])] = forms.TypedChoiceField(
                label=mark["text"],
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Velg et tall fra %(min)s til %(max)s.")
                    % {"min": scale["min"], "max": scale["max"]}
                },
            )
        self.required_when_done = tuple(self.fields)
        self.fields["focus"] = forms.ChoiceField(
            label=content["focus_question"],
            choices=[("", "–")] + [(p["key"], p["title"]) for p in content["principles"]],
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Velg et av de tre prinsippene.")},
        )
        self.reports = list(self.person.active_direct_reports())
        for report in self.reports:
            self.fields[_plan_name(report)] = forms.CharField(
                label=content["plan_label"] % {"name": report.full_name},
                required=False,
                max_length=PLAN_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=TOO_LONG,
            )
        for question in content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                help_text=question.get("prompt", ""),
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    def to_data(self) -> Data:
        cleaned = self.cleaned_data
        content = self.tool.content
        data: Data = {
            "marks": {m["key"]: cleaned.get(_mark_name(m["key"])) for m in content["marks"]},
            "focus": cleaned.get("focus", ""),
            # The name as it was when written, so the history reads right after someone left.
            "people": [
                {
                    "uuid": str(report.uuid),
                    "name": report.full_name,
                    "plan": cleaned.get(_plan_name(report), "").strip(),
                }
                for report in self.reports
            ],
        }
        for question in content["questions"]:
            data[question["key"]] = cleaned.get(question["key"], "").strip()
        return data

    @classmethod
    def initial_from(cls, data: Any) -> Data:
        initial: Data = {
            key: value for key, value in data.items() if key not in ("marks", "people")
        }
        marks = data.get("marks")
        if isinstance(marks, dict):
            initial.update({_mark_name(key): value for key, value in marks.items()})
        people = data.get("people")
        if isinstance(people, list):
            for entry in people:
                if isinstance(entry, dict) and entry.get("uuid"):
                    initial[f"plan_{entry['uuid']}"] = entry.get("plan", "")
        return initial

    def mark_fields(self) -> list[tuple[dict[str, Any], BoundField, str]]:
        """(mark, its field, the titles of the lederferdigheter dimensions it builds on)."""
        titles = {d.key: d.title for d in definitions.latest(INSTRUMENT_KEY).dimensions}
        return [
            (
                m,
                self[_mark_name(m["key"])],
                "; ".join(titles[link["dimension_key"]] for link in m["links"]),
            )
            for m in self.tool.content["marks"]
        ]

    def plans(self) -> list[PersonPlan]:
        return [PersonPlan(report, self[_plan_name(report)]) for report in self.reports]

    def question_fields(self) -> list[BoundField]:
        return [self[q["key"]] for q in self.tool.content["questions"]]

    def skills(self) -> list[Skill]:
        return skills_of(self.person)

    def skills_response_url(self) -> str:
        response = _latest_response(self.person)
        return response.get_absolute_url() if response else reverse("reflections:index")


def _latest_response(person: Person) -> Response | None:
    return Response.objects.owned_by(person).submitted().for_instrument(INSTRUMENT_KEY).first()


def skills_of(person: Person) -> list[Skill]:
    """The lederferdigheter dimensions, with this person's own latest means (their own
    results: only ever shown on their own edit page)."""
    response = _latest_response(person)
    means: dict[str, float | None] = {}
    instrument = definitions.latest(INSTRUMENT_KEY)
    if response is not None:
        means = response.instrument.dimension_means(response.answers_by_item())
    return [Skill(d.key, d.title, means.get(d.key)) for d in instrument.dimensions]


# The drawing: per mark a label and a bar on the 1–5 scale, with the previous version's value
# as a thin bar under it.
WIDTH = 460
LEFT = 8
RIGHT = 40
TOP = 40
ROW_HEIGHT = 62
BAR_HEIGHT = 16
SPAN = WIDTH - LEFT - RIGHT


@dataclass(frozen=True)
class _Row:
    text: str
    label_y: int
    now: int | None
    before: int | None
    now_y: int
    before_y: int

    @property
    def now_width(self) -> float:
        return _width(self.now)

    @property
    def before_width(self) -> float:
        return _width(self.before)

    @property
    def now_text(self) -> str:
        return "–" if self.now is None else str(self.now)

    @property
    def before_text(self) -> str:
        return "–" if self.before is None else str(self.before)


def _width(value: int | None) -> float:
    return 0 if value is None else round(SPAN * value / 5, 1)


def _mark(data: Data, key: str) -> int | None:
    marks = data.get("marks")
    value = marks.get(key) if isinstance(marks, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return None
    return value


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    content = TOOL.content
    previous = history[-1] if history else {}
    rows = []
    for index, mark in enumerate(content["marks"]):
        top = TOP + index * ROW_HEIGHT
        rows.append(
            _Row(
                text=mark["text"],
                label_y=top + 14,
                now=_mark(data, mark["key"]),
                before=_mark(previous, mark["key"]),
                now_y=top + 22,
                before_y=top + 22 + BAR_HEIGHT + 4,
            )
        )
    if all(row.now is None for row in rows):
        return None
    return render_to_string(
        f"reflections/drawings/{KEY}.html",
        {
            "rows": rows,
            "has_before": bool(history),
            "width": WIDTH,
            "height": TOP + len(rows) * ROW_HEIGHT,
            "left": LEFT,
            "bar_height": BAR_HEIGHT,
            "before_height": BAR_HEIGHT // 2,
            "ticks": [(tick, LEFT + _width(tick)) for tick in range(1, 6)],
        },
    )


TOOL = tool(KEY, MasteryForm, order=85, audience="leaders", drawing=drawing, stylesheet=True)

if len(TOOL.content["marks"]) != 5 or len(TOOL.content["principles"]) != 3:
    raise ContentError(f"{KEY}.yaml: needs the five marks and the three principles")
