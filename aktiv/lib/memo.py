"""Lookups that several parts of one page ask for (the current period, the organisation's
settings, the unread count in the header), asked of the database once a request.

Nothing is kept between requests, so no other process or later request can see a stale
value. Outside a request (the worker, a management command, a test calling a service) every
call asks the database, as before. A save of the looked-up model forgets its entry, so a view
that changes it and renders in the same request reads the new value."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

# Each request runs in its own context (gunicorn's threads each have one), so two requests
# served at once never share an entry.
_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("aktiv_request_memo", default=None)


def per_request(key: Hashable, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]  # type: ignore[no-any-return]


def forget(key: Hashable) -> None:
    memo = _memo.get()
    if memo is not None:
        memo.pop(key, None)


def request_memo(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        token = _memo.set({})
        try:
            return get_response(request)
        finally:
            _memo.reset(token)

    return middleware
