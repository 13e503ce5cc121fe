"""`aktiv serve` for real: gunicorn in a process of its own, on a free local port, against a
scratch SQLite file migrated here, with the production settings (DEBUG off)."""

from __future__ import annotations

import gc
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.serve


@dataclass
class Server:
    port: int
    env: dict[str, str]
    data_dir: Path
    log: Path

    def get(self, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def aktiv(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "aktiv", *args], env=env, capture_output=True, text=True, check=True
    )


def wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    # collectstatic runs first: on a busy machine that alone can take half a minute.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"aktiv serve exited:\n{server.log.read_text()}", pytrace=False)
        try:
            if server.get("/helse/live")[0].status == 200:
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"aktiv serve did not answer:\n{server.log.read_text()}", pytrace=False)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    port = free_port()
    ours = ("DATABASE_URL", "CACHE_URL", "STATIC_ROOT", "WEB_CONCURRENCY", "WEB_THREADS")
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env |= {
        "AKTIV_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'aktiv.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "a-secret-for-this-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "BEHIND_PROXY": "1",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "WEB_THREADS": "2",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    aktiv(env, "migrate", "--no-input", "-v", "0")
    with running(env, tmp_path) as served:
        yield served


@contextmanager
def running(env: dict[str, str], data_dir: Path) -> Iterator[Server]:
    """`aktiv serve` in a process of its own, on env's PORT, until the block ends; it must
    then stop cleanly on SIGTERM."""
    log = data_dir / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "aktiv", "serve"], env=env, stdout=output, stderr=output
        )
    served = Server(port=int(env["PORT"]), env=env, data_dir=data_dir, log=log)
    try:
        wait_until_up(served, process)
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=15) == 0, log.read_text()
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def test_aktiv_serve_in_gunicorn(server):
    live, body = server.get("/helse/live")
    assert (live.status, body) == (200, b"ok")
    assert "no-store" in live.headers["Cache-Control"]

    # Ready once a worker has been seen: `aktiv worker --batch` beats once and exits.
    assert server.get("/helse/klar")[0].status == 503
    aktiv(server.env, "worker", "--batch")
    assert server.get("/helse/klar")[0].status == 200

    # The static files, collected at start, under their hashed names, compressed and kept
    # for a year. They come through the proxy (BEHIND_PROXY=1) like every page.
    manifest = json.loads((server.data_dir / "static" / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/aktiv.css"]
    https = {"X-Forwarded-Proto": "https"}
    static, _ = server.get(css, **https, **{"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert "max-age=315360000" in static.headers["Cache-Control"]
    assert "immutable" in static.headers["Cache-Control"]
    assert static.headers["Content-Encoding"] == "gzip"

    page, body = server.get("/logg-inn/", **https)
    assert page.status == 200
    assert css.encode() in body
    # Straight over plain HTTP every page but the health endpoints goes to HTTPS.
    assert server.get("/logg-inn/")[0].status == 301

    assert '"GET /helse/live HTTP/1.1" 200' in server.log.read_text()  # the access log


def test_the_workers_are_forked_warm():
    """What a new worker would do on its first requests is done once before the fork: every
    view imported, the URL map of each language built, every template of Aktiv's compiled."""
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import translation

    from aktiv.lib.management.commands.serve import warm

    engine = engines["django"].engine
    engine.template_loaders[0].reset()
    try:
        warm()
        assert gc.get_freeze_count() > 0  # left out of the collector's walks
    finally:
        gc.unfreeze()
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert code in resolver._reverse_dict
    cached = engine.template_loaders[0].loaders[0].get_template_cache
    templates = list((Path(settings.PACKAGE_DIR) / "templates").rglob("*.html"))
    assert "base.html" in cached and "home/home.html" in cached
    assert len(cached) >= len(templates)
