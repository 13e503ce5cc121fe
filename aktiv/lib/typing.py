from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:  # lib is the bottom layer: it names Person for the type checker only
    from aktiv.people.models import Person


class AuthedRequest(HttpRequest):
    """A request past LoginRequiredMiddleware (`user` is a signed-in Person) and
    HtmxMiddleware."""

    user: Person
    htmx: HtmxDetails
