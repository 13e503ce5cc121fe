"""KAN – LIKER – organisasjonens behov (seed 004; PRODUCT.md 2.2): what I can, what I like
and what the organisation needs, drawn as three overlapping circles; the entries the person
places where all three meet are the core area ("Kjerneområde – felles fokus her")."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from aktiv.lib import hooks
from aktiv.lib.forms import TOO_LONG
from aktiv.people.models import Person

from ..registry import Data, WorksheetForm, tool

KEY = "kan-liker"
LIST_KEYS = ("can", "like", "needs")
MAX_ENTRIES = 15
MAX_ENTRY_LENGTH = 200
# A generous cap on the raw text so a pasted document is refused before it is split.
MAX_TEXT_LENGTH = 10_000


def split_entries(text: str) -> list[str]:
    """One entry per line: trimmed, inner whitespace collapsed, empty lines and repeats
    (ignoring case) dropped, first spelling kept."""
    entries: list[str] = []
    seen: set[str] = set()
    for line in text.splitlines():
        entry = " ".join(line.split())
        if entry and entry.casefold() not in seen:
            seen.add(entry.casefold())
            entries.append(entry)
    return entries


class EntryListField(forms.Field):
    """A textarea whose lines become a list of entries."""

    widget = forms.Textarea(attrs={"rows": 6})
    # The raw text's bound, like a CharField's: a pasted document is refused before it is split.
    max_length = MAX_TEXT_LENGTH

    def __init__(self, *, list_name: str, **kwargs: Any) -> None:
        self.list_name = list_name
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        if value in self.empty_values:
            return []
        if not isinstance(value, str):
            raise ValidationError(_("Skriv punktene som tekst, ett per linje."), code="invalid")
        if len(value) > self.max_length:
            raise ValidationError(
                _("Teksten er for lang. Skriv høyst %(max)d punkter, ett per linje.")
                % {"max": MAX_ENTRIES},
                code="too_long",
            )
        return split_entries(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        errors = []
        for entry in value:
            if len(entry) > MAX_ENTRY_LENGTH:
                errors.append(
                    ValidationError(
                        _(
                            "Et punkt kan ha høyst %(max)d tegn. «%(start)s…» har %(length)d. "
                            "Forkort det eller del det på flere linjer."
                        )
                        % {"max": MAX_ENTRY_LENGTH, "start": entry[:30], "length": len(entry)},
                        code="entry_too_long",
                    )
                )
        if len(value) > MAX_ENTRIES:
            errors.append(
                ValidationError(
                    _("%(list)s har %(count)d punkter. Skriv høyst %(max)d, ett per linje.")
                    % {"list": self.list_name, "count": len(value), "max": MAX_ENTRIES},
                    code="too_many",
                )
            )
        if errors:
            raise ValidationError(errors)


def _all_entries(lists: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Every entry once across the lists (ignoring case): casefold -> spelling."""
    found: dict[str, str] = {}
    for key in LIST_KEYS:
        for entry in lists.get(key) or []:
            found.setdefault(entry.casefold(), entry)
    return found


class CoreAreaForm(WorksheetForm):
    # The lists are required to mark the sheet done, checked in clean() rather than with
    # `required_when_done`, which would add "fill this in" to a list already refused.

    def setup(self) -> None:
        content = self.tool.content
        for spec in content["lists"]:
            self.fields[spec["key"]] = EntryListField(
                list_name=spec["name"], label=spec["heading"], help_text=spec["prompt"]
            )
        # The boxes offer the lists as just written (the posted data) or as last saved; the
        # page refreshes them while the person types, so the core can be ticked at once. A
        # tick on an entry since removed is accepted here and dropped in clean().
        source = self.data if self.is_bound else self.initial
        saved = {key: split_entries(str(source.get(key) or ""))[:MAX_ENTRIES] for key in LIST_KEYS}
        before = {key: split_entries(str(self.initial.get(key) or "")) for key in LIST_KEYS}
        now = _all_entries(saved)
        removed = [e for k, e in _all_entries(before).items() if k not in now]
        names = {spec["key"]: spec["name"] for spec in content["lists"]}
        self.core_sources = {
            entry: ", ".join(
                names[key]
                for key in LIST_KEYS
                if entry.casefold() in {e.casefold() for e in saved[key]}
            )
            for entry in _all_entries(saved).values()
        }
        self.fields["core"] = forms.MultipleChoiceField(
            label=content["core"]["question"],
            help_text=content["core"]["help"],
            choices=[(entry, entry) for entry in [*self.core_sources, *removed]],
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "invalid_choice": _(
                    "«%(value)s» står ikke i noen av listene. Skriv det i en liste først, "
                    "og kryss så av."
                )
            },
        )
        self.fields[content["meaning"]["key"]] = forms.CharField(
            label=content["meaning"]["question"],
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages=TOO_LONG,
        )

    def list_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in LIST_KEYS]

    def meaning_fields(self) -> list[forms.BoundField]:
        return [self[self.tool.content["meaning"]["key"]]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if any(key in self.errors for key in LIST_KEYS):
            return cleaned
        if self.completing:
            for key in LIST_KEYS:
                if not cleaned.get(key):
                    self.add_error(
                        key, _("Skriv minst ett punkt før du markerer arket som ferdig.")
                    )
        # Ticks of entries that are no longer in any list disappear; those still there take
        # the spelling they have now.
        now = _all_entries(cleaned)
        cleaned["core"] = [
            now[entry.casefold()] for entry in cleaned.get("core") or [] if entry.casefold() in now
        ]
        if self.completing and not cleaned["core"] and "core" not in self.errors:
            self.add_error(
                "core",
                _("Kryss av for minst ett punkt i kjerneområdet før du markerer arket som ferdig."),
            )
        return cleaned

    def to_data(self) -> Data:
        meaning = self.tool.content["meaning"]["key"]
        return {
            **{key: self.cleaned_data[key] for key in LIST_KEYS},
            "core": self.cleaned_data["core"],
            meaning: self.cleaned_data[meaning],
        }

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> Data:
        initial: Data = {key: "\n".join(data.get(key) or []) for key in LIST_KEYS}
        initial["core"] = list(data.get("core") or [])
        initial |= {key: value for key, value in data.items() if isinstance(value, str)}
        return initial


# The drawing: three circles of radius R. Each text line is placed where it fits inside its
# region (one circle outside the other two, or all three), measured chord by chord, and a
# block of lines goes where the region is widest.
R = 190
CIRCLES: dict[str, tuple[float, float]] = {
    "can": (235, 232),
    "like": (405, 232),
    "needs": (320, 379),
}
TITLE_POSITIONS = {"can": (235, 30), "like": (405, 30), "needs": (320, 596)}
WIDTH = 640
HEIGHT = 606
LINE = 18
# The average glyph width at font-size 12.5 (DejaVu Sans, the widest common fallback).
CHAR_WIDTH = 7.2
# Fewer lines that say something beat more lines cut short; "+N til" says what is left.
MIN_WIDTH = 140
PAD = 8
MAX_LIST_LINES = 7
MAX_CORE_LINES = 7
# Where each block of text is centred: the middle of the outer part of each circle, and the
# middle of the three centres for the core.
ANCHORS = {"can": 200.0, "like": 200.0, "needs": 480.0}
CORE_ANCHOR = sum(cy for _cx, cy in CIRCLES.values()) / 3
# Where two circles overlap outside the third: above the middle for KAN and LIKER, low on
# each side for the pairs with the organisation's needs. The lenses are narrow.
PAIRS: tuple[tuple[str, str], ...] = (("can", "like"), ("can", "needs"), ("like", "needs"))
PAIR_ANCHORS = {("can", "like"): 150.0, ("can", "needs"): 400.0, ("like", "needs"): 400.0}
OVERLAP_MIN_WIDTH = 100
MAX_OVERLAP_LINES = 3

Segment = tuple[float, float]
Slot = tuple[float, float, float]  # baseline, left, right


def _chord(circle: tuple[float, float], y: float) -> Segment | None:
    cx, cy = circle
    dy = abs(y - cy)
    if dy >= R:
        return None
    half = math.sqrt(R * R - dy * dy)
    return (cx - half, cx + half)


def _free(inside: list[str], outside: list[str], y: float) -> list[Segment]:
    """Where, at height y, a point lies in every `inside` circle and in no `outside` one."""
    segments: list[Segment] = [(-math.inf, math.inf)]
    for key in inside:
        chord = _chord(CIRCLES[key], y)
        if chord is None:
            return []
        segments = [
            (max(lo, chord[0]), min(hi, chord[1]))
            for lo, hi in segments
            if max(lo, chord[0]) < min(hi, chord[1])
        ]
    for key in outside:
        cut = _chord(CIRCLES[key], y)
        if cut is None:
            continue
        remaining: list[Segment] = []
        for lo, hi in segments:
            if cut[1] <= lo or cut[0] >= hi:
                remaining.append((lo, hi))
                continue
            if cut[0] > lo:
                remaining.append((lo, cut[0]))
            if cut[1] < hi:
                remaining.append((cut[1], hi))
        segments = remaining
    return [(lo + PAD, hi - PAD) for lo, hi in segments if hi - lo > 2 * PAD]


def _span(inside: list[str], outside: list[str], baseline: float) -> Segment | None:
    """The widest stretch free both at a text line's top and at its baseline."""
    best: Segment | None = None
    for top in _free(inside, outside, baseline - 11):
        for bottom in _free(inside, outside, baseline + 3):
            lo, hi = max(top[0], bottom[0]), min(top[1], bottom[1])
            if hi - lo > 0 and (best is None or hi - lo > best[1] - best[0]):
                best = (lo, hi)
    return best


def _block(
    inside: list[str], outside: list[str], start: float, count: int, min_width: float
) -> list[Slot]:
    slots: list[Slot] = []
    for index in range(count):
        baseline = start + index * LINE
        span = _span(inside, outside, baseline)
        if span is None or span[1] - span[0] < min_width:
            return []
        slots.append((baseline, span[0], span[1]))
    return slots


def _slots(
    inside: list[str],
    outside: list[str],
    count: int,
    anchor: float,
    min_width: float = MIN_WIDTH,
) -> list[Slot]:
    """`count` lines (or as many as fit), each wide enough, centred as near the anchor
    height as the region allows."""
    top = min(CIRCLES[key][1] for key in inside) - R
    bottom = max(CIRCLES[key][1] for key in inside) + R
    while count > 0:
        blocks = (
            _block(inside, outside, y, count, min_width) for y in range(int(top), int(bottom), 2)
        )
        best = min(
            (block for block in blocks if block),
            key=lambda block: abs((block[0][0] + block[-1][0]) / 2 - anchor),
            default=None,
        )
        if best:
            return best
        count -= 1
    return []


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    y: float
    kind: str  # "entry", "more", "empty" or "label"


def _line(text: str, slot: Slot, kind: str) -> TextLine:
    baseline, lo, hi = slot
    limit = max(4, int((hi - lo) / CHAR_WIDTH))
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return TextLine(text, round((lo + hi) / 2, 1), round(baseline, 1), kind)


def _lines(entries: list[str], slots: list[Slot], empty: str) -> list[TextLine]:
    if not slots:
        return []
    if not entries:
        return [_line(empty, slots[0], "empty")] if empty else []
    shown = entries if len(entries) <= len(slots) else entries[: len(slots) - 1]
    lines = [_line(entry, slot, "entry") for entry, slot in zip(shown, slots, strict=False)]
    if len(shown) < len(entries):
        more = _("+%(count)d til") % {"count": len(entries) - len(shown)}
        lines.append(_line(more, slots[len(shown)], "more"))
    return lines


def _list_lines(key: str, entries: list[str], empty: str) -> list[TextLine]:
    others = [other for other in LIST_KEYS if other != key]
    count = min(max(len(entries), 1), MAX_LIST_LINES)
    return _lines(entries, _slots([key], others, count, ANCHORS[key]), empty)


def _overlap_lines(pair: tuple[str, str], entries: list[str]) -> list[TextLine]:
    """Entries in two lists, where those two circles overlap outside the third."""
    outside = [key for key in LIST_KEYS if key not in pair]
    count = min(len(entries), MAX_OVERLAP_LINES)
    slots = _slots(list(pair), outside, count, PAIR_ANCHORS[pair], OVERLAP_MIN_WIDTH)
    return _lines(entries, slots, "")


def _core_lines(core: list[str], label: str) -> list[TextLine]:
    # The seed sets the label on two lines: "Kjerneområde –" / "felles fokus her".
    head, _dash, tail = label.partition(" – ")
    label_lines = [f"{head} –", tail] if tail else [label]
    count = min(len(label_lines) + max(len(core), 1), MAX_CORE_LINES)
    slots = _slots(list(LIST_KEYS), [], count, CORE_ANCHOR)
    lines = [_line(text, slot, "label") for text, slot in zip(label_lines, slots, strict=False)]
    return lines + _lines(core, slots[len(label_lines) :], _("Ingen valgt ennå"))


def drawing(data: Data, history: list[Data]) -> SafeString | None:
    content = TOOL.content
    lists = {key: [str(e) for e in data.get(key) or []] for key in LIST_KEYS}
    core = [str(e) for e in data.get("core") or []]
    if not any(lists.values()):
        return None
    # Each entry is written once, where it stands: a ticked one (or one in all three lists)
    # in the middle, one in two lists where those two overlap, the rest in their own circle.
    members = {key: {entry.casefold() for entry in lists[key]} for key in LIST_KEYS}

    def where(entry: str) -> tuple[str, ...]:
        return tuple(key for key in LIST_KEYS if entry.casefold() in members[key])

    in_core = {entry.casefold() for entry in core}
    everything = list(_all_entries(lists).values())
    middle = core + [
        entry for entry in everything if entry.casefold() not in in_core and len(where(entry)) == 3
    ]
    overlaps = [
        {"keys": " ".join(pair), "lines": _overlap_lines(pair, entries)}
        for pair in PAIRS
        if (
            entries := [
                entry
                for entry in everything
                if entry.casefold() not in in_core and where(entry) == pair
            ]
        )
    ]
    circles = []
    for spec in content["lists"]:
        key = spec["key"]
        cx, cy = CIRCLES[key]
        title_x, title_y = TITLE_POSITIONS[key]
        circles.append(
            {
                "key": key,
                "name": spec["name"],
                "heading": spec["heading"],
                "cx": cx,
                "cy": cy,
                "title_x": title_x,
                "title_y": title_y,
                "entries": lists[key],
                "lines": _list_lines(
                    key,
                    [
                        entry
                        for entry in lists[key]
                        if entry.casefold() not in in_core and where(entry) == (key,)
                    ],
                    _("Ingen punkter ennå") if not lists[key] else "",
                ),
            }
        )
    return render_to_string(
        "reflections/drawings/kan-liker.html",
        {
            "content": content,
            "circles": circles,
            "core": core,
            "core_lines": _core_lines(middle, content["core"]["label"]),
            "overlaps": overlaps,
            "radius": R,
            "width": WIDTH,
            "height": HEIGHT,
        },
    )


def _needs(person: Person) -> list[str]:
    """The goals of the person's organisation and unit, as a start for ORGANISASJONENS BEHOV."""
    return [title[:MAX_ENTRY_LENGTH] for title in hooks.suggest("organisation_needs", person)][
        :MAX_ENTRIES
    ]


def proposal(person: Person) -> Data:
    needs = _needs(person)
    return {"needs": needs} if needs else {}


def carry_over(data: Data, person: Person) -> Data:
    """A new version keeps the lists; an empty needs list gets the goals as they are now."""
    return data if data.get("needs") else {**data, **proposal(person)}


TOOL = tool(
    KEY,
    CoreAreaForm,
    proposal=proposal,
    carry_over=carry_over,
    order=60,
    audience="everyone",
    drawing=drawing,
    stylesheet=True,
)
