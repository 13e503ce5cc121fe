"""What Min side suggests doing next: built here, read-only."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.people.models import Person

STALE_AFTER_DAYS = 180


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str
    action: str


def suggestions(person: Person, latest: dict[str, Response], drafts: set[str]) -> list[Suggestion]:
    """What this person could do next, most useful first."""
    suggestions = []
    now = timezone.now()
    for instrument in definitions.available_to(is_leader=person.is_leader):
        url = reverse("assessments:instrument", args=[instrument.key])
        response = latest.get(instrument.key)
        if instrument.key in drafts:
            suggestions.append(
                Suggestion(
                    _("Du har et påbegynt utkast av «%(title)s».") % {"title": instrument.title},
                    url,
                    _("Fortsett"),
                )
            )
        elif response is None:
            suggestions.append(
                Suggestion(
                    _("Kartlegg deg selv med «%(title)s».") % {"title": instrument.title},
                    url,
                    _("Start"),
                )
            )
        elif not response.focus_areas.all():
            suggestions.append(
                Suggestion(
                    _("Velg utviklingsområder og styrker etter «%(title)s».")
                    % {"title": instrument.title},
                    response.get_absolute_url() + "#prosess",
                    _("Velg"),
                )
            )
        elif response.submitted_at and (now - response.submitted_at).days > STALE_AFTER_DAYS:
            suggestions.append(
                Suggestion(
                    _(
                        "Det er over et halvt år siden du tok «%(title)s». "
                        "Se hvordan du har utviklet deg."
                    )
                    % {"title": instrument.title},
                    url,
                    _("Ta på nytt"),
                )
            )
    return suggestions
