import os
import subprocess
import sys

from django.urls import reverse

from .conftest import client_for
from .factories import PersonFactory


def test_security_headers(db):
    client = client_for(PersonFactory.create())
    result = client.get(reverse("home"))
    csp = result["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "script-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "base-uri 'none'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "no-store" in result["Cache-Control"]
    assert result["X-Frame-Options"] == "DENY"
    assert result["X-Content-Type-Options"] == "nosniff"


def test_errors_never_show_a_stack_trace(db):
    result = client_for(PersonFactory.create()).get("/egenvurderinger/svar/not-a-uuid/")
    assert result.status_code == 404
    assert "Traceback" not in result.content.decode()


def test_check_deploy_is_clean(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    } | {
        "SECRET_KEY": "kR8x!v2@pQ7#mZ4$wL9^nB3&jH6*tF1(yD5)cS0-gA8+eU2=oI7~",
        "ALLOWED_HOSTS": "aktiv.example.no",
        "AKTIV_DATA_DIR": str(tmp_path),
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "aktiv", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_not_found_page_is_norwegian(db):
    result = client_for(PersonFactory.create()).get("/finnes-ikke/")
    assert result.status_code == 404
    assert "Siden finnes ikke" in result.content.decode()


def test_csrf_failure_page_is_norwegian(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    result = client.post(reverse("login"), {"username": "a@b.no", "password": "x"})
    assert result.status_code == 403
    assert "Skjemaet er utløpt" in result.content.decode()
