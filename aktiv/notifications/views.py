"""The inbox: what is waiting for me, marked read one by one (opening it) or all at once,
and how I want to hear about each kind by e-mail."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import attempt

from . import services
from .models import DEFAULTS, Choice, Kind, Notification, choices_of, unread_count

PAGE_SIZE = 50


@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    mine = Notification.objects.for_person(request.user).select_related("actor")
    return render(
        request,
        "notifications/inbox.html",
        {"notifications": list(mine[:PAGE_SIZE]), "unread": unread_count(request.user)},
    )


@require_POST
def open_notification(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Mark it read and go to the thing. The page there decides, as always, whether the
    reader may see it (after a change of leader the former leader is refused)."""
    notification = get_object_or_404(Notification.objects.for_person(request.user), uuid=uuid)
    attempt(
        request, lambda: services.notification_read(notification=notification, actor=request.user)
    )
    # Only a path on this site (the same check as lib.views.safe_next: "/\\evil" is not one).
    local = notification.url.startswith("/") and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notification.url if local else "notifications:inbox")


@require_POST
def read_all(request: AuthedRequest) -> HttpResponse:
    attempt(
        request,
        lambda: services.notifications_read_all(actor=request.user),
        success=str(_("Alle varsler er merket som lest.")),
    )
    return redirect("notifications:inbox")


class EmailChoicesForm(forms.Form):
    def __init__(
        self, *args: Any, initial_choices: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        initial_choices = initial_choices or DEFAULTS
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Choice.choices,
                initial=initial_choices[kind.value],
                widget=forms.RadioSelect,
            )


@require_http_methods(["GET", "POST"])
def email_settings(request: AuthedRequest) -> HttpResponse:
    current = choices_of(request.user)
    form = EmailChoicesForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            request,
            lambda: services.email_choices_save(actor=request.user, choices=form.cleaned_data),
            form=form,
            success=str(_("E-postvalgene er lagret.")),
        )
        if done:
            return redirect("notifications:email_settings")
    return render(request, "notifications/email_settings.html", {"form": form})
