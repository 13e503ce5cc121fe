"""Personas (STYLE.md): an employee, their leader, another employee, another leader, HR, an
administrator and an anonymous visitor."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.people.models import Person, Unit
from aktiv.people.twofactor import needs_second_factor

from .factories import PersonFactory, UnitFactory

# The OpenID Connect provider the single sign-on tests sign in through.
pytest_plugins = ["tests.oidc.fixtures"]


@dataclass
class Org:
    unit: Unit
    other_unit: Unit
    leader: Person
    employee: Person
    colleague: Person
    other_leader: Person
    other_employee: Person
    hr: Person
    admin: Person


@pytest.fixture
def org(db) -> Org:
    unit = UnitFactory.create(name="Oppvekst")
    other_unit = UnitFactory.create(name="Teknisk")
    leader = PersonFactory.create(full_name="Lena Leder", unit=unit)
    other_leader = PersonFactory.create(full_name="Otto Annenleder", unit=other_unit)
    return Org(
        unit=unit,
        other_unit=other_unit,
        leader=leader,
        employee=PersonFactory.create(full_name="Emma Medarbeider", unit=unit, leader=leader),
        colleague=PersonFactory.create(full_name="Kari Kollega", unit=unit, leader=leader),
        other_leader=other_leader,
        other_employee=PersonFactory.create(
            full_name="Ola Annen", unit=other_unit, leader=other_leader
        ),
        hr=PersonFactory.create(full_name="Hanne HR", unit=unit, is_hr=True),
        admin=PersonFactory.create(full_name="Adam Admin", is_staff=True, is_superuser=True),
    )


def client_for(person: Person | None) -> Client:
    """A client signed in as this person, with the second factor given where one is needed
    (tests of the second factor itself use a plain Client)."""
    client = Client()
    if person is not None:
        client.force_login(person)
        if needs_second_factor(person):
            device, _ = TOTPDevice.objects.get_or_create(
                user=person, name="test", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client


@pytest.fixture
def login():
    return client_for


@pytest.fixture(autouse=True, scope="session")
def _static_files_by_plain_name() -> Iterator[None]:
    """Production names static files by their hash from the manifest `aktiv collectstatic`
    writes; tests do not collect, so they use the plain names (tests/lib/test_serve.py checks
    the real thing, in gunicorn). WhiteNoise looks for files as they are asked for, as in
    development, rather than warning that STATIC_ROOT was never filled."""
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    storages = {**django_settings.STORAGES, "staticfiles": {"BACKEND": plain}}
    with override_settings(STORAGES=storages, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """Tests (and the live server the browser tests use) speak plain HTTP; production
    settings redirect to HTTPS and mark cookies secure."""
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # Argon2 is deliberately slow; tests that are not about hashing use a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _figures_from_the_primary(request, settings) -> Iterator[None]:
    """Tests read HR's figures from the test database itself: with DATABASE_REPLICA_URL set,
    the replica alias mirrors it, but on a connection of its own that cannot see a test's
    uncommitted rows. tests/insights/test_replica.py (marked `replica`) uses the real one."""
    from aktiv.lib.replica import forget_check

    if "replica" not in request.keywords:
        settings.READ_REPLICA = ""
    forget_check()
    yield
    forget_check()


REDIS = ("127.0.0.1", 6379)


def redis_reachable() -> bool:
    """Whether the machine's Redis answers (the cache tests talk to the real one)."""
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
    except OSError:
        return False
    return True
