"""Karriereposisjon (seeds 002 and 004, after Douglas T. Hall; PRODUCT.md 2.2): a 2×2 of
self-awareness (vertical) and adaptability (horizontal). Self-awareness is proposed from the
person's latest "karrierebevissthet" self-assessment, adaptability from five statements they
rate; the person may move the point. A reflection aid, not a psychological test."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean
from typing import TYPE_CHECKING, Any

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.assessments.models import Response
from aktiv.lib.forms import TOO_LONG

from ..registry import Data, WorksheetForm, tool

if TYPE_CHECKING:
    from aktiv.people.models import Person

KEY = "karriereposisjon"
INSTRUMENT_KEY = "karrierebevissthet"
# Its first three dimensions (karrierebevissthet, kompetansebevissthet, motivasjon og
# arbeidsglede) are about knowing oneself; the fourth (mål og utvikling) is about acting.
AWARENESS_DIMENSIONS = 3
SCALE_MIN = 1.0
SCALE_MAX = 5.0
# The midline lies at the middle of the 1–5 scale. A point exactly on it counts as HIGH on
# that axis (>=), so 3.0 in both lands in PROAKTIV; the drawing puts such a point on the
# line, and the quadrant named beside it follows this same rule.
MIDLINE = 3.0
RATING_PREFIX = "rating_"
AXES = ("self_awareness", "adaptability")


def round_position(value: float) -> float:
    """One decimal, halves up: what the person sees is what decides the quadrant."""
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def quadrant_of(self_awareness: float, adaptability: float) -> str:
    aware = self_awareness >= MIDLINE
    adaptable = adaptability >= MIDLINE
    if aware:
        return "proaktiv" if adaptable else "handlingslammet"
    return "reaktiv" if adaptable else "brikke"


@dataclass(frozen=True)
class AwarenessProposal:
    value: float
    submitted_on: date


def self_awareness_proposal(person: Person) -> AwarenessProposal | None:
    """The mean of the first three dimension means of the person's latest submitted
    karrierebevissthet response, or None when they have none."""
    response = Response.objects.owned_by(person).submitted().for_instrument(INSTRUMENT_KEY).first()
    if response is None or response.submitted_at is None:
        return None
    instrument = response.instrument
    means = instrument.dimension_means(response.answers_by_item())
    values = [
        mean
        for dimension in instrument.dimensions[:AWARENESS_DIMENSIONS]
        if (mean := means.get(dimension.key)) is not None
    ]
    if not values:
        return None
    return AwarenessProposal(
        value=round_position(fmean(values)),
        submitted_on=timezone.localdate(response.submitted_at),
    )


def proposal(person: Person) -> Data:
    """The first worksheet starts with the self-awareness proposal (if any)."""
    found = self_awareness_proposal(person)
    if found is None:
        return {}
    return {
        "proposed": {"self_awareness": found.value, "adaptability": None},
        "self_awareness_source": found.submitted_on.isoformat(),
    }


class PositionField(forms.FloatField):
    """A coordinate on a 1–5 axis. Accepts a decimal comma, as Norwegians write it."""

    def __init__(self, **kwargs: Any) -> None:
        message = _("Skriv et tall fra 1,0 til 5,0, for eksempel 3,5.")
        super().__init__(
            min_value=SCALE_MIN,
            max_value=SCALE_MAX,
            required=False,
            widget=forms.NumberInput(
                attrs={"step": "0.1", "min": "1", "max": "5", "inputmode": "decimal"}
            ),
            error_messages={"invalid": message, "min_value": message, "max_value": message},
            **kwargs,
        )

    # django-stubs types FloatField.to_python as IntegerField's (int); it returns a float.
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        return None if number is None else round_position(number)


class CareerPositionForm(WorksheetForm):
    def setup(self) -> None:
        content = self.tool.content
        # Recomputed for every form rather than read from the stored data: the proposal hook
        # only seeds a person's first worksheet, and a later version should propose from
        # the latest self-assessment.
        self.awareness = self_awareness_proposal(self.person)
        scale_error = _("Velg et tall fra 1 til 5.")
        for statement in content["statements"]:
            self.fields[RATING_PREFIX + statement["key"]] = forms.TypedChoiceField(
                label=statement["text"],
                choices=[(str(v), str(v)) for v in range(1, 6)],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": scale_error},
            )
        position = content["position"]
        self.fields["self_awareness"] = PositionField(label=position["self_awareness_label"])
        self.fields["adaptability"] = PositionField(label=position["adaptability_label"])
        for question in content["questions"]:
            self.fields[question["key"]] = forms.CharField(
                label=question["question"],
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=TOO_LONG,
            )

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(RATING_PREFIX)]

    def question_fields(self) -> list[forms.BoundField]:
        return [self[question["key"]] for question in self.tool.content["questions"]]

    def ratings(self) -> dict[str, int]:
        return {
            name.removeprefix(RATING_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(RATING_PREFIX) and value not in (None, "")
        }

    def proposed_adaptability(self, ratings: Mapping[str, int]) -> float | None:
        # Only a full set is averaged: the mean of two statements says little.
        if len(ratings) < len(self.tool.content["statements"]):
            return None
        return round_position(fmean(ratings.values()))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        proposed = {
            "self_awareness": self.awareness.value if self.awareness else None,
            "adaptability": self.proposed_adaptability(self.ratings()),
        }
        self.proposed = proposed
        self.position: dict[str, float | None] = {
            axis: cleaned[axis] if cleaned.get(axis) is not None else proposed[axis]
            for axis in AXES
        }
        if self.completing:
            self._require_position()
        return cleaned

    def _require_position(self) -> None:
        if self.position["self_awareness"] is None and "self_awareness" not in self.errors:
            self.add_error(
                "self_awareness",
                _(
                    "Skriv inn selvbevisstheten din (1,0–5,0) før du markerer arket som "
                    "ferdig, eller ta egenvurderingen om karrierebevissthet for å få et forslag."
                ),
            )
        if self.position["adaptability"] is None and "adaptability" not in self.errors:
            self.add_error(
                "adaptability",
                _(
                    "Vurder alle de fem utsagnene, eller skriv inn omstillingsdyktigheten din "
                    "(1,0–5,0), før du markerer arket som ferdig."
                ),
            )

    def to_data(self) -> Data:
        awareness, adaptability = self.position["self_awareness"], self.position["adaptability"]
        complete = awareness is not None and adaptability is not None
        return {
            "ratings": self.ratings(),
            "proposed": self.proposed,
            "self_awareness_source": (
                self.awareness.submitted_on.isoformat() if self.awareness else None
            ),
            "chosen": {axis: self.cleaned_data.get(axis) for axis in AXES},
            "position": dict(self.position) if complete else None,
            "quadrant": (
                quadrant_of(awareness, adaptability)
                if awareness is not None and adaptability is not None
                else None
            ),
            **{q["key"]: self.cleaned_data[q["key"]] for q in self.tool.content["questions"]},
            # Drawn beside the point in later versions ("when").
            "saved_on": timezone.localdate().isoformat(),
        }

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> Data:
        ratings = data.get("ratings") or {}
        chosen = data.get("chosen") or {}
        initial: Data = {RATING_PREFIX + key: str(value) for key, value in ratings.items()}
        initial |= {axis: chosen.get(axis) for axis in AXES}
        # The free-text answers are stored under their own keys.
        initial |= {key: value for key, value in data.items() if isinstance(value, str)}
        return initial


# The drawing: a square plot, 1–5 on both axes, with room for the axis labels.
PLOT = 420
LEFT = 62
TOP = 16
BOTTOM = 64
WIDTH = LEFT + PLOT + 14
HEIGHT = TOP + PLOT + BOTTOM
WRAP = 30


def _x(adaptability: float) -> float:
    return round(LEFT + (adaptability - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * PLOT, 1)


def _y(self_awareness: float) -> float:
    return round(TOP + (SCALE_MAX - self_awareness) / (SCALE_MAX - SCALE_MIN) * PLOT, 1)


@dataclass(frozen=True)
class Placement:
    number: int
    when: date | None
    self_awareness: float
    adaptability: float
    quadrant: dict[str, str]
    current: bool

    @property
    def x(self) -> float:
        return _x(self.adaptability)

    @property
    def y(self) -> float:
        return _y(self.self_awareness)

    @property
    def _near_right_edge(self) -> bool:
        return self.x > LEFT + PLOT - 40

    @property
    def label_x(self) -> float:
        # Labels sit up right of the point, or up left of it near the right edge.
        offset = 14 if self.current else 7
        return round(self.x - offset if self._near_right_edge else self.x + offset, 1)

    @property
    def label_y(self) -> float:
        return round(self.y - (12 if self.current else 7), 1)

    @property
    def label_anchor(self) -> str:
        return "end" if self._near_right_edge else "start"


def _placement(
    data: Mapping[str, Any], number: int, current: bool, content: dict[str, Any]
) -> Placement | None:
    position = data.get("position")
    if not isinstance(position, dict):
        return None
    try:
        awareness = float(position["self_awareness"])
        adaptability = float(position["adaptability"])
        when = date.fromisoformat(data["saved_on"]) if data.get("saved_on") else None
    except (KeyError, TypeError, ValueError):
        return None
    return Placement(
        number=number,
        when=when,
        self_awareness=awareness,
        adaptability=adaptability,
        quadrant=content["quadrants"][quadrant_of(awareness, adaptability)],
        current=current,
    )


def _quadrant_boxes(content: dict[str, Any]) -> list[dict[str, Any]]:
    half = PLOT / 2
    corners = {
        "handlingslammet": (LEFT, TOP, True),
        "proaktiv": (LEFT + half, TOP, True),
        "brikke": (LEFT, TOP + half, False),
        "reaktiv": (LEFT + half, TOP + half, False),
    }
    boxes = []
    for key, (x, y, upper) in corners.items():
        quadrant = content["quadrants"][key]
        lines = textwrap.wrap(quadrant["description"], WRAP)
        # Upper quadrants carry their text at the top, lower ones at the bottom, so a
        # point near the midlines does not cover it.
        name_y = y + 26 if upper else y + half - 14 - 16 * len(lines)
        boxes.append(
            {
                "x": x,
                "y": y,
                "key": key,
                "name": quadrant["name"],
                "text_x": x + half / 2,
                "name_y": name_y,
                "lines": [(line, name_y + 18 + 16 * i) for i, line in enumerate(lines)],
            }
        )
    return boxes


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    content = TOOL.content
    earlier = [
        found
        for number, version in enumerate(history, start=1)
        if (found := _placement(version, number, False, content))
    ]
    current = _placement(data, len(history) + 1, True, content)
    placements = [*earlier, *([current] if current else [])]
    if not placements:
        return None
    return render_to_string(
        "reflections/drawings/karriereposisjon.html",
        {
            "content": content,
            "placements": placements,
            "earlier": earlier,
            "current": current,
            "path": " ".join(f"{p.x},{p.y}" for p in placements),
            "quadrants": _quadrant_boxes(content),
            "width": WIDTH,
            "height": HEIGHT,
            "left": LEFT,
            "half": PLOT / 2,
            "top": TOP,
            "right": LEFT + PLOT,
            "bottom": TOP + PLOT,
            "mid_x": _x(MIDLINE),
            "mid_y": _y(MIDLINE),
            "axis_label_y": TOP + PLOT + 44,
            "scale_label_y": TOP + PLOT + 20,
            "vertical_label_x": 22,
        },
    )


def carry_over(data: Data, person: Person) -> Data:
    """A new version keeps the ratings and the answers but starts from the new proposal:
    self-awareness from the latest self-assessment, adaptability from the ratings. Where
    the person typed a position last time, that belongs to last time's picture."""
    return {
        **data,
        **proposal(person),
        "chosen": {axis: None for axis in AXES},
        "position": None,
        "quadrant": None,
    }


def for_others(data: Data) -> Data:
    """The self-awareness proposal comes from the person's karrierebevissthet response,
    which they have not necessarily shared: nobody else sees it. Their own placement stays."""
    proposed = dict(data.get("proposed") or {})
    proposed["self_awareness"] = None
    return {**data, "proposed": proposed}


TOOL = tool(
    KEY,
    CareerPositionForm,
    order=50,
    audience="everyone",
    drawing=drawing,
    proposal=proposal,
    carry_over=carry_over,
    for_others=for_others,
    stylesheet=True,
)
