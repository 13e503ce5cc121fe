from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from aktiv.lib.forms import TOO_LONG
from aktiv.people.models import Person
from aktiv.people.organisation.forms import LeaderField


def leaders() -> Any:
    reports = Person.objects.filter(leader=OuterRef("pk"), is_active=True)
    return Person.objects.filter(is_active=True).filter(Exists(reports)).order_by("full_name")


# Up to this many leaders are offered as suggestions in the form; a large organisation's
# thousands would make HR's page megabytes long.
FEW_LEADERS = 200


def few_leaders() -> list[Person]:
    """Every leader when there are at most FEW_LEADERS, else none."""
    found = list(leaders().only("full_name", "email")[: FEW_LEADERS + 1])
    return [] if len(found) > FEW_LEADERS else found


class OpenRoundForm(forms.Form):
    """HR opens a round for one leader, written as their e-mail address (the page cannot list
    every leader of a large organisation; a few are suggested)."""

    leader = LeaderField(
        label=_("Lederens e-post"),
        max_length=254,
        error_messages=TOO_LONG,
        help_text=_("Adressen står i personlisten på Organisasjonen."),
    )

    def __init__(self, *args: Any, suggested: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].widget.attrs["autocomplete"] = "off"
        if suggested:
            self.fields["leader"].widget.attrs["list"] = "leader-emails"
