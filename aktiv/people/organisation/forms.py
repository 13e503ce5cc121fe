"""Forms for HR's organisation pages. They only read input; the rules (cycles, duplicate
names, self-protection) live in services.py, whose errors are put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.lib.forms import TOO_LONG

from ..models import Person, Unit
from ..units import UnitNode
from .importer import MAX_BYTES, too_large


class PersonChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} ({obj.email})"


def _unit_field(
    label: str, tree: list[UnitNode], *, required: bool, empty: str
) -> forms.ModelChoiceField[Unit]:
    """Units labelled with their whole path ("Kommune / Oppvekst"), in tree order, from the
    tree the page already loaded, instead of one query per unit."""
    field = forms.ModelChoiceField(
        label=label, queryset=Unit.objects.all(), to_field_name="uuid", required=required
    )
    field.choices = [("", empty)] + [(str(node.unit.uuid), node.path) for node in tree]
    return field


class UnitForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Navn"), max_length=200, error_messages=TOO_LONG)

    def __init__(self, *args: Any, tree: list[UnitNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = _unit_field(
            _("Ligger under"), tree, required=False, empty=_("(øverst – ingen over)")
        )


class PersonForm(forms.Form):
    """`person` is the one being edited: left out of the leaders to choose from."""

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

    def __init__(
        self, *args: Any, tree: list[UnitNode], person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        leaders = Person.objects.filter(is_active=True).order_by("full_name")
        if person is not None:
            leaders = leaders.exclude(pk=person.pk)
        self.fields["unit"] = _unit_field(_("Enhet"), tree, required=True, empty=_("Velg enhet"))
        self.fields["leader"] = PersonChoiceField(
            label=_("Leder"),
            queryset=leaders,
            to_field_name="uuid",
            required=False,
            empty_label=_("(ingen leder)"),
        )
        self.fields["is_hr"] = forms.BooleanField(
            label=_("HR-rolle"),
            required=False,
            help_text=_(
                "Forvalter organisasjonen og ser anonymiserte tall. Krever to-trinns innlogging."
            ),
        )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Søk på navn eller e-post"),
        required=False,
        max_length=100,
        error_messages=TOO_LONG,
    )

    def __init__(
        self, *args: Any, tree: list[UnitNode], person: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        leaders = Person.objects.filter(is_active=True).order_by("full_name")
        if person is not None:
            leaders = leaders.exclude(pk=person.pk)
        self.fields["unit"] = _unit_field(
            _("Enhet (med underenheter)"), tree, required=False, empty=_("Alle enheter")
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
