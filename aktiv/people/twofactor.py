"""Second factor: TOTP (an authenticator app) with ten single-use backup codes.

Required for HR and administrators (PRODUCT.md section 3), and for leaders when HR turns
that on (OrganisationSettings); offered to everyone, and once a person has set it up it is
asked for at every sign-in. Password reset does not sign anyone
in, so it never bypasses the second factor."""

from __future__ import annotations

import time
from base64 import b32encode
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from aktiv.lib.forms import TOO_LONG
from aktiv.lib.qr import qr_svg
from aktiv.lib.typing import AuthedRequest
from aktiv.lib.views import safe_next

from .models import OrganisationSettings, Person

BACKUP_CODES = 10
WRONG_CODE = gettext_lazy(
    "Koden stemmer ikke. Bruk den nyeste koden fra appen (sjekk at klokka på telefonen går "
    "riktig), eller en av reservekodene."
)
SETUP_DEVICE_NAME = "setup"
SETUP_KEY_SESSION = "twofactor_setup_key"
Handler = Callable[[HttpRequest], HttpResponse]


def second_factor_required(person: Person) -> bool:
    """HR and administrators always; leaders when HR has turned that on (they read what
    their people share with them)."""
    if person.is_hr or person.is_staff or person.is_superuser:
        return True
    # is_leader first: it is cached on the person, and the menu asks it anyway.
    return person.is_leader and OrganisationSettings.current().leaders_need_second_factor


def needs_second_factor(person: Person) -> bool:
    """Required, or set up by the person themself: asked for at every sign-in."""
    return second_factor_required(person) or user_has_device(person)


NO_DEVICE_SEEN_SESSION = "twofactor_no_device_at"
NO_DEVICE_RECHECK = 60  # seconds


def _has_device(request: HttpRequest, person: Person) -> bool:
    """Whether a person who is not required to have a second factor has set one up. One
    query per device type; a "none" is kept in the session for a minute, so a signed-in
    session without a device costs these queries once a minute, not on every request. What
    the person's role requires (second_factor_required) is still checked on every request,
    and a device set up in another session is asked for here within a minute."""
    now = int(time.time())
    # Tied to this sign-in: a new sign-in (last_login changes) asks the database again.
    signed_in = f"{person.pk}:{person.last_login.isoformat() if person.last_login else ''}"
    seen = request.session.get(NO_DEVICE_SEEN_SESSION)
    if (
        isinstance(seen, list)
        and len(seen) == 2
        and seen[1] == signed_in
        and isinstance(seen[0], int)
        and 0 <= now - seen[0] < NO_DEVICE_RECHECK
    ):
        return False
    if user_has_device(person):
        request.session.pop(NO_DEVICE_SEEN_SESSION, None)
        return True
    request.session[NO_DEVICE_SEEN_SESSION] = [now, signed_in]
    return False


def require_second_factor(get_response: Handler) -> Handler:
    """Until the second factor is given, a person who needs one reaches only the pages that
    set it up or ask for it (and signing out)."""
    allowed = ("/sikkerhet/to-trinn/", "/logg-ut/", "/static/")

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and isinstance(user, Person)
            and not request.path.startswith(allowed)
            # Verified first: OTPMiddleware has already loaded the device from the session,
            # so a verified person costs no query here (needs_second_factor costs two or
            # three, on every request).
            and not user.is_verified()  # type: ignore[attr-defined]
            and (second_factor_required(user) or _has_device(request, user))
        ):
            target = "twofactor_verify" if user_has_device(user) else "twofactor_setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return get_response(request)

    return middleware


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=16,
        error_messages=TOO_LONG,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def cleaned_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


@transaction.atomic
def _grouped_secret(device: TOTPDevice) -> str:
    """The key as people type it into an app by hand: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _issue_backup_codes(person: Person) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=person, name="backup")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    device.token_set.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, fallback=reverse("home"))


@require_http_methods(["GET", "POST"])
def setup(request: AuthedRequest) -> HttpResponse:
    person = request.user
    if user_has_device(person):
        return redirect("twofactor_manage")
    device = _setup_device(request)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_code()):
            device.confirmed = True
            device.name = "authenticator"
            device.save()
            otp_login(request, device)
            codes = _issue_backup_codes(person)
            return render(
                request,
                "people/twofactor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "people/twofactor_setup.html",
        {
            "form": form,
            "qr": qr_svg(device.config_url),
            "secret": _grouped_secret(device),
            "required": second_factor_required(person),
            "as_leader": not (person.is_hr or person.is_staff or person.is_superuser),
            "next": _next_url(request),
        },
        status=200 if not form.errors else 400,
    )


def _setup_device(request: AuthedRequest) -> TOTPDevice:
    """The device being set up. Until a code is tried (a POST) its secret waits in the
    session, so showing the QR code stores nothing."""
    person = request.user
    device = TOTPDevice.objects.filter(user=person, name=SETUP_DEVICE_NAME, confirmed=False).first()
    if device is not None:
        return device
    key = request.session.setdefault(SETUP_KEY_SESSION, random_hex(20))
    device = TOTPDevice(user=person, name=SETUP_DEVICE_NAME, confirmed=False, key=key)
    if request.method == "POST":
        device.save()
        del request.session[SETUP_KEY_SESSION]
    return device


@require_http_methods(["GET", "POST"])
def verify(request: AuthedRequest) -> HttpResponse:
    person = request.user
    if not user_has_device(person):
        return redirect("twofactor_setup")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = match_token(person, form.cleaned_code())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    _("Du brukte en reservekode. Du har %(left)s igjen.") % {"left": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "people/twofactor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=200 if not form.errors else 400,
    )


@require_http_methods(["GET", "POST"])
def manage(request: AuthedRequest) -> HttpResponse:
    """Everyone's security page: set up the second factor, or make new backup codes."""
    person = request.user
    if request.method == "POST" and request.POST.get("action") == "new_codes":
        if not user_has_device(person):
            return redirect("twofactor_setup")
        codes = _issue_backup_codes(person)
        return render(
            request,
            "people/twofactor_codes.html",
            {"codes": codes, "next": reverse("twofactor_manage")},
        )
    devices = [d for d in devices_for_user(person) if isinstance(d, TOTPDevice)]
    backup = StaticDevice.objects.filter(user=person).first()
    return render(
        request,
        "people/twofactor_manage.html",
        {
            "has_device": bool(devices),
            "codes_left": backup.token_set.count() if backup else 0,
            "required": second_factor_required(person),
        },
    )
