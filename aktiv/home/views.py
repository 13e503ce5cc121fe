"""Min side: what the person has done and what to do next, gathered from every app."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aktiv.assessments.models import Response
from aktiv.expectations.services import needs_acknowledgement
from aktiv.learning.recommend import recommend_for_responses
from aktiv.lib.typing import AuthedRequest
from aktiv.notifications.models import Notification
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from . import pages


@require_GET
def home(request: AuthedRequest) -> HttpResponse:
    person = request.user
    # One read of the person's own responses serves the suggestions, the "done" list and the
    # learning recommendations: the latest submitted one per instrument, and which have drafts.
    latest: dict[str, Response] = {}
    drafts: set[str] = set()
    for response in (
        Response.objects.owned_by(person)
        .filter(status__in=[Response.Status.SUBMITTED, Response.Status.DRAFT])
        .select_related("shared_with")
        .order_by("-submitted_at")
    ):
        if response.status == Response.Status.DRAFT:
            drafts.add(response.instrument_key)
        else:
            response.person = person  # the owner, for "shared with your leader"
            latest.setdefault(response.instrument_key, response)
    recent = sorted(latest.values(), key=lambda r: r.submitted_at or r.created_at, reverse=True)
    prefetch_related_objects(recent, "answers", "focus_areas")
    shared_responses = shared_worksheets = 0
    if person.is_leader:
        shared_responses = Response.objects.shared_with_leader(person).count()
        shared_worksheets = Worksheet.objects.shared_with_leader(person).count()
    return render(
        request,
        "home/home.html",
        {
            "suggestions": pages.suggestions(person, latest, drafts),
            "recent": recent,
            "shared_responses": shared_responses,
            "shared_worksheets": shared_worksheets,
            "agenda_items": PendingAgendaItem.pending_for(person),
            "expectations_to_read": needs_acknowledgement(person),
            "inbox": list(
                Notification.objects.for_person(person).unread().select_related("actor")[:5]
            ),
            "learning": recommend_for_responses(recent),
            "conversation": pages.my_conversation(person),
            "team": pages.team_summary(person) if person.is_leader else None,
            "today": timezone.localdate(),
        },
    )
