"""Lederens fire jobber (seeds 000, 001; leaders): how the leader's time is split across the
four jobs today and how it should be split, and what they will change ("kvesse øksa").
Drawn as paired horizontal bars, today beside should, per job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.lib.forms import TOO_LONG

from ..registry import ContentError, Data, WorksheetForm, tool

KEY = "fire-jobber"
SPLITS = ("today", "should")
ANSWER_MAX = 5000


def _name(split: str, job: str) -> str:
    return f"{split}_{job}"


@dataclass(frozen=True)
class SplitField:
    job: dict[str, Any]
    field: BoundField


@dataclass(frozen=True)
class Split:
    """One way of splitting the time (today or should), for the template."""

    key: str
    legend: str
    sum_error: str
    fields: list[SplitField]

    @property
    def has_errors(self) -> bool:
        return bool(self.sum_error or any(f.field.errors for f in self.fields))


class FourJobsForm(WorksheetForm):
    def setup(self) -> None:
        content = self.tool.content
        # Which split sums wrongly, so the message shows inside that fieldset too.
        self.sum_errors: dict[str, str] = {}
        for split in SPLITS:
            for job in content["jobs"]:
                self.fields[_name(split, job["key"])] = forms.IntegerField(
                    label=f"{job['short']} ({content['splits'][split]['short'].lower()})",
                    required=False,
                    min_value=0,
                    max_value=100,
                    widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
                    error_messages={
                        "invalid": _("Skriv et helt tall fra 0 til 100, uten desimaler."),
                        "min_value": _("Prosenten kan ikke være lavere enn 0."),
                        "max_value": _("Prosenten kan ikke være høyere enn 100."),
                    },
                )
        self.required_when_done = tuple(self.fields)
        for question in content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                help_text=question.get("prompt", ""),
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    def _job_keys(self) -> list[str]:
        return [job["key"] for job in self.tool.content["jobs"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        messages = {
            "today": _("Fordelingen i dag summerer til %(total)s %%, den må bli 100 %%."),
            "should": _(
                "Fordelingen slik den bør være summerer til %(total)s %%, den må bli 100 %%."
            ),
        }
        for split in SPLITS:
            names = [_name(split, job) for job in self._job_keys()]
            values = [cleaned.get(name) for name in names]
            # A draft may hold a partly filled split while the person is still working it
            # out; only a fully filled split is held to 100 %. Marking done needs all eight
            # numbers (required_when_done), so a finished sheet always has both sums right.
            if any(name in self.errors for name in names) or None in values:
                continue
            total = sum(value for value in values if value is not None)
            if total != 100:
                self.sum_errors[split] = messages[split] % {"total": total}
                self.add_error(None, self.sum_errors[split])
        return cleaned

    def to_data(self) -> Data:
        cleaned = self.cleaned_data
        data: Data = {
            split: {job: cleaned.get(_name(split, job)) for job in self._job_keys()}
            for split in SPLITS
        }
        for question in self.tool.content["questions"]:
            data[question["key"]] = cleaned.get(question["key"], "")
        return data

    @classmethod
    def initial_from(cls, data: Any) -> Data:
        initial = {key: value for key, value in data.items() if key not in SPLITS}
        for split in SPLITS:
            values = data.get(split)
            if isinstance(values, dict):
                initial.update({_name(split, job): value for job, value in values.items()})
        return initial

    def splits(self) -> list[Split]:
        content = self.tool.content
        return [
            Split(
                key=split,
                legend=content["splits"][split]["legend"],
                sum_error=self.sum_errors.get(split, ""),
                fields=[
                    SplitField(job=job, field=self[_name(split, job["key"])])
                    for job in content["jobs"]
                ],
            )
            for split in SPLITS
        ]

    def question_fields(self) -> list[BoundField]:
        return [self[question["key"]] for question in self.tool.content["questions"]]


# The drawing: per job a label and two bars (today, should) on a 0–100 % scale.
# Narrow enough that the text stays readable on a phone, where the chart fills the width.
WIDTH = 460
LEFT = 8
RIGHT = 56
TOP = 62
ROW_HEIGHT = 80
BAR_HEIGHT = 18
SPAN = WIDTH - LEFT - RIGHT
TICKS = (0, 25, 50, 75, 100)


@dataclass(frozen=True)
class _Bar:
    split: str
    value: int | None
    y: int
    width: float

    @property
    def text(self) -> str:
        return "–" if self.value is None else f"{self.value} %"

    @property
    def text_x(self) -> float:
        return LEFT + self.width + 6


@dataclass(frozen=True)
class _Job:
    short: str
    label_y: int
    bars: list[_Bar]
    today: int | None
    should: int | None

    @property
    def change(self) -> str:
        """The change in percentage points, with its sign as Norwegians write it."""
        if self.today is None or self.should is None:
            return "–"
        difference = self.should - self.today
        if difference == 0:
            return "±0"
        return f"+{difference}" if difference > 0 else f"−{abs(difference)}"


def _percent(value: Any) -> int | None:
    """A stored percentage, or None for anything that is not one (drafts, old data)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        return None
    return int(value)


def _stored(data: Data, split: str) -> dict[str, Any]:
    values = data.get(split)
    return values if isinstance(values, dict) else {}


def _bar_x(value: int) -> float:
    return round(SPAN * value / 100, 1)


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    content = TOOL.content
    keys = [job["key"] for job in content["jobs"]]
    values = {
        split: {key: _percent(_stored(data, split).get(key)) for key in keys} for split in SPLITS
    }
    if all(value is None for split in SPLITS for value in values[split].values()):
        return None
    jobs = []
    for index, job in enumerate(content["jobs"]):
        top = TOP + index * ROW_HEIGHT
        bars = []
        for offset, split in enumerate(SPLITS):
            value = values[split][job["key"]]
            bars.append(
                _Bar(
                    split=split,
                    value=value,
                    y=top + 26 + offset * (BAR_HEIGHT + 4),
                    width=_bar_x(value or 0),
                )
            )
        jobs.append(
            _Job(
                short=job["short"],
                label_y=top + 18,
                bars=bars,
                today=values["today"][job["key"]],
                should=values["should"][job["key"]],
            )
        )
    height = TOP + len(jobs) * ROW_HEIGHT
    return render_to_string(
        f"reflections/drawings/{KEY}.html",
        {
            "jobs": jobs,
            "splits": [(content["splits"][split]["short"], split) for split in SPLITS],
            "ticks": [(tick, LEFT + _bar_x(tick)) for tick in TICKS],
            "change_label": content["change_label"],
            "width": WIDTH,
            "height": height,
            "left": LEFT,
            "bar_height": BAR_HEIGHT,
            "grid_top": TOP - 8,
            "grid_bottom": height - 6,
        },
    )


TOOL = tool(KEY, FourJobsForm, order=80, audience="leaders", drawing=drawing, stylesheet=True)

if len(TOOL.content["jobs"]) != 4 or set(TOOL.content["splits"]) != set(SPLITS):
    raise ContentError(f"{KEY}.yaml: needs the four jobs and the splits {SPLITS}")
