"""The one view behaviour behind every "Del med lederen din" button."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from aktiv.lib.typing import AuthedRequest

from .sharing import Shareable, item_share, item_withdraw


def sharing_post(
    request: AuthedRequest, item: Shareable, *, fragment: str, context: dict[str, object]
) -> HttpResponse:
    """Share or withdraw `item` (the caller has already scoped it to its owner). With HTMX
    the sharing fragment is returned in place; otherwise a redirect with a message."""
    person = request.user
    notice = error_text = ""
    try:
        if request.POST.get("action") == "withdraw":
            item_withdraw(item=item, actor=person)
            notice = _("Delingen er trukket tilbake.")
        elif request.POST.get("action") == "share":
            item_share(item=item, actor=person)
            notice = _("Delt med %(leader)s. Du kan trekke delingen tilbake når du vil.") % {
                "leader": person.leader
            }
        else:
            error_text = _("Ukjent handling.")
    except ValidationError as error:
        error_text = " ".join(error.messages)
    if request.htmx and not error_text:
        return render(request, fragment, context | {"is_owner": True, "sharing_notice": notice})
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, notice)
    return redirect(f"{item.get_absolute_url()}#deling")  # type: ignore[attr-defined]
