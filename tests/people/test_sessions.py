"""Login throttling, session lifetimes and deactivation (issue #6: accounts and sessions)."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
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


PROXY = "10.0.0.254"


def via_proxy(client, email, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_proxy_throttling_counts_the_clients_address(nora, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxy(attacker, "nora@example.no", "feil", "203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # Locked for that client, also when it puts a made-up address in front of its own.
    assert via_proxy(Client(), "nora@example.no", PASSWORD, "203.0.113.5").status_code == 429
    spoofed = via_proxy(Client(), "nora@example.no", PASSWORD, "198.51.100.9, 203.0.113.5")
    assert spoofed.status_code == 429
    # Nora, through the same proxy from her own address, is not.
    assert via_proxy(Client(), "nora@example.no", PASSWORD, "198.51.100.7").status_code == 302


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(nora, settings):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 2
    for _ in range(settings.AXES_FAILURE_LIMIT):
        via_proxy(Client(), "nora@example.no", "feil", "1.2.3.4, 203.0.113.5, 10.0.0.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_without_a_proxy_x_forwarded_for_is_ignored(nora, settings):
    settings.BEHIND_PROXY = False
    client = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        # A new made-up address every time does not escape the lockout.
        via_proxy(client, "nora@example.no", "feil", f"198.51.100.{number}")
    assert via_proxy(Client(), "nora@example.no", PASSWORD, "198.51.100.200").status_code == 429


@pytest.mark.parametrize("forwarded", ["", "ikke-en-adresse", "999.1.1.1"])
def test_a_garbled_forwarded_header_falls_back_to_the_connection(nora, settings, forwarded):
    settings.BEHIND_PROXY = True
    via_proxy(Client(), "nora@example.no", "feil", forwarded)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_retrying_during_a_lockout_does_not_keep_it_up(nora, settings):
    """The lockout ends a cool-off after it began, however often someone tries meanwhile."""

    def time_passes(minutes):
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "nora@example.no", "feil")
    time_passes(10)
    assert attempt(client, "nora@example.no", "feil").status_code == 429
    assert attempt(client, "nora@example.no", PASSWORD).status_code == 429
    time_passes(6)
    assert attempt(client, "nora@example.no", PASSWORD).status_code == 302
