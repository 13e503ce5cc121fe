from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiv.lib.forms import TOO_LONG

from .models import MESSAGE_MAX, REPLY_MAX


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Hva fungerte ikke for deg?"),
        help_text=_(
            "Beskriv gjerne hvilken side det gjelder og hva du brukte (for eksempel "
            "skjermleser eller bare tastatur)."
        ),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={**TOO_LONG, "required": _("Skriv hva tilbakemeldingen gjelder.")},
    )
    email = forms.EmailField(
        label=_("E-postadressen din (valgfritt)"),
        help_text=_("Bare hvis du vil ha svar. Den brukes ikke til noe annet."),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={**TOO_LONG, "invalid": _("Skriv en gyldig e-postadresse.")},
    )
    page = forms.CharField(
        required=False, max_length=500, widget=forms.HiddenInput, error_messages=TOO_LONG
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Svar"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={**TOO_LONG, "required": _("Skriv et svar.")},
    )
