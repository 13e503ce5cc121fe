from collections.abc import Iterator
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from aktiv.lib.forms import TOO_LONG

from .languages import speaking_to
from .models import EmailChange, OrganisationSettings, Person
from .sso import enabled as sso_enabled

# Long enough for any password manager; a megabyte typed here is refused before it is hashed
# (Django's own limit after CVE-2013-1443 was the same).
PASSWORD_MAX = 4096


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-post"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
        error_messages=TOO_LONG,
    )
    password = forms.CharField(
        label=_("Passord"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages=TOO_LONG,
    )
    error_messages = {
        "invalid_login": _(
            "Fant ingen aktiv bruker med denne e-postadressen og dette passordet. "
            "Sjekk begge og prøv igjen."
        ),
        "inactive": _("Denne brukeren er deaktivert."),
        "password_login_off": _(
            "Innlogging med passord er slått av. Bruk knappen «Logg inn med %(provider)s»."
        ),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        """With single sign-on on, HR may turn passwords off for all but administrators."""
        super().confirm_login_allowed(user)
        if (
            sso_enabled()
            and not OrganisationSettings.current().password_login
            and not (user.is_staff or user.is_superuser)
        ):
            raise forms.ValidationError(
                self.error_messages["password_login_off"],
                code="password_login_off",
                params={"provider": settings.OIDC_NAME},
            )


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages=TOO_LONG,
    )

    def get_users(self, email: str) -> Iterator[Any]:
        """Active people with this address. Unlike Django's default this includes people
        without a usable password: HR and the import create people that way, and this is
        how they choose their first password. Left out: a person whose address someone
        else changed less than EMAIL_CHANGE_HOLD_HOURS ago, so that whoever controls the new
        address cannot take the account over (the page says "sent" all the same)."""
        held = EmailChange.objects.holding().values("person")
        people = Person.objects.filter(email__iexact=email.strip(), is_active=True)
        return iter(people.exclude(pk__in=held))

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """In the language of the person the link is for, not of the browser that asked."""
        context = args[2] if len(args) > 2 else kwargs["context"]
        with speaking_to(context.get("user")):
            super().send_mail(*args, **kwargs)


class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]  # generic in the stubs only
    """Django's, with the new password bounded like the one typed to sign in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("new_password1", "new_password2"):
            field = cast(forms.CharField, self.fields[name])
            field.max_length = PASSWORD_MAX
            field.validators.append(MaxLengthValidator(PASSWORD_MAX))
            field.error_messages.update(TOO_LONG)
