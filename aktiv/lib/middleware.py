import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]


def no_store_for_signed_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Pages shown to a signed-in person carry personal data: no cache may keep them."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware


def session_limits(get_response: Handler) -> Handler:
    """End a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request, and
    after SESSION_ABSOLUTE_TIMEOUT seconds whatever happens."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("started_at", now)
            last_seen = request.session.get("last_seen_at", now)
            if (
                now - last_seen > settings.SESSION_IDLE_TIMEOUT
                or now - started > settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                logout(request)
                messages.info(
                    request, _("Du ble logget ut fordi økten var utløpt. Logg inn igjen.")
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or "last_seen_at" not in request.session:
                # Once a minute is precise enough, and spares a session write per request.
                request.session["last_seen_at"] = now
        return get_response(request)

    return middleware
