from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _

from aktiv.lib.forms import TOO_LONG

from . import definitions
from .models import FocusArea, Response

ITEM_PREFIX = "item-"


class AnswersForm(forms.Form):
    """One 1–5 choice per item. Items may be left open while the response is a draft."""

    def __init__(self, instrument: definitions.Instrument, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(str(v), str(v)) for v in instrument.scale.values]
        for item in instrument.items:
            self.fields[ITEM_PREFIX + item.key] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Velg et tall fra %(min)s til %(max)s.")
                    % {"min": instrument.scale.min, "max": instrument.scale.max}
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # A tampered form may carry items of another instrument: refuse rather than ignore.
        unknown = [
            key
            for key in (self.data.keys() if self.data else [])
            if key.startswith(ITEM_PREFIX) and key not in self.fields
        ]
        if unknown:
            raise forms.ValidationError(
                _("Skjemaet inneholder utsagn som ikke hører til denne egenvurderingen.")
            )
        return cleaned

    def answers(self) -> dict[str, int]:
        return {
            name.removeprefix(ITEM_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(ITEM_PREFIX) and value not in (None, "")
        }

    def item_fields(self) -> list[tuple[definitions.Dimension, list[forms.BoundField]]]:
        """The bound fields grouped by dimension, for the template."""
        return [
            (dim, [self[ITEM_PREFIX + item.key] for item in dim.items])
            for dim in self.instrument.dimensions
        ]


class FocusAreasForm(forms.Form):
    """The seeds' "Anbefalt prosess": two development areas and two strengths."""

    NOTE_MAX = FocusArea.NOTE_MAX

    def __init__(self, response: Response, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instrument = response.instrument
        answers = response.answers_by_item()
        choices = [("", _("Velg et utsagn"))] + [
            (
                item.key,
                f"{item.text} ({answers.get(item.key, '–')})",
            )
            for item in instrument.items
        ]
        for kind, label, note_label in (
            ("development", _("Utviklingsområde"), _("Hvordan sikrer du at utvikling skjer?")),
            ("strength", _("Styrke"), _("Hvordan vil du bruke den?")),
        ):
            for position in (1, 2):
                self.fields[f"{kind}_{position}"] = forms.ChoiceField(
                    label=f"{label} {position}",
                    choices=choices,
                    error_messages={
                        "required": _("Velg %(what)s %(n)s.")
                        % {"what": label.lower(), "n": position},
                        "invalid_choice": _("Velg et utsagn fra listen."),
                    },
                )
                self.fields[f"{kind}_{position}_note"] = forms.CharField(
                    # The position in the label tells a screen reader which area it is about.
                    label=f"{note_label} ({label.lower()} {position})",
                    required=False,
                    max_length=self.NOTE_MAX,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages=TOO_LONG,
                )
        self.initial.update(self._initial_from(response))

    @staticmethod
    def _initial_from(response: Response) -> dict[str, str]:
        stored = list(response.focus_areas.all())
        if stored:
            initial = {}
            for area in stored:
                initial[f"{area.kind}_{area.position}"] = area.item_key
                initial[f"{area.kind}_{area.position}_note"] = area.note
            return initial
        lowest, highest = response.proposed_focus()
        proposed = {f"development_{n}": item.key for n, item in enumerate(lowest, start=1)}
        proposed |= {f"strength_{n}": item.key for n, item in enumerate(highest, start=1)}
        return proposed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for kind, message in (
            ("development", _("Velg to forskjellige utviklingsområder.")),
            ("strength", _("Velg to forskjellige styrker.")),
        ):
            first, second = cleaned.get(f"{kind}_1"), cleaned.get(f"{kind}_2")
            if first and first == second:
                self.add_error(f"{kind}_2", message)
        development = {cleaned.get("development_1"), cleaned.get("development_2")} - {None}
        strengths = {cleaned.get("strength_1"), cleaned.get("strength_2")} - {None}
        if development & strengths:
            raise forms.ValidationError(
                _("Et utsagn kan ikke være både utviklingsområde og styrke.")
            )
        return cleaned

    def choices_for(self, kind: str) -> list[tuple[str, str]]:
        return [
            (self.cleaned_data[f"{kind}_{n}"], self.cleaned_data[f"{kind}_{n}_note"].strip())
            for n in (1, 2)
        ]

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [
            (kind, [(self[f"{kind}_{n}"], self[f"{kind}_{n}_note"]) for n in (1, 2)])
            for kind in (FocusArea.Kind.DEVELOPMENT, FocusArea.Kind.STRENGTH)
        ]
