"""The workshop mode's forms: input types and bounds only; the rules are in services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from aktiv.assessments import definitions
from aktiv.lib.anonymity import MINIMUM_THRESHOLD, configured_threshold
from aktiv.lib.forms import TOO_LONG
from aktiv.people.organisation.forms import PersonEmailField
from aktiv.reflections import registry

from .models import CODE_LENGTH, QUESTION_MAX, SCALE, TEXT_MAX, TITLE_MAX, Step


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=TITLE_MAX, error_messages=TOO_LONG)
    threshold = forms.IntegerField(
        label=_("Vis tall fra så mange svar"),
        min_value=MINIMUM_THRESHOLD,
        help_text=_("Fordelingen vises først når minst så mange har svart. Aldri under 3."),
    )
    collect_text = forms.BooleanField(
        label=_("Samle inn fritekst på refleksjonsspørsmål (vises i tilfeldig rekkefølge)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The organisation's threshold is the highest a workshop may ask for, and the default.
        highest = configured_threshold()
        threshold = self.fields["threshold"]
        threshold.validators.append(MaxValueValidator(highest))
        threshold.widget.attrs["max"] = highest
        threshold.initial = highest


def step_choices() -> list[tuple[str, Any]]:
    """The steps a facilitator can add: each instrument, each reflection tool's questions,
    and a quick 1–5 question of their own."""
    instruments = [(f"instrument:{i.key}", i.title) for i in definitions.all_latest()]
    questions = [
        (f"reflection:{tool.key}:{q['key']}", f"{tool.title}: {q['question']}")
        for tool in registry.all_tools()
        for q in tool.content.get("questions", [])
    ]
    return [
        (str(_("Egenvurderinger")), instruments),
        (str(_("Refleksjonsspørsmål")), questions),
        (str(_("Eget spørsmål")), [("scale", str(_("Eget spørsmål med svar fra 1 til 5")))]),
    ]


class StepForm(forms.Form):
    source = forms.ChoiceField(label=_("Hva deltakerne skal svare på"), choices=step_choices)
    text = forms.CharField(
        label=_("Eget spørsmål"),
        help_text=_("Bare for eget spørsmål: deltakerne svarer fra 1 (helt uenig) til 5."),
        max_length=QUESTION_MAX,
        required=False,
        error_messages=TOO_LONG,
    )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=CODE_LENGTH + 6,  # room for spaces and dashes typed between characters
        error_messages=TOO_LONG,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class AnswerForm(forms.Form):
    """A participant's answer to one step: a 1–5 choice per statement, a free text where the
    facilitator collects it, and (signed in, for an instrument) whether to keep it."""

    text = forms.CharField(
        label=_("Ditt svar"),
        max_length=TEXT_MAX,
        required=False,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    keep = forms.BooleanField(
        label=_("Lagre svarene i min egen historikk i Aktiv"),
        required=False,
        help_text=_("Bare du ser dem. Kurset får svarene uansett uten navn."),
    )

    def __init__(
        self, *args: Any, step: Step | None = None, can_keep: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        if step is None:
            return
        for key, text in step.items():
            self.fields[f"item_{key}"] = forms.TypedChoiceField(
                label=text,
                choices=[(v, str(v)) for v in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Velg et tall fra 1 til 5.")},
            )
        if not step.takes_text():
            del self.fields["text"]
        if not can_keep:
            del self.fields["keep"]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("item_")]

    def values(self) -> dict[str, int]:
        return {
            name.removeprefix("item_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


class FacilitatorForm(forms.Form):
    """HR lets someone hold workshops: the person written as their e-mail address (the page
    cannot list every person of a large organisation)."""

    person = PersonEmailField(
        label=_("Personens e-post"),
        max_length=254,
        error_messages=TOO_LONG,
        help_text=_("Adressen står i personlisten på Organisasjonen."),
    )
