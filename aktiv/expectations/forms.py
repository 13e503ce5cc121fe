from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG

from .models import ANSWER_MAX_LENGTH, SECTION_FIELDS, ExpectationsVersion
from .services import self_check_questions

_HELP = gettext_lazy("Ren tekst. En tom linje begynner et nytt avsnitt.")


class DraftForm(forms.ModelForm[ExpectationsVersion]):
    """The three texts of the draft. A draft may be saved half-written; publishing is what
    requires all three (services.version_publish)."""

    class Meta:
        model = ExpectationsVersion
        fields = list(SECTION_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 16}) for name in SECTION_FIELDS}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = _HELP
            field.error_messages.update(TOO_LONG)


class SelfCheckForm(forms.Form):
    """The five questions of seed 000, one textarea each (q1..q5)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, (key, question) in enumerate(self_check_questions(), start=1):
            self.fields[key] = forms.CharField(
                label=f"{number}. {question}",
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 5}),
                error_messages=TOO_LONG,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(str(cleaned.get(key) or "").strip() for key, _q in self_check_questions()):
            raise forms.ValidationError(_("Svar på minst ett av spørsmålene før du lagrer."))
        return cleaned
