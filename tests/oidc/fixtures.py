"""A real OpenID Connect provider for the single sign-on tests: `provider.mjs` (the
`oidc-provider` npm package) under the machine's Node.js, started once per test session on a
free 127.0.0.1 port. Loaded by tests/conftest.py (pytest_plugins)."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent
PASSWORD = "passord"
TENANT = "aaaaaaaa-0000-4000-8000-000000000001"
CLIENT_ID = "aktiv"
CLIENT_SECRET = "aktiv-test-secret"
PROVIDER_NAME = "Testleverandør"


@dataclass
class Provider:
    issuer: str

    def tamper(self, mode: str) -> None:
        """Have the provider re-sign the next ID tokens: "bad-signature", "expired", "none"."""
        answer = requests.post(f"{self.issuer}/__test__/tamper", data={"mode": mode}, timeout=5)
        assert answer.status_code == 204

    def sign_in(self, authorize_url: str, account: str, password: str = PASSWORD) -> str:
        """Sign in at the provider's own login and consent pages, as a browser would, from
        Aktiv's redirect; returns the URL the provider sends the browser back to."""
        session = requests.Session()
        answer = session.get(authorize_url, allow_redirects=False, timeout=10)
        for _step in range(12):
            if answer.is_redirect:
                target = urljoin(answer.url, answer.headers["Location"])
                if urlsplit(target).port != urlsplit(self.issuer).port:
                    return target
                answer = session.get(target, allow_redirects=False, timeout=10)
                continue
            action = re.search(r'<form method="post" action="([^"]+)"', answer.text)
            assert answer.status_code == 200 and action, answer.text
            data = {"login": account, "password": password} if 'name="login"' in answer.text else {}
            answer = session.post(
                urljoin(answer.url, action[1]), data=data, allow_redirects=False, timeout=10
            )
        raise AssertionError("the provider never sent the browser back")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def npm_ci() -> None:
    if not (HERE / "node_modules" / "oidc-provider").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is missing: the single sign-on tests run a Node.js provider.")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)  # noqa: S603


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the single sign-on tests run a Node.js provider.")
    npm_ci()
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [node, "provider.mjs", str(port)],
        cwd=HERE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("ready "):
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 30
    while not ready.wait(0.1):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the OIDC provider did not start:\n" + "".join(lines), pytrace=False)
    yield Provider(issuer=f"http://127.0.0.1:{port}")
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def sso(settings: Any, oidc_provider: Provider) -> Iterator[Provider]:
    """Aktiv configured for the test provider as for Entra ID: `oid` identifies, one tenant."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_CLAIM = "oid"
    settings.OIDC_TENANT = TENANT
    settings.OIDC_NAME = PROVIDER_NAME
    settings.OIDC_MATCH_EMAIL = False
    yield oidc_provider
    oidc_provider.tamper("none")
