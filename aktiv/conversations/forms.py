from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG, day_range


class PeriodForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=100, error_messages=TOO_LONG)
    starts_on = forms.DateField(
        label=gettext_lazy("Starter"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=day_range(),
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Slutter"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=day_range(),
    )
    followup_interval_months = forms.IntegerField(
        label=gettext_lazy("Oppfølgingssamtale hver … måned"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=gettext_lazy("1 betyr månedlig, slik modellen anbefaler."),
    )
    reminder_days_before = forms.IntegerField(
        label=gettext_lazy("Påminnelse om forberedelse, dager før"),
        min_value=0,
        max_value=30,
        initial=3,
    )

    @classmethod
    def calendar_year(cls) -> dict[str, Any]:
        year = timezone.localdate().year
        return {
            "name": str(year),
            "starts_on": date(year, 1, 1),
            "ends_on": date(year, 12, 31),
            "followup_interval_months": 1,
            "reminder_days_before": 3,
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("Perioden må slutte etter at den starter."))
        return cleaned
