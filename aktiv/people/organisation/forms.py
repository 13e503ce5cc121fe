"""Forms for HR's organisation pages. They only read input; the rules (cycles, duplicate
names, self-protection) live in services.py, whose errors are put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG

from ..models import Person, Unit
from ..units import unit_find
from .importer import MAX_BYTES, too_large


class UnitPathField(forms.CharField):
    """A unit written as its path ("Kommune / Oppvekst / Skole") or its name, looked up when
    the form is sent (units.unit_find), so the page need not list every unit. `paths` (a few
    only: units.few_paths) are offered as suggestions."""

    def __init__(self, *, paths: list[str], **kwargs: Any) -> None:
        super().__init__(max_length=1000, error_messages=TOO_LONG, **kwargs)
        self.widget.attrs["autocomplete"] = "off"
        if paths:
            self.widget.attrs["list"] = "unit-paths"

    def clean(self, value: Any) -> Unit | None:
        text = super().clean(value)
        return unit_find(text) if text else None


class PersonEmailField(forms.EmailField):
    """A person written as their e-mail address, in any case: a page that cannot list
    everyone of a large organisation asks for the address instead."""

    missing = gettext_lazy("Ingen person har e-postadressen «%(email)s».")

    def clean(self, value: Any) -> Person | None:
        email = super().clean(value)
        if not email:
            return None
        email = email.strip()
        found = Person.objects.filter(email=email.lower()).first() or (
            Person.objects.filter(email__iexact=email).first()
        )
        if found is None:
            raise forms.ValidationError(self.missing % {"email": email})
        return found


class LeaderField(PersonEmailField):
    """The leader written as their e-mail address. Who may lead whom is the services' rule;
    this only finds the person."""

    missing = gettext_lazy(
        "Ingen person har e-postadressen «%(email)s». Skriv adressen til lederen."
    )


_UNIT_HELP = gettext_lazy(
    "Skriv stien med «/» mellom nivåene, for eksempel «Kommune / Oppvekst / Skole», eller "
    "bare navnet hvis ingen annen enhet heter det samme."
)


class UnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200, error_messages=TOO_LONG)

    def __init__(self, *args: Any, paths: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = UnitPathField(
            paths=paths,
            label=_("Ligger under"),
            required=False,
            help_text=_(
                "Skriv stien med «/» mellom nivåene, for eksempel «Kommune / Oppvekst», eller "
                "bare navnet hvis ingen annen enhet heter det samme. La feltet stå tomt for en "
                "enhet øverst."
            ),
        )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Navn"), max_length=200, error_messages=TOO_LONG)
    email = forms.EmailField(
        label=gettext_lazy("E-post"),
        max_length=254,
        error_messages=TOO_LONG,
        help_text=gettext_lazy(
            "Brukes til å logge inn. To personer kan ikke ha samme e-post. Endrer du den, blir "
            "personen logget ut, og den gamle adressen får e-post og kan angre endringen."
        ),
    )
    leader = LeaderField(
        label=gettext_lazy("Lederens e-post"),
        max_length=254,
        error_messages=TOO_LONG,
        required=False,
        help_text=gettext_lazy(
            "Adressen står i personlisten på Organisasjonen. La feltet stå tomt hvis personen "
            "ikke har noen leder."
        ),
    )
    is_hr = forms.BooleanField(
        label=gettext_lazy("HR-rolle"),
        required=False,
        help_text=gettext_lazy(
            "Forvalter organisasjonen og ser anonymiserte tall. Krever to-trinns innlogging."
        ),
    )
    field_order = ["full_name", "email", "unit", "leader", "is_hr"]

    def __init__(self, *args: Any, paths: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = UnitPathField(
            paths=paths, label=_("Enhet"), required=True, help_text=_UNIT_HELP
        )
        self.order_fields(self.field_order)


class PeopleFilterForm(forms.Form):
    """The unit is chosen with "Vis personer" in the unit tree and kept in a hidden field,
    so the page never lists every unit."""

    q = forms.CharField(
        label=gettext_lazy("Søk på navn eller e-post"),
        required=False,
        max_length=100,
        error_messages=TOO_LONG,
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        to_field_name="uuid",
        required=False,
        widget=forms.HiddenInput,
    )


class UnitSearchForm(forms.Form):
    enhetsok = forms.CharField(
        label=gettext_lazy("Finn en enhet (navn)"),
        required=False,
        max_length=200,
        error_messages=TOO_LONG,
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil (CSV eller XLSX)"),
        help_text=gettext_lazy(
            "Første rad: e-post, navn, enhet, leder, roller. Høyst 32 MB og 200 000 personer."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory.
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_large())
        return upload
