from django.http import HttpRequest

from aktiv.people.models import Person


class AuthedRequest(HttpRequest):
    """A request past LoginRequiredMiddleware: `user` is always a signed-in Person."""

    user: Person
