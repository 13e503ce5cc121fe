"""Min side: what the person has done and what to do next, gathered from every app."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.conversations.models import FollowUp
from aktiv.expectations.services import needs_acknowledgement
from aktiv.goals.models import PersonalGoal
from aktiv.learning.recommend import recommend_for
from aktiv.lib.typing import AuthedRequest
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem, Worksheet

STALE_AFTER_DAYS = 180


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str
    action: str


def _suggestions(person: Person, latest: dict[str, Response], drafts: set[str]) -> list[Suggestion]:
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


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    person = request.user
    mine = Response.objects.owned_by(person)
    latest: dict[str, Response] = {}
    for response in (
        mine.submitted()
        .select_related("shared_with")
        .prefetch_related("focus_areas")
        .order_by("-submitted_at")
    ):
        latest.setdefault(response.instrument_key, response)
    drafts = set(mine.drafts().values_list("instrument_key", flat=True))
    recent = sorted(latest.values(), key=lambda r: r.submitted_at or r.created_at, reverse=True)
    shared_responses = shared_worksheets = 0
    if person.is_leader:
        shared_responses = Response.objects.shared_with_leader(person).count()
        shared_worksheets = Worksheet.objects.shared_with_leader(person).count()
    return render(
        request,
        "home/home.html",
        {
            "suggestions": _suggestions(person, latest, drafts),
            "recent": recent,
            "shared_responses": shared_responses,
            "shared_worksheets": shared_worksheets,
            "agenda_items": PendingAgendaItem.pending_for(person),
            "expectations_to_read": needs_acknowledgement(person),
            "learning": recommend_for(person),
            "next_follow_up": FollowUp.objects.visible_to(person)
            .filter(record__employee=person)
            .upcoming()
            .first(),
            "goals_to_agree": PersonalGoal.objects.visible_to(person)
            .filter(record__leader=person, state=PersonalGoal.State.PROPOSED)
            .count(),
        },
    )
