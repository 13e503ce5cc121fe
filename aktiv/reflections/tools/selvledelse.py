from typing import Any

from django import forms
from django.utils.translation import gettext as _

from aktiv.lib.forms import TOO_LONG

from ..models import AGENDA_TEXT_MAX
from ..registry import Data, WorksheetForm, tool

TEXT_MAX = 3000


class SelfLeadershipForm(WorksheetForm):
    required_when_done = ("strengths", "improve")

    def setup(self) -> None:
        content = self.tool.content
        self.fields["strengths"] = forms.MultipleChoiceField(
            label=content["strengths_question"],
            choices=[(s["key"], s["text"]) for s in content["strengths"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        self.fields["demanding"] = forms.MultipleChoiceField(
            label=content["demanding_question"],
            choices=[(d["key"], d["text"]) for d in content["demanding"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
        )
        for name, label, maximum in (
            ("improve", content["improve_question"], TEXT_MAX),
            # Taken to the next follow-up's agenda: no longer than a point there may be.
            ("help_needed", content["help_question"], AGENDA_TEXT_MAX),
        ):
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=maximum,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=TOO_LONG,
            )
        self.fields["bring_to_follow_up"] = forms.BooleanField(
            label=content["bring_label"], help_text=content["bring_help"], required=False
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("bring_to_follow_up") and not str(cleaned.get("help_needed", "")).strip():
            self.add_error(
                "help_needed",
                _("Skriv hva du trenger hjelp til, så det kan tas med til samtalen."),
            )
        return cleaned

    def to_data(self) -> Data:
        data = super().to_data()
        data["improve"] = data["improve"].strip()
        data["help_needed"] = data["help_needed"].strip()
        return data


def agenda_item(data: Data) -> str:
    """What to bring to the next follow-up: the help asked for, when the person said so."""
    if data.get("bring_to_follow_up"):
        return str(data.get("help_needed") or "").strip()
    return ""


TOOL = tool("selvledelse", SelfLeadershipForm, order=10, agenda_item=agenda_item)
