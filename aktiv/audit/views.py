from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from aktiv.lib.typing import AuthedRequest

from .export import export_for
from .models import AccessLogEntry

ACCESS_LOG_PAGE = 200


@require_GET
def my_data(request: AuthedRequest) -> HttpResponse:
    """Who has seen my data, who changed my e-mail address, and the download of everything
    stored about me."""
    entries = AccessLogEntry.objects.about(request.user).select_related("actor")[:ACCESS_LOG_PAGE]
    email_changes = request.user.email_changes.select_related("changed_by")
    return render(
        request, "audit/my_data.html", {"entries": entries, "email_changes": email_changes}
    )


@require_GET
def my_data_export(request: AuthedRequest) -> HttpResponse:
    payload = json.dumps(export_for(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"aktiv-mine-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
