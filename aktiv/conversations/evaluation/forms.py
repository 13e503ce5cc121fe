"""Forms for phase 3. They turn input into clean values; what is allowed is decided in
evaluation/services.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.goals.models import PersonalGoal
from aktiv.lib.forms import TOO_LONG, day_range

from ..models import Evaluation, GoalAssessment
from .services import COMMENT_MAX, TEXT_MAX, Assessment

RATING, COMMENT = "rating", "comment"


class AssessmentForm(forms.Form):
    """One rating and one comment per agreed goal, named by the goal's UUID. A field for a
    goal that is not among them (another record's, or no longer agreed) is refused."""

    def __init__(self, goals: list[PersonalGoal], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.goals = goals
        for goal in goals:
            self.fields[f"{RATING}-{goal.uuid}"] = forms.ChoiceField(
                label=_("Vurdering av «%(title)s»") % {"title": goal.title},
                choices=GoalAssessment.Rating.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Velg oppnådd, delvis oppnådd eller ikke oppnådd.")
                },
            )
            self.fields[f"{COMMENT}-{goal.uuid}"] = forms.CharField(
                label=_("Kommentar til «%(title)s»") % {"title": goal.title},
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    @classmethod
    def initial_from(cls, own: list[GoalAssessment]) -> dict[str, str]:
        initial = {}
        for assessment in own:
            initial[f"{RATING}-{assessment.goal.uuid}"] = assessment.rating
            initial[f"{COMMENT}-{assessment.goal.uuid}"] = assessment.comment
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        known = set(self.fields)
        posted = {key for key in self.data if key.startswith((f"{RATING}-", f"{COMMENT}-"))}
        if posted - known:
            raise forms.ValidationError(
                _(
                    "Vurderingen gjelder et mål som ikke er avtalt i denne samtalen. "
                    "Last siden på nytt."
                )
            )
        return cleaned

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(rating, comment) for each goal, in the goals' order."""
        return [
            (self[f"{RATING}-{goal.uuid}"], self[f"{COMMENT}-{goal.uuid}"]) for goal in self.goals
        ]

    def entries(self) -> dict[str, Assessment]:
        return {
            str(goal.uuid): Assessment(
                rating=self.cleaned_data.get(f"{RATING}-{goal.uuid}", ""),
                comment=self.cleaned_data.get(f"{COMMENT}-{goal.uuid}", ""),
            )
            for goal in self.goals
        }


class EvaluationTextsForm(forms.Form):
    """The texts both write, and the day the conversation was held."""

    held_on = forms.DateField(
        label=gettext_lazy("Samtalen ble holdt"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=day_range(),
        error_messages={"invalid": gettext_lazy("Skriv en gyldig dato, for eksempel 2026-11-20.")},
    )
    results = forms.CharField(
        label=gettext_lazy("Resultater og andre bidrag"),
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        help_text=gettext_lazy(
            "Prestasjoner og resultater, og andre bidrag i perioden som ikke står i målene."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    learning = forms.CharField(
        label=gettext_lazy("Hva har jeg lært?"),
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    competence_note = forms.CharField(
        label=gettext_lazy("Kompetanse som er tatt i bruk eller utviklet"),
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        help_text=gettext_lazy(
            "Hvilken kompetanse har medarbeideren mobilisert eller utviklet i perioden?"
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def initial_from(cls, evaluation: Evaluation) -> dict[str, Any]:
        return {name: getattr(evaluation, name) for name in cls.base_fields}
