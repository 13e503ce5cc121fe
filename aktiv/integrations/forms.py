from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiv.lib.forms import TOO_LONG

from .models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        error_messages=TOO_LONG,
        help_text=_("Systemet som skal bruke nøkkelen, for eksempel «Entra ID»."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Tilganger"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Velg minst én tilgang.")},
    )
