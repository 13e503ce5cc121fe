from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiv.lib.forms import TOO_LONG

from .models import CompetenceArea


class AreaForm(forms.ModelForm[CompetenceArea]):
    class Meta:
        model = CompetenceArea
        fields = ["name", "kind", "level", "evidence", "acquired"]
        widgets = {
            "kind": forms.RadioSelect,
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {name: TOO_LONG for name in ("name", "evidence", "acquired")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Two plain choices, no empty "---------" one.
        self.fields["kind"].choices = CompetenceArea.Kind.choices  # type: ignore[attr-defined]
        self.fields["level"].choices = [("", _("Velg nivå")), *CompetenceArea.Level.choices]  # type: ignore[attr-defined]
