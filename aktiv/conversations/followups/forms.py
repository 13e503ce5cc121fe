"""Forms for phase 2. They turn input into clean values; what is allowed is decided in
followups/services.py."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG, day_range
from aktiv.people.models import Person

from ..models import ConversationRecord, FollowUp
from .questions import KEYS, LEADER_QUESTION, QUESTIONS
from .services import (
    ACTION_TEXT_MAX,
    AGENDA_TEXT_MAX,
    ANSWER_MAX,
    DURATIONS,
    LOCATION_MAX,
    NOTES_MAX,
    SUPPORT_MAX,
)


class MeetingForm(forms.Form):
    """When and where: used to plan the series, add one meeting and move one."""

    day = forms.DateField(
        label=gettext_lazy("Dato"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=day_range(),
        error_messages={
            "required": gettext_lazy("Velg en dato."),
            "invalid": gettext_lazy("Skriv en gyldig dato, for eksempel 2026-03-12."),
        },
    )
    start = forms.TimeField(
        label=gettext_lazy("Klokkeslett"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": gettext_lazy("Velg et klokkeslett."),
            "invalid": gettext_lazy("Skriv et gyldig klokkeslett, for eksempel 10:00."),
        },
    )
    duration_minutes = forms.TypedChoiceField(
        label=gettext_lazy("Varighet"),
        coerce=int,
        initial=45,
        error_messages={"invalid_choice": gettext_lazy("Velg en av varighetene i listen.")},
    )
    location = forms.CharField(
        label=gettext_lazy("Sted"),
        required=False,
        max_length=LOCATION_MAX,
        help_text=gettext_lazy("Et møterom, en adresse eller en lenke til videomøtet."),
        error_messages=TOO_LONG,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labels are made here, not at import, so they follow the active language.
        cast(forms.TypedChoiceField, self.fields["duration_minutes"]).choices = [
            (str(m), _minutes_label(m)) for m in DURATIONS
        ]

    @classmethod
    def initial_for(cls, follow_up: FollowUp) -> dict[str, Any]:
        local = timezone.localtime(follow_up.scheduled_at)
        return {
            "day": local.date(),
            "start": local.time().replace(second=0, microsecond=0),
            "duration_minutes": follow_up.duration_minutes,
            "location": follow_up.location,
        }

    @classmethod
    def initial_first(cls, record: ConversationRecord) -> dict[str, Any]:
        """Tomorrow (or the period's first day) at ten."""
        day = max(timezone.localdate() + timedelta(days=1), record.period.starts_on)
        return {"day": day, "start": time(10, 0), "duration_minutes": 45}

    def scheduled_at(self) -> datetime:
        day: date = self.cleaned_data["day"]
        start: time = self.cleaned_data["start"]
        return timezone.make_aware(datetime.combine(day, start.replace(second=0, microsecond=0)))


def _minutes_label(minutes: int) -> str:
    if minutes < 60:
        return _("%(n)s minutter") % {"n": minutes}
    hours, rest = divmod(minutes, 60)
    if not rest:
        return _("1 time") if hours == 1 else _("%(n)s timer") % {"n": hours}
    return _("%(h)s t %(m)s min") % {"h": hours, "m": rest}


class PreparationForm(forms.Form):
    """The six questions of seed 003, one text each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, (key, question) in enumerate(zip(KEYS, QUESTIONS, strict=True), start=1):
            self.fields[key] = forms.CharField(
                label=f"{number}. {question}",
                required=False,
                max_length=ANSWER_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages=TOO_LONG,
            )

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key in KEYS}


class ElementIds(forms.Form):
    """Several forms share one page, and some share a field name ("text"): each form's
    element ids get their own prefix so every label points at its own field."""

    id_prefix = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class AgendaItemForm(ElementIds):
    id_prefix = "agenda"
    text = forms.CharField(
        label=gettext_lazy("Nytt punkt på agendaen"),
        max_length=AGENDA_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": gettext_lazy("Skriv hva du vil ta opp."),
            **TOO_LONG,
        },
    )


class NotesForm(forms.Form):
    shared_notes = forms.CharField(
        label=gettext_lazy("Felles notater"),
        required=False,
        max_length=NOTES_MAX,
        help_text=gettext_lazy("Dere ser og skriver begge her."),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages=TOO_LONG,
    )


class SupportForm(forms.Form):
    leader_support = forms.CharField(
        label=LEADER_QUESTION,
        required=False,
        max_length=SUPPORT_MAX,
        help_text=gettext_lazy(
            "Spør alltid, og skriv ned det dere blir enige om at du gjør. "
            "Medarbeideren ser svaret ditt."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=TOO_LONG,
    )


class LeaderNoteForm(ElementIds):
    id_prefix = "note"
    text = forms.CharField(
        label=gettext_lazy("Dine notater"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=TOO_LONG,
    )


class AgreedActionForm(ElementIds):
    """An agreed action: what, who owns it (one of the two), and by when."""

    id_prefix = "action"

    text = forms.CharField(
        label=gettext_lazy("Tiltak"),
        max_length=ACTION_TEXT_MAX,
        error_messages={
            "required": gettext_lazy("Skriv hva dere ble enige om."),
            **TOO_LONG,
        },
    )
    owner = forms.ChoiceField(
        label=gettext_lazy("Ansvarlig"),
        error_messages={"invalid_choice": gettext_lazy("Velg medarbeideren eller lederen.")},
    )
    due_on = forms.DateField(
        label=gettext_lazy("Frist"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=day_range(),
        error_messages={"invalid": gettext_lazy("Skriv en gyldig dato, for eksempel 2026-03-12.")},
    )

    def __init__(self, record: ConversationRecord, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {"employee": record.employee, "leader": record.leader}
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            (role, person.full_name) for role, person in self.people.items()
        ]

    def chosen_owner(self) -> Person:
        return self.people[self.cleaned_data["owner"]]
