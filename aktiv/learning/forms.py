from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG

from .models import (
    DESCRIPTION_MAX,
    DURATION_MESSAGE,
    MAX_MINUTES,
    MIN_MINUTES,
    Job,
    LearningSession,
    validate_web_link,
)


class SessionForm(forms.Form):
    """A plain form, not a ModelForm: a ModelForm writes the typed values onto the session
    while validating, and a refused edit must leave the session as it was, also on the page
    drawn with the errors. The service validates the model again before saving."""

    title = forms.CharField(
        label=gettext_lazy("Tittel"),
        max_length=200,
        error_messages={"required": gettext_lazy("Skriv en tittel."), **TOO_LONG},
    )
    job = forms.ChoiceField(
        label=gettext_lazy("Lederjobb"),
        choices=Job.choices,
        error_messages={
            "required": gettext_lazy("Velg hvilken lederjobb økten hører til."),
            "invalid_choice": gettext_lazy("Velg en av de fire lederjobbene."),
        },
    )
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Varighet i minutter"),
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        help_text=gettext_lazy("Mellom 15 og 25 minutter."),
        error_messages={
            "required": DURATION_MESSAGE,
            "invalid": DURATION_MESSAGE,
            "min_value": DURATION_MESSAGE,
            "max_value": DURATION_MESSAGE,
        },
    )
    description = forms.CharField(
        label=gettext_lazy("Kort beskrivelse"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Én eller to setninger om hva økten handler om."),
        error_messages=TOO_LONG,
    )
    # A text field, not a URLField: that one quietly puts "http://" in front of what was
    # typed, and HR should see exactly the address visitors will open.
    link = forms.CharField(
        label=gettext_lazy("Lenke til læringsøkten"),
        required=False,
        max_length=500,
        validators=[validate_web_link],
        error_messages=TOO_LONG,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=gettext_lazy(
            "Nettadressen der læringsøkten ligger, med https://. La feltet stå tomt til "
            "lenken er klar; katalogen viser da «Lenke kommer»."
        ),
    )

    @classmethod
    def initial_for(cls, session: LearningSession) -> dict[str, Any]:
        return {name: getattr(session, name) for name in cls.base_fields}

    def clean_title(self) -> str:
        title = " ".join(str(self.cleaned_data.get("title", "")).split())
        if not title:
            raise forms.ValidationError(gettext_lazy("Skriv en tittel."), code="required")
        return title


class MappingForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Læringsøkter"),
        queryset=LearningSession.objects.all(),
        to_field_name="uuid",
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("En av de valgte læringsøktene finnes ikke."),
            "invalid_pk_value": gettext_lazy("En av de valgte læringsøktene finnes ikke."),
        },
    )
