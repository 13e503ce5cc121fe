"""SCIM provisioning throughput: N users created over HTTP against Aktiv in gunicorn
(`aktiv serve`), as an identity system provisions a new organisation. Each user has a
department (one of 50 units) and, after the first 100, a manager among those made before.

    .venv/bin/python bench/scim.py                 # 5,000 users, 4 clients at once
    USERS=100000 CLIENTS=8 .venv/bin/python bench/scim.py

It makes a fresh SQLite database (BENCH_DATABASE_URL to use another, e.g. PostgreSQL; it
must be empty), migrates it, makes an HR person and a token, starts `aktiv serve` on
127.0.0.1:PORT, provisions, and prints users per second. Everything a real creation does
happens: validation, the action log, the conversation hook, the invitation row and task."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

USERS = int(os.environ.get("USERS", "5000"))
CLIENTS = int(os.environ.get("CLIENTS", "4"))
PORT = int(os.environ.get("PORT", "8731"))
ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def environment(database_url: str, data_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "AKTIV_DATA_DIR": data_dir,
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "INTEGRATIONS_REQUIRE_HTTPS": "0",
        "HOST": "127.0.0.1",
        "PORT": str(PORT),
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "WEB_THREADS": os.environ.get("WEB_THREADS", "2"),
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
    }


def prepare(env: dict[str, str]) -> str:
    """Migrate, and make an HR person with a SCIM token; returns the token."""
    subprocess.run([BIN / "aktiv", "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
    script = (
        "from aktiv.people.models import Person\n"
        "from aktiv.integrations.tokens import token_create\n"
        "hr = Person.objects.create_user('bench-hr@scim.example', None, full_name='Bench HR',"
        " is_hr=True)\n"
        "print(token_create(actor=hr, name='bench', scopes=['scim']).secret)\n"
    )
    done = subprocess.run(  # noqa: S603 (our own command)
        [BIN / "aktiv", "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip().splitlines()[-1]


def wait_for(url: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(3000):  # collectstatic runs first: minutes on a busy machine
        if server.poll() is not None:
            sys.exit("aktiv serve stopped")
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (a local URL)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("aktiv serve did not start")


def post(base: str, token: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(  # noqa: S310 (a local URL)
        f"{base}/Users",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
    )
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return dict(json.load(response))
        except urllib.error.HTTPError as error:
            if error.code < 500 or attempt == 4:
                sys.exit(f"{error.code}: {error.read()[:500]!r}")
            time.sleep(0.2)
    raise AssertionError


def user(number: int, manager: str | None) -> dict[str, object]:
    email = f"person{number}@scim.example"
    enterprise: dict[str, object] = {"department": f"Enhet {number % 50}"}
    if manager:
        enterprise["manager"] = {"value": manager}
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": email,
        "externalId": f"ext-{number}",
        "name": {"givenName": "Person", "familyName": f"Nummer{number}"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": True,
        ENTERPRISE: enterprise,
    }


def main() -> None:
    data_dir = tempfile.mkdtemp(prefix="aktiv-scim-bench-")
    database_url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{data_dir}/bench.sqlite3")
    env = environment(database_url, data_dir)
    token = prepare(env)
    server = subprocess.Popen([BIN / "aktiv", "serve"], env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{PORT}/scim/v2"
    try:
        wait_for(f"http://127.0.0.1:{PORT}/helse/live", server)
        # The first 100 are the leaders the others report to.
        leaders = [str(post(base, token, user(n, None))["id"]) for n in range(100)]
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            list(
                pool.map(
                    lambda n: post(base, token, user(n, leaders[n % len(leaders)])),
                    range(100, USERS),
                )
            )
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(30)
    made = USERS - 100
    print(
        f"{made} users in {seconds:.1f} s: {made / seconds:.0f} users/s "
        f"({CLIENTS} clients, {env['WEB_CONCURRENCY']}x{env['WEB_THREADS']} gunicorn, "
        f"{database_url.split(':')[0]})"
    )


if __name__ == "__main__":
    main()
