from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from aktiv.people.models import Person


def leaders() -> Any:
    reports = Person.objects.filter(leader=OuterRef("pk"), is_active=True)
    return Person.objects.filter(is_active=True).filter(Exists(reports)).order_by("full_name")


class OpenRoundForm(forms.Form):
    """HR opens a round for one leader."""

    leader = forms.ModelChoiceField(
        label=_("Leder"), queryset=Person.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders()  # type: ignore[attr-defined]
