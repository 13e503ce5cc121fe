from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from aktiv.lib.forms import TOO_LONG

from .models import Goal


def text_field(
    label: StrOrPromise, max_length: int, *, rows: int = 4, **kwargs: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=TOO_LONG,
        **kwargs,
    )


def title_field(label: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=300,
        error_messages={"required": gettext_lazy("Skriv målet."), **TOO_LONG},
    )


class GoalChoiceField(forms.ChoiceField):
    """A choice among given goals, by UUID; cleans to the Goal (or None when left empty)."""

    def __init__(self, goals: Sequence[Goal], *, empty_label: str, **kwargs: Any) -> None:
        self.goals = {str(goal.uuid): goal for goal in goals}
        super().__init__(choices=self._grouped(goals, empty_label), required=False, **kwargs)

    @staticmethod
    def _grouped(goals: Sequence[Goal], empty_label: str) -> list[Any]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for goal in goals:
            group = (
                _("Organisasjonens mål")
                if goal.level == Goal.Level.ORGANISATION
                else _("Enhetsmål – %(unit)s") % {"unit": goal.unit}
            )
            groups.setdefault(group, []).append((str(goal.uuid), goal.title))
        return [("", empty_label), *groups.items()]

    def clean(self, value: Any) -> Goal | None:
        value = super().clean(value)
        return self.goals[value] if value else None


class GoalForm(forms.Form):
    """An organisation goal, or a unit goal (which may sit under an organisation goal)."""

    title = title_field(gettext_lazy("Mål"))
    description = text_field(
        gettext_lazy("Ambisjon og beskrivelse"),
        5000,
        help_text=gettext_lazy("Hvor er det vi spiller, og hva skal vi oppnå sammen?"),
    )

    def __init__(self, *args: Any, parents: Sequence[Goal] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parents is not None:
            self.fields["parent"] = GoalChoiceField(
                parents,
                empty_label=_("Ikke under et organisasjonsmål"),
                label=_("Under organisasjonsmålet"),
                error_messages={"invalid_choice": _("Velg et av organisasjonens mål i listen.")},
            )

    @classmethod
    def initial_from(cls, goal: Goal) -> dict[str, Any]:
        return {
            "title": goal.title,
            "description": goal.description,
            "parent": str(goal.parent.uuid) if goal.parent else "",
        }
