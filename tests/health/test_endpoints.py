"""/helse/live and /helse/klar: open to anyone, never cached, and telling nothing but "ok"
or one short reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError
from django.test import Client
from django.utils import timezone

from aktiv.health import views
from aktiv.health.models import WorkerHeartbeat


def get(path: str):
    return Client().get(path)


@pytest.mark.django_db
def test_live_is_ok_without_signing_in_and_never_stored():
    response = get("/helse/live")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response


@pytest.mark.django_db
def test_ready_when_a_worker_beat_recently():
    WorkerHeartbeat.beat()
    response = get("/helse/klar")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_without_a_worker():
    response = get("/helse/klar")
    assert (response.status_code, response.content) == (503, b"worker not seen")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_not_ready_when_the_worker_was_last_seen_too_long_ago(settings):
    settings.HEALTH_WORKER_MAX_AGE = 600
    WorkerHeartbeat.objects.create(pk=1, seen_at=timezone.now() - timedelta(seconds=601))
    assert get("/helse/klar").status_code == 503
    WorkerHeartbeat.beat()
    assert get("/helse/klar").status_code == 200
    assert WorkerHeartbeat.objects.count() == 1  # one row, however often it beats


@pytest.mark.django_db
def test_the_worker_check_can_be_turned_off(settings):
    settings.HEALTH_WORKER_MAX_AGE = 0
    assert get("/helse/klar").status_code == 200


@pytest.mark.django_db
def test_not_ready_with_migrations_pending(monkeypatch):
    WorkerHeartbeat.beat()
    monkeypatch.setattr(views, "_migrated", False)
    monkeypatch.setattr(views.MigrationExecutor, "migration_plan", lambda *a: ["0042_pending"])
    response = get("/helse/klar")
    assert (response.status_code, response.content) == (503, b"migrations pending")


@pytest.mark.django_db
def test_migrations_are_read_once_then_remembered(monkeypatch):
    monkeypatch.setattr(views, "_migrated", False)
    assert views.migrations_applied() is True
    monkeypatch.setattr(views, "MigrationExecutor", None)  # would fail if used again
    assert views.migrations_applied() is True


@pytest.mark.django_db
def test_not_ready_when_the_database_fails_and_no_error_is_shown(monkeypatch):
    def broken(seconds: int) -> bool:
        raise DatabaseError("connection to server at 10.0.0.5 failed: secret detail")

    monkeypatch.setattr(WorkerHeartbeat, "seen_within", broken)
    response = get("/helse/klar")
    assert (response.status_code, response.content) == (503, b"database unreachable")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/helse/live", "/helse/klar"])
def test_only_reading_methods(path):
    assert Client().post(path).status_code == 405
    assert Client().head(path).status_code in (200, 503)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/helse/live", "/helse/klar"])
def test_load_balancers_may_ask_over_plain_http(settings, path):
    """The HTTPS redirect spares the health endpoints: a load balancer asks the web process
    directly. Other pages are still redirected."""
    assert r"^helse/" in settings.SECURE_REDIRECT_EXEMPT
    WorkerHeartbeat.beat()
    settings.SECURE_SSL_REDIRECT = True
    assert get(path).status_code == 200
    assert get("/logg-inn/").status_code == 301


def test_favicon_ico_answers_without_login(client):
    result = client.get("/favicon.ico")
    assert result.status_code == 301
    assert result["Location"].endswith(".svg")
    assert client.get(result["Location"]).status_code in (200, 404)  # static files off in tests
