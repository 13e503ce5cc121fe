"""Sessions in the shared cache (CACHE_URL set: cached_db), as a production install with
Redis has them: read from Redis, written through to the database, and ended in both when HR
or provisioning deactivates the person."""

from __future__ import annotations

import os
import subprocess  # nosec B404 - our own settings module in a fresh interpreter
import sys
import uuid

import pytest
from django.urls import reverse

from aktiv.people.services import sessions_end

from ..conftest import client_for, redis_reachable


def _engine(**env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE)"
    )
    clean = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    result = subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "aktiv.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_sessions_go_to_the_cache_only_when_it_is_shared():
    assert _engine() == "django.contrib.sessions.backends.db"
    assert _engine(CACHE_URL="redis://127.0.0.1:6379/0") == (
        "django.contrib.sessions.backends.cached_db"
    )


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_deactivation_ends_the_cached_copy_of_a_session_too(org, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"aktiv-test-{uuid.uuid4()}",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = client_for(org.employee)
    assert client.get(reverse("home")).status_code == 200
    assert sessions_end(org.employee) == 1
    # Without clearing Redis the session would live on there, database row or not.
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
