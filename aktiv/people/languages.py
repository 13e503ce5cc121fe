"""Which language Aktiv speaks to whom. A signed-in person's own choice (Person.language),
else the organisation's default (OrganisationSettings.default_language); anonymous pages follow
the browser (Django's LocaleMiddleware). Mail, invitations, PDFs and exports made for a person
are rendered inside `speaking_to(person)`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

if TYPE_CHECKING:
    from .models import Person

CACHE_KEY = "aktiv:organisation-language"
# Every request of a person with no choice of their own needs the default: kept in the cache
# (shared by every process when CACHE_URL is set) and dropped when HR saves a new one.
CACHE_SECONDS = 60


def organisation_language() -> str:
    cached = cache.get(CACHE_KEY)
    if cached is None:
        from .models import OrganisationSettings

        cached = OrganisationSettings.current().default_language
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return str(cached)


def forget_organisation_language() -> None:
    cache.delete(CACHE_KEY)


@contextmanager
def speaking_to(person: Person | None) -> Iterator[None]:
    """Render what is made for this person (an e-mail, an invitation, a PDF, an export) in
    their language, whatever the language of the request or the worker."""
    language = person.preferred_language if person is not None else organisation_language()
    with translation.override(language):
        yield


def person_language(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """After authentication: a signed-in person reads Aktiv in their own language on every
    device, whatever the browser asks for."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return get_response(request)
        language = request.user.preferred_language
        request.LANGUAGE_CODE = language
        # For this request only: the thread goes back to the browser's language after it,
        # so nothing later in the thread (a task, a test) inherits this person's.
        with translation.override(language):
            response = get_response(request)
        response.headers["Content-Language"] = language
        return response

    return middleware
