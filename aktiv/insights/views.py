from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aktiv.conversations.models import Period
from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest

from .anonymity import configured_threshold
from .participation import participation
from .team import team_figures, team_rows


@require_GET
def team(request: AuthedRequest) -> HttpResponse:
    leader = request.user
    if not leader.is_leader:
        raise Http404
    return render(
        request,
        "people/team.html",
        {
            "rows": team_rows(leader),
            "figures": team_figures(leader),
            "threshold": configured_threshold(),
        },
    )


@hr_required
@require_GET
def participation_view(request: AuthedRequest) -> HttpResponse:
    """Per unit: who has agreed goals, held follow-ups and a confirmed evaluation."""
    period = Period.objects.current()
    rows = participation(period) if period else []
    return render(
        request,
        "insights/participation.html",
        {"period": period, "rows": rows, "threshold": configured_threshold()},
    )
