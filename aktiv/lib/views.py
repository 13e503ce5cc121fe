"""View plumbing shared by every app: the one way to run a service from a view, and the
one way to read where to go next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    """A service that went through, with what it returned (truthy even when that is None)."""

    value: T


def attempt(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    success: str = "",
) -> Done[T] | None:
    """Run a service. Its refusal (a ValidationError, raised before anything is saved)
    becomes an error on `form`, or, without a form, a message on the page the person returns
    to; None then. On success the `success` message is queued."""
    try:
        value = action()
    except ValidationError as error:
        if form is not None:
            _add_errors(form, error)
        else:
            messages.error(request, " ".join(error.messages))
        return None
    if success:
        messages.success(request, success)
    return Done(value)


def _add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A refusal that names a field lands at that field; anything else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_next(request: HttpRequest, fallback: str = "/") -> str:
    """The `next` parameter (query string or form) when it stays on this site, else
    `fallback`. Every link and redirect built from `next` goes through here: a check of
    our own ("starts with one slash") let `/\\evil.example/` through, which browsers read
    as `//evil.example/`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form in Norwegian, instead of Django's English debug page."""
    return render(request, "403_csrf.html", status=403)
