"""The sign-in pages: the login page with "Logg inn med <name>" first, the way to the
provider and back, and signing out (with the provider's own sign-out offered)."""

from __future__ import annotations

import logging
from typing import Any

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from joserfc.errors import JoseError
from requests import RequestException

from aktiv.lib.views import safe_next

from ..models import OrganisationSettings
from . import enabled
from .client import claims_options, client, end_session_url
from .services import SignInRefused, identity_sign_in, provider_mfa

log = logging.getLogger(__name__)

NEXT_KEY = "sso_next"
ID_TOKEN_KEY = "sso_id_token"  # noqa: S105  # nosec B105  # a session key, not a secret


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "people/sso_refused.html",
        {"message": message, "provider": settings.OIDC_NAME},
        status=status,
    )


def _unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    log.warning("Single sign-on: the provider did not answer: %s", error)
    return _refused(
        request,
        _("Vi får ikke kontakt med %(provider)s akkurat nå. Prøv igjen om litt.")
        % {"provider": settings.OIDC_NAME},
        503,
    )


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Off to the provider, with state, nonce and a PKCE challenge kept in the session."""
    if not enabled():
        raise Http404
    request.session[NEXT_KEY] = safe_next(request, fallback=reverse(settings.LOGIN_REDIRECT_URL))
    redirect_uri = request.build_absolute_uri(reverse("sso_callback"))
    try:
        response: HttpResponse = client().authorize_redirect(request, redirect_uri)
    except (RequestException, ValueError, KeyError) as error:
        return _unavailable(request, error)
    return response


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: Authlib checks state, exchanges the code with the PKCE
    verifier, and checks the ID token (signature against the provider's JWKS, issuer,
    audience, expiry, nonce, tenant); then the person is found and signed in."""
    if not enabled():
        raise Http404
    try:
        token = client().authorize_access_token(request, claims_options=claims_options())
    except MismatchingStateError:
        return _refused(
            request,
            _(
                "Innloggingen er allerede brukt eller har gått ut på tid. Start innloggingen "
                "på nytt."
            ),
            400,
        )
    except OAuthError as error:
        log.info("Single sign-on refused by the provider: %s", error)
        return _refused(
            request,
            _("%(provider)s fullførte ikke innloggingen. Prøv igjen.")
            % {"provider": settings.OIDC_NAME},
            400,
        )
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as error:
        log.warning("Single sign-on: an ID token failed its checks: %r", error)
        return _refused(
            request,
            _(
                "Svaret fra %(provider)s kunne ikke bekreftes, så du er ikke logget inn. "
                "Prøv igjen; kontakt IT om det skjer igjen."
            )
            % {"provider": settings.OIDC_NAME},
            400,
        )
    except RequestException as error:
        return _unavailable(request, error)
    claims: dict[str, Any] | None = token.get("userinfo")
    if not claims:
        return _refused(request, _("Identitetsleverandøren sendte ingen ID-token."), 400)
    try:
        identity = identity_sign_in(issuer=settings.OIDC_ISSUER, claims=claims)
    except SignInRefused as refusal:
        return _refused(request, refusal.message, 403)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), 409)
    next_url = request.session.pop(NEXT_KEY, reverse(settings.LOGIN_REDIRECT_URL))
    login(request, identity.user, backend="aktiv.people.auth.PersonBackend")
    request.session[ID_TOKEN_KEY] = token["id_token"]
    if provider_mfa(claims):
        # The provider asked for more than a password: Aktiv does not ask again.
        otp_login(request, identity)
    return redirect(next_url)


class LoginView(auth_views.LoginView):
    """Django's, with "Logg inn med <name>" first when single sign-on is on, and the
    password form only when HR allows it (or for an administrator, who asks for it)."""

    redirect_authenticated_user = True

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if enabled():  # the provider's button comes first, not the e-mail field
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        password_login = not enabled() or OrganisationSettings.current().password_login
        context.update(
            sso=enabled(),
            sso_name=settings.OIDC_NAME,
            password_login=password_login,
            show_password_form=password_login
            or "passord" in self.request.GET
            or self.request.method == "POST",
        )
        return context


class LogoutView(auth_views.LogoutView):
    """Ends the Aktiv session; after a single sign-on, offers the provider's sign-out too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        id_token = request.session.get(ID_TOKEN_KEY)
        response: HttpResponse = super().post(request, *args, **kwargs)
        if not (enabled() and id_token):
            return response
        try:
            url = end_session_url(
                id_token=id_token,
                post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
            )
        except (RequestException, ValueError, KeyError, RuntimeError) as error:
            log.warning("Single sign-on: no end-session endpoint: %s", error)
            url = None
        if url is None:
            return response
        return render(
            request,
            "registration/logged_out_sso.html",
            {"end_session_url": url, "provider": settings.OIDC_NAME},
        )
