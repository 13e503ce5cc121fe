"""Forms of the goal conversation: personal goals, sending back, progress, and what the two
clarified."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.conversations.models import ConversationRecord
from aktiv.goals.forms import GoalChoiceField, text_field, title_field
from aktiv.goals.models import Goal, PersonalGoal
from aktiv.lib.forms import TOO_LONG, day_range


class PersonalGoalForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Type mål"),
        choices=PersonalGoal.Kind.choices,
        widget=forms.RadioSelect,
        initial=PersonalGoal.Kind.PROFESSIONAL,
        error_messages={
            "required": gettext_lazy("Velg om målet er faglig eller personlig."),
            "invalid_choice": gettext_lazy("Velg om målet er faglig eller personlig."),
        },
    )
    title = title_field(gettext_lazy("Mål"))
    description = text_field(gettext_lazy("Beskrivelse"), 5000)
    success_measure = text_field(
        gettext_lazy("Hvordan vil vi se at det går framover?"),
        2000,
        rows=3,
        help_text=gettext_lazy("Hva kan dere peke på underveis som viser at du nærmer deg målet?"),
    )

    def __init__(self, *args: Any, serves: Sequence[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["serves"] = GoalChoiceField(
            serves,
            empty_label=_("Ikke knyttet til et overordnet mål"),
            label=_("Tjener en høyere hensikt"),
            help_text=_(
                "Knytt gjerne målet til et av organisasjonens mål eller enhetens mål som det "
                "bidrar til."
            ),
            error_messages={
                "invalid_choice": _(
                    "Velg et mål fra listen. Du kan knytte målet ditt til organisasjonens mål "
                    "og målene for din egen enhet."
                )
            },
        )

    @classmethod
    def initial_from(cls, goal: PersonalGoal) -> dict[str, Any]:
        return {
            "kind": goal.kind,
            "title": goal.title,
            "description": goal.description,
            "success_measure": goal.success_measure,
            "serves": str(goal.serves.uuid) if goal.serves else "",
        }


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar til medarbeideren"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Hva bør endres eller tydeliggjøres før dere avtaler målet?"),
        error_messages={
            "required": gettext_lazy(
                "Skriv en kommentar, så medarbeideren vet hva som bør endres."
            ),
            **TOO_LONG,
        },
    )


class ProgressForm(forms.Form):
    progress = forms.IntegerField(
        label=gettext_lazy("Ny framdrift i prosent"),
        min_value=0,
        max_value=100,
        error_messages={
            "required": gettext_lazy("Skriv framdriften som et tall fra 0 til 100."),
            "invalid": gettext_lazy("Skriv framdriften som et tall fra 0 til 100."),
        },
    )


class RecordNotesForm(forms.Form):
    tasks_and_roles = text_field(
        gettext_lazy("De viktigste oppgavene, ansvar og roller"),
        10_000,
        rows=6,
        help_text=gettext_lazy(
            "Det dere har avklart sammen: hva er dine viktigste oppgaver, hva har du ansvar "
            "for, og hvilke roller har du?"
        ),
    )
    expectations_note = text_field(
        gettext_lazy("Forventninger"),
        10_000,
        rows=5,
        help_text=gettext_lazy(
            "Hva forventer dere av hverandre i året som kommer? Når HR har skrevet "
            "organisasjonens forventninger til ledere og medarbeidere, vises de her."
        ),
    )

    @classmethod
    def initial_from(cls, record: ConversationRecord) -> dict[str, Any]:
        return {
            "tasks_and_roles": record.tasks_and_roles,
            "expectations_note": record.expectations_note,
        }


class HeldForm(forms.Form):
    held_on = forms.DateField(
        label=gettext_lazy("Målsamtalen ble holdt"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("La feltet stå tomt om samtalen ikke er holdt ennå."),
        validators=day_range(),
        error_messages={"invalid": gettext_lazy("Skriv en gyldig dato.")},
    )

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data.get("held_on")
        if held_on and held_on > timezone.localdate():
            raise forms.ValidationError(_("Datoen kan ikke være fram i tid."))
        return held_on
