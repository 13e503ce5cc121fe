from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG, day_range
from aktiv.people.models import Unit
from aktiv.people.organisation.importer import MAX_BYTES
from aktiv.people.units import build_tree

from . import definitions


class AnswerForm(forms.Form):
    """One radio group per statement, every one required."""

    def __init__(self, *args: Any, pulse: definitions.Pulse | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pulse = pulse = pulse or definitions.latest()
        choices = [(value, str(value)) for value in pulse.values]
        for item in pulse.items:
            self.fields[item.key] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Velg et tall fra 1 til 5.")},
            )

    def drivers(self) -> list[tuple[definitions.Driver, list[forms.BoundField]]]:
        return [(d, [self[item.key] for item in d.items]) for d in self.pulse.drivers]


# Up to this many units, every one is listed to choose from; above it, the top two levels.
LISTED_UNITS = 300


class RoundForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200, error_messages=TOO_LONG)
    opens_on = forms.DateField(
        label=gettext_lazy("Åpner"),
        validators=day_range(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    closes_on = forms.DateField(
        label=gettext_lazy("Stenger"),
        validators=day_range(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    repeat = forms.TypedChoiceField(
        label=gettext_lazy("Gjenta"),
        choices=[
            (0, gettext_lazy("Bare denne runden")),
            (1, gettext_lazy("Hver måned")),
            (3, gettext_lazy("Hvert kvartal")),
        ],
        coerce=int,
        initial=0,
    )
    count = forms.IntegerField(
        label=gettext_lazy("Antall runder"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=gettext_lazy("Når runden gjentas: hvor mange runder i alt (høyst 12)."),
    )
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Enheter"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=gettext_lazy("Velg ingen for hele organisasjonen. Enhetene under er med."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The tree's order, each name indented by its depth. A large organisation lists its
        # top two levels (a round covers the units below what is chosen): a list of ten
        # thousand units is no choice, and would make HR's page megabytes long.
        field = cast("forms.ModelMultipleChoiceField[Unit]", self.fields["units"])
        units = Unit.objects.all()
        if units.count() > LISTED_UNITS:
            units = units.filter(Q(parent__isnull=True) | Q(parent__parent__isnull=True))
            field.help_text = _(
                "Velg ingen for hele organisasjonen. Enhetene under er med. Her står de to "
                "øverste nivåene."
            )
        field.choices = [
            (node.unit.pk, "\u00a0\u00a0" * node.depth + node.unit.name)
            for node in build_tree(units)
        ]

    def clean(self) -> dict[str, Any]:
        """The dates' rules here too, so that they are told beside the other fields' errors
        rather than after those are put right (services.round_create holds them as well)."""
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Runden må stenge samme dag som den åpner eller senere."))
        elif closes and closes < timezone.localdate():
            self.add_error("closes_on", _("Runden kan ikke stenge før i dag."))
        return cleaned


class SickLeaveImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil (CSV eller XLSX)"),
        help_text=gettext_lazy(
            "Første rad: enhet, periode, mulige dagsverk, tapte dagsverk egenmeldt, tapte "
            "dagsverk legemeldt. Perioden er en måned (2026-03) eller et kvartal (2026-K1)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Filen er større enn 2 MB. Del den opp i flere filer."))
        return upload
