from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aktiv.lib.typing import AuthedRequest

from .anonymity import configured_threshold
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
