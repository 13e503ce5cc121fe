"""Who signed in: the person an ID token's claims stand for, by the rules of docs/sso.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log

from ..models import EmailChange, OrganisationSettings, Person, SignInIdentity


class SignInRefused(Exception):
    """The provider vouched for someone Aktiv will not sign in; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _claim(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    return value.strip() if isinstance(value, str) else ""


def _email(claims: Mapping[str, Any]) -> str:
    email = _claim(claims, settings.OIDC_EMAIL_CLAIM).lower()
    # A provider that says the address is not verified does not get to name an account by it.
    return "" if claims.get("email_verified") is False else email


def provider_mfa(claims: Mapping[str, Any]) -> bool:
    """The provider says the person signed in with more than one factor."""
    amr = claims.get("amr")
    return isinstance(amr, list) and "mfa" in amr


@transaction.atomic
def identity_sign_in(*, issuer: str, claims: Mapping[str, Any]) -> SignInIdentity:
    """The identity (and through it the person) these validated ID token claims stand for.

    1. Known (issuer, claim, value): that person, whatever their e-mail address is now.
    2. Otherwise, with OIDC_MATCH_EMAIL, an active person with the token's verified address,
       unless someone else changed that person's address within EMAIL_CHANGE_HOLD_HOURS
       (whoever controls the new address must not become the person).
    3. Otherwise, when HR allows it, a new person from the token's address and name.
    Anything else is refused with a reason the person can act on."""
    claim = settings.OIDC_CLAIM
    subject = _claim(claims, claim)
    if claim == "email":
        subject = subject.lower()
    if not subject or len(subject) > SignInIdentity._meta.get_field("subject").max_length:
        raise SignInRefused(
            _("Identitetsleverandøren sendte ikke «%(claim)s», som Aktiv kjenner deg igjen på.")
            % {"claim": claim}
        )
    identity: SignInIdentity | None = (
        SignInIdentity.objects.select_related("user")
        .filter(issuer=issuer, claim=claim, subject=subject)
        .first()
    )
    if identity is None:
        identity = _first_sign_in(issuer=issuer, claim=claim, subject=subject, claims=claims)
    person = identity.user
    if not person.is_active:
        raise SignInRefused(_("Kontoen din i Aktiv er deaktivert. Kontakt HR om det er feil."))
    identity.last_used_at = timezone.now()
    identity.save(update_fields=["last_used_at"])
    return identity


def _first_sign_in(
    *, issuer: str, claim: str, subject: str, claims: Mapping[str, Any]
) -> SignInIdentity:
    email = _email(claims)
    person = None
    if settings.OIDC_MATCH_EMAIL and email:
        held = EmailChange.objects.holding().values("person")
        # Never a second account at the same provider for someone already linked there (an
        # alias or a guest carrying their address must not become them), and never an
        # administrator: those are linked by signing in as themselves, not by address.
        linked = SignInIdentity.objects.filter(issuer=issuer).values("user")
        person = (
            Person.objects.filter(email__iexact=email, is_active=True, is_staff=False)
            .exclude(pk__in=held)
            .exclude(pk__in=linked)
            .first()
        )
    action = "sso_identity_link"
    if person is None:
        if not (OrganisationSettings.current().sso_create_people and email):
            raise SignInRefused(
                _(
                    "Du er logget inn hos identitetsleverandøren, men Aktiv har ingen konto "
                    "knyttet til deg. Kontoer opprettes av HR: be HR legge deg inn, og prøv "
                    "igjen."
                )
            )
        if Person.objects.filter(email__iexact=email).exists():
            raise SignInRefused(
                _(
                    "Det finnes allerede en konto med e-postadressen %(email)s, men den er "
                    "ikke knyttet til innloggingen din. Be HR om hjelp."
                )
                % {"email": email}
            )
        name = _claim(claims, "name") or email
        person = Person.objects.create_user(email=email, full_name=name[:200])
        action = "sso_person_create"
    try:
        with transaction.atomic():
            identity: SignInIdentity = SignInIdentity.objects.create(
                user=person,
                name="provider",
                confirmed=True,
                issuer=issuer,
                claim=claim,
                subject=subject,
            )
    except IntegrityError as error:  # the same first sign-in, twice at once
        raise ValidationError(_("Prøv å logge inn på nytt.")) from error
    action_log(actor=person, action=action, obj=person)
    return identity
