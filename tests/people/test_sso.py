"""Single sign-on against a real OpenID Connect provider (tests/oidc/provider.mjs) on
127.0.0.1: Aktiv's own pages through Django's test client, the provider's pages through
HTTP, and every token fetched from the provider's token endpoint and checked against its
JWKS by Authlib. Nothing of the protocol is mocked."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessLog
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from aktiv.audit.models import ActionEntry
from aktiv.people.models import OrganisationSettings, Person, SignInIdentity
from aktiv.people.privacy import person_erase
from aktiv.people.services import email_change

from ..factories import PASSWORD, PersonFactory
from ..oidc.fixtures import PROVIDER_NAME, Provider

pytestmark = pytest.mark.django_db


def sign_in(client: Client, provider: Provider, account: str, next_url: str = "") -> Any:
    """Aktiv's "Logg inn med", the provider's pages, and back to Aktiv's callback."""
    start = client.get(reverse("sso_start"), {"next": next_url} if next_url else {})
    assert start.status_code == 302, start.content
    authorize = urlsplit(start["Location"])
    query = parse_qs(authorize.query)
    # PKCE, state and nonce are all sent.
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    back = provider.sign_in(start["Location"], account)
    assert back.startswith("http://testserver/logg-inn/sso/ferdig/"), back
    response = client.get(back)
    response.back_url = back  # type: ignore[attr-defined]
    return response


def signed_in_as(client: Client) -> Person | None:
    answer = client.get(reverse("home"))
    if answer.status_code != 200:
        return None
    return answer.wsgi_request.user  # type: ignore[return-value]


def settings_with(**fields: bool) -> None:
    OrganisationSettings.objects.update_or_create(pk=1, defaults=fields)


@pytest.fixture
def kari(db) -> Person:
    return PersonFactory.create(email="kari@aktiv.test", full_name="Kari Nordmann")


def test_first_sign_in_by_email_lands_on_min_side_and_is_remembered_by_oid(
    sso, settings, kari, client
):
    settings.OIDC_MATCH_EMAIL = True
    response = sign_in(client, sso, "kari")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "Kari" in home.content.decode()
    identity = SignInIdentity.objects.get(user=kari)
    assert (identity.issuer, identity.claim, identity.subject) == (sso.issuer, "oid", "oid-kari")
    # Written like a password sign-in: django-axes' login history, and the link in the log.
    assert AccessLog.objects.filter(username="kari@aktiv.test").count() == 1
    assert ActionEntry.objects.filter(actor=kari, action="sso_identity_link").count() == 1


def test_a_changed_email_finds_the_same_person(sso, settings, kari, client):
    SignInIdentity.objects.create(
        user=kari, name="provider", confirmed=True, issuer=sso.issuer, claim="oid",
        subject="oid-kari",
    )  # fmt: skip
    kari.email = "kari.nordmann@ny.test"
    kari.save()
    people = Person.objects.count()
    response = sign_in(client, sso, "kari")
    assert response.status_code == 302
    assert signed_in_as(client) == kari
    assert Person.objects.count() == people


def test_next_is_kept_through_the_provider(sso, settings, kari, client):
    settings.OIDC_MATCH_EMAIL = True
    response = sign_in(client, sso, "kari", next_url=reverse("twofactor_manage"))
    assert response["Location"] == reverse("twofactor_manage")


def test_an_unknown_person_is_refused_with_a_clear_page(sso, client):
    people = Person.objects.count()
    response = sign_in(client, sso, "ukjent")
    assert response.status_code == 403
    page = response.content.decode()
    assert "Innloggingen ble ikke fullført" in page and "ingen konto" in page
    assert signed_in_as(client) is None
    assert Person.objects.count() == people and not SignInIdentity.objects.exists()


def test_without_email_matching_an_existing_address_is_not_taken_over(sso, kari, client):
    response = sign_in(client, sso, "kari")
    assert response.status_code == 403
    assert signed_in_as(client) is None and not SignInIdentity.objects.exists()


def test_the_organisation_may_create_people_at_first_sign_in(sso, client):
    settings_with(sso_create_people=True)
    response = sign_in(client, sso, "ukjent")
    assert response.status_code == 302
    person = Person.objects.get(email="ukjent@aktiv.test")
    assert person.full_name == "Ukjent Person" and not person.has_usable_password()
    assert signed_in_as(client) == person
    assert ActionEntry.objects.filter(actor=person, action="sso_person_create").exists()


def test_a_deactivated_person_is_refused(sso, settings, kari, client):
    settings.OIDC_MATCH_EMAIL = True
    assert sign_in(client, sso, "kari").status_code == 302
    kari.is_active = False
    kari.save()
    other = Client()
    response = sign_in(other, sso, "kari")
    assert response.status_code == 403 and "deaktivert" in response.content.decode()
    assert signed_in_as(other) is None


def test_an_erased_person_cannot_come_back_through_the_provider(sso, settings, kari, client, org):
    settings.OIDC_MATCH_EMAIL = True
    assert sign_in(client, sso, "kari").status_code == 302
    kari.is_active = False
    kari.save()
    person_erase(person=kari, actor=org.hr)
    assert not SignInIdentity.objects.exists()
    settings.OIDC_MATCH_EMAIL = False
    assert sign_in(Client(), sso, "kari").status_code == 403


@pytest.mark.parametrize(
    ("case", "expected"),
    [("bad-signature", "kunne ikke bekreftes"), ("expired", "kunne ikke bekreftes")],
)
def test_a_token_with_a_bad_signature_or_past_expiry_is_refused(
    sso, settings, kari, client, case, expected
):
    settings.OIDC_MATCH_EMAIL = True
    sso.tamper(case)
    response = sign_in(client, sso, "kari")
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert signed_in_as(client) is None and not SignInIdentity.objects.exists()


def test_a_token_from_another_issuer_is_refused(sso, settings, kari, client):
    """Aktiv expects the issuer as configured; the same provider under another name issues
    tokens that say otherwise."""
    settings.OIDC_MATCH_EMAIL = True
    settings.OIDC_ISSUER = sso.issuer.replace("127.0.0.1", "localhost")
    response = sign_in(client, sso, "kari")
    assert response.status_code == 400 and "kunne ikke bekreftes" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_token_from_another_tenant_is_refused(sso, settings, client):
    settings.OIDC_MATCH_EMAIL = True
    PersonFactory.create(email="gjest@annen.test")
    response = sign_in(client, sso, "gjest")
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_a_replayed_state_is_refused(sso, settings, kari, client):
    settings.OIDC_MATCH_EMAIL = True
    first = sign_in(client, sso, "kari")
    assert first.status_code == 302
    again = client.get(first.back_url)
    assert again.status_code == 400 and "allerede brukt" in again.content.decode()
    elsewhere = Client()
    replay = elsewhere.get(first.back_url)
    assert replay.status_code == 400 and signed_in_as(elsewhere) is None


def test_a_callback_without_state_or_with_an_error_shows_a_page(sso, client):
    assert client.get(reverse("sso_callback")).status_code == 400
    denied = client.get(reverse("sso_callback"), {"error": "access_denied", "state": "x"})
    assert denied.status_code == 400
    assert PROVIDER_NAME in denied.content.decode()


def test_mfa_at_the_provider_counts_as_the_second_factor(sso, settings, client):
    settings.OIDC_MATCH_EMAIL = True
    PersonFactory.create(email="hanne@aktiv.test", is_hr=True)
    assert sign_in(client, sso, "hanne").status_code == 302
    assert client.get(reverse("hr_home")).status_code == 200
    assert DEVICE_ID_SESSION_KEY in client.session
    # The identity is never offered as a device to type a code into.
    assert client.get(reverse("twofactor_manage")).context["has_device"] is False


def test_without_mfa_hr_still_needs_aktivs_second_factor(sso, settings, client):
    settings.OIDC_MATCH_EMAIL = True
    PersonFactory.create(email="hans@aktiv.test", is_hr=True)
    assert sign_in(client, sso, "hans").status_code == 302
    answer = client.get(reverse("hr_home"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("twofactor_setup"))


def test_the_login_page_offers_the_provider_first(sso, client):
    page = client.get(reverse("login")).content.decode()
    assert f"Logg inn med {PROVIDER_NAME}" in page
    assert page.index(f"Logg inn med {PROVIDER_NAME}") < page.index('name="password"')


def test_password_login_turned_off_for_all_but_administrators(sso, client, org):
    settings_with(password_login=False)
    page = client.get(reverse("login")).content.decode()
    assert f"Logg inn med {PROVIDER_NAME}" in page and 'name="password"' not in page
    assert "Administrator? Logg inn med passord" in page
    refused = client.post(reverse("login"), {"username": org.employee.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "Innlogging med passord er slått av" in refused.content.decode()
    assert signed_in_as(client) is None
    admin = Client()
    answer = admin.post(reverse("login"), {"username": org.admin.email, "password": PASSWORD})
    assert answer.status_code == 302


def test_password_login_stays_when_sso_is_off(client, org):
    settings_with(password_login=False)
    answer = client.post(reverse("login"), {"username": org.employee.email, "password": PASSWORD})
    assert answer.status_code == 302 and signed_in_as(client) == org.employee


def test_signing_out_offers_the_providers_sign_out(sso, settings, kari, client):
    settings.OIDC_MATCH_EMAIL = True
    back = sign_in(client, sso, "kari")
    assert back.status_code == 302
    out = client.post(reverse("logout"))
    assert out.status_code == 200
    assert signed_in_as(client) is None
    link = out.context["end_session_url"]
    assert link.startswith(f"{sso.issuer}/session/end")
    query = parse_qs(urlsplit(link).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/logg-inn/"]
    assert query["id_token_hint"]
    # The provider knows the token and shows its own sign-out page.
    provider_page = requests.get(link, timeout=10)
    assert provider_page.status_code == 200 and "logout" in provider_page.text.lower()


def test_hr_turns_password_login_off_and_it_is_logged(sso, org, login):
    hr = login(org.hr)
    page = hr.get(reverse("hr_privacy")).content.decode()
    assert "Innlogging" in page and "innlogging med passord" in page.lower()
    answer = hr.post(reverse("hr_sign_in_policy"), {"sso_create_people": "on"})
    assert answer.status_code == 302
    current = OrganisationSettings.current()
    assert current.password_login is False and current.sso_create_people is True
    assert ActionEntry.objects.filter(actor=org.hr, action="sign_in_policy_set").exists()


def test_the_sign_in_policy_is_not_there_without_sso(org, login):
    hr = login(org.hr)
    assert "hr_sign_in_policy" not in hr.get(reverse("hr_privacy")).content.decode()
    assert hr.post(reverse("hr_sign_in_policy"), {}).status_code == 404
    assert OrganisationSettings.current().password_login is True


def test_sso_urls_are_not_found_when_sso_is_off(client):
    assert client.get(reverse("sso_start")).status_code == 404
    assert client.get(reverse("sso_callback")).status_code == 404


def test_an_address_someone_else_just_changed_is_not_matched(sso, settings, org, client):
    """HR sets a person's address to one a stranger holds at the provider: during the hold,
    the stranger's first sign-in does not become that person."""
    settings.OIDC_MATCH_EMAIL = True
    email_change(actor=org.hr, person=org.employee, email="kari@aktiv.test")
    response = sign_in(client, sso, "kari")
    assert response.status_code == 403
    assert signed_in_as(client) is None and not SignInIdentity.objects.exists()


def test_password_throttling_still_locks_while_the_provider_signs_people_in(
    sso, settings, kari, client, org
):
    """Password throttling is untouched: after AXES_FAILURE_LIMIT wrong passwords the account
    is locked for passwords from that address, while the provider still signs Kari in."""
    settings.OIDC_MATCH_EMAIL = True
    attacker = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(reverse("login"), {"username": org.employee.email, "password": "feil"})
    locked = attacker.post(reverse("login"), {"username": org.employee.email, "password": PASSWORD})
    assert locked.status_code == 429 and signed_in_as(attacker) is None
    assert sign_in(client, sso, "kari").status_code == 302
    assert signed_in_as(client) == kari
    still = attacker.post(reverse("login"), {"username": org.employee.email, "password": PASSWORD})
    assert still.status_code == 429


def test_a_provider_that_does_not_answer_gets_a_clear_page(sso, settings, client):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        settings.OIDC_ISSUER = f"http://127.0.0.1:{probe.getsockname()[1]}"
    response = client.get(reverse("sso_start"))
    assert response.status_code == 503
    assert f"Vi får ikke kontakt med {PROVIDER_NAME}" in response.content.decode()


def test_a_person_already_linked_at_the_provider_is_not_matched_by_address_again(
    sso, settings, kari, client
):
    """Another account at the provider carrying Kari's address (an alias, a guest) must
    not become Kari once Kari has her own link there."""
    settings.OIDC_MATCH_EMAIL = True
    SignInIdentity.objects.create(
        user=kari, name="provider", confirmed=True, issuer=sso.issuer, claim="oid",
        subject="oid-another-account",
    )  # fmt: skip
    response = sign_in(client, sso, "kari")
    assert response.status_code == 403
    assert signed_in_as(client) is None
    assert SignInIdentity.objects.filter(user=kari).count() == 1


def test_an_administrator_is_never_matched_by_address(sso, settings, kari, client):
    settings.OIDC_MATCH_EMAIL = True
    Person.objects.filter(pk=kari.pk).update(is_staff=True)
    response = sign_in(client, sso, "kari")
    assert response.status_code == 403
    assert not SignInIdentity.objects.exists()
