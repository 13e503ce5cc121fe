from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from .models import EmailChange, Person


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-post"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "Fant ingen aktiv bruker med denne e-postadressen og dette passordet. "
            "Sjekk begge og prøv igjen."
        ),
        "inactive": _("Denne brukeren er deaktivert."),
    }


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
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
