"""Login throttling, session lifetimes and deactivation (issue #6: accounts and sessions)."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from ..conftest import client_for
from ..factories import PASSWORD, PersonFactory


def attempt(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def nora(db):
    return PersonFactory.create(email="nora@example.no")


def test_lockout_after_repeated_failures_with_clear_message(nora, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "nora@example.no", "feil").status_code == 200
    assert attempt(client, "nora@example.no", "feil").status_code == 429
    locked = attempt(client, "NORA@example.no", PASSWORD)  # right password, same address
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "For mange mislykkede innlogginger" in page and "15 minutter" in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address(nora, settings):
    colleague = PersonFactory.create(email="kari@example.no")
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, "nora@example.no", "feil", ip="10.0.0.66")
    # Nora from her own machine, and a colleague from the attacker's address, still get in.
    assert attempt(Client(), "nora@example.no", PASSWORD, ip="10.0.0.1").status_code == 302
    assert attempt(Client(), colleague.email, PASSWORD, ip="10.0.0.66").status_code == 302


def test_success_resets_the_count(nora, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "nora@example.no", "feil")
    assert attempt(client, "nora@example.no", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "nora@example.no", "feil")
    assert attempt(client, "nora@example.no", PASSWORD).status_code == 302


def test_new_session_id_at_login(nora):
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    attempt(client, "nora@example.no", PASSWORD)
    assert client.session.session_key != before


def _age_session(client, **fields):
    session = client.session
    session.update(fields)
    session.save()


def test_idle_session_ends(nora, settings):
    client = client_for(nora)
    assert client.get(reverse("home")).status_code == 200
    _age_session(client, last_seen_at=int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5)
    result = client.get(reverse("home"))
    assert result.status_code == 302 and result["Location"].startswith(reverse("login"))
    assert client.get(reverse("home")).status_code == 302


def test_active_session_still_ends_after_absolute_lifetime(nora, settings):
    client = client_for(nora)
    client.get(reverse("home"))
    _age_session(client, started_at=int(time.time()) - settings.SESSION_ABSOLUTE_TIMEOUT - 5)
    assert client.get(reverse("home")).status_code == 302
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 60 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT == 12 * 60 * 60


def test_deactivation_ends_sessions_at_once(nora):
    client = client_for(nora)
    assert client.get(reverse("home")).status_code == 200
    nora.is_active = False
    nora.save()
    result = client.get(reverse("home"))
    assert result.status_code == 302 and result["Location"].startswith(reverse("login"))
