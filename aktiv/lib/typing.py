from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from aktiv.people.models import Person


class AuthedRequest(HttpRequest):
    """A request past LoginRequiredMiddleware (`user` is a signed-in Person) and
    HtmxMiddleware."""

    user: Person
    htmx: HtmxDetails
