"""The accessibility statement (open to everyone, with its feedback form) and the list
where HR and administrators read and answer the feedback."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt
from aktiv.people.auth import client_address

from . import services, statement
from .forms import FeedbackForm, ReplyForm
from .models import Feedback


def hr_or_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The feedback list: HR and administrators; anyone else gets a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (getattr(user, "is_hr", False) or getattr(user, "is_staff", False)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _statement(request: HttpRequest, form: FeedbackForm, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "deviations": statement.DEVIATIONS,
        "last_checked": statement.LAST_CHECKED,
        "updated": statement.STATEMENT_UPDATED,
    }
    return render(request, "accessibility/statement.html", context, status=status)


@login_not_required
@require_GET
def statement_page(request: HttpRequest) -> HttpResponse:
    return _statement(request, FeedbackForm(initial={"page": request.GET.get("fra", "")[:500]}))


@login_not_required
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    form = FeedbackForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = attempt(
            request,
            lambda: services.feedback_send(
                message=data["message"],
                email=data["email"],
                page=data["page"],
                address=client_address(request),
            ),
            form=form,
            success=_("Takk! Tilbakemeldingen er sendt til dem som forvalter Aktiv."),
        )
        if done:
            return redirect("accessibility:statement")
    throttled = services.feedback_throttled(client_address(request))
    return _statement(request, form, status=429 if throttled else 400)


@hr_or_admin_required
@require_GET
def feedback_list(request: AuthedRequest) -> HttpResponse:
    items = Feedback.objects.select_related("answered_by")[:200]
    return render(
        request,
        "accessibility/feedback_list.html",
        {"items": items, "reply_form": ReplyForm()},
    )


@hr_or_admin_required
@require_http_methods(["POST"])
def feedback_reply(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    found = get_object_or_404(Feedback, uuid=uuid)
    form = ReplyForm(request.POST)
    if form.is_valid():
        reply = form.cleaned_data["reply"]
        if attempt(
            request,
            lambda: services.feedback_reply(feedback=found, reply=reply, actor=request.user),
            form=form,
            success=_("Svaret er sendt på e-post."),
        ):
            return redirect("accessibility:feedback_list")
    items = Feedback.objects.select_related("answered_by")[:200]
    return render(
        request,
        "accessibility/feedback_list.html",
        {"items": items, "reply_form": ReplyForm(), "failed": found, "failed_form": form},
        status=400,
    )
