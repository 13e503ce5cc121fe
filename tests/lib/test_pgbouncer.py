"""Aktiv behind a real PgBouncer in transaction pooling mode, with the settings docs/deploy.md
gives (`CONN_MAX_AGE=0`, `DISABLE_SERVER_SIDE_CURSORS=1`). `.ci/pgbouncer` starts one on
port 6432 in front of the local PostgreSQL, with a pool of two server connections, and sets
nothing else up: this test makes a database of its own, migrates it directly against
PostgreSQL (as the guide says), loads the demo organisation and then runs `aktiv serve` and two
`aktiv worker --batch` at once through PgBouncer.

Checked: four people signed in at once, each in their own thread, open their pages and save a
form, taking turns on the two server connections; HR's export is built by the workers, whose
sweeps replace the stored figures at the same moment; nothing fails, the log holds no error,
and PgBouncer's own statistics show the traffic went through it."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import dj_database_url
import psycopg
import pytest
from django.urls import reverse

from aktiv.home.demo import DEMO_PASSWORD, demo_logins

from .test_serve import Server, aktiv, free_port, running

PGBOUNCER_URL = os.environ.get("PGBOUNCER_URL", "")
DATABASE_URL = os.environ.get("DATABASE_URL", "")

pytestmark = [
    pytest.mark.serve,
    pytest.mark.skipif(
        not PGBOUNCER_URL or not DATABASE_URL.startswith("postgres"),
        reason="needs PostgreSQL and PgBouncer in front of it (PGBOUNCER_URL, .ci/pgbouncer)",
    ),
]

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Browser:
    """A person's browser, as far as this test needs one: cookies and the form's CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({**form, "csrfmiddlewaretoken": self.token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection.close()
        if found := CSRF.search(text):
            self.token = found.group(1)
        return response.status, response.getheader("Location") or "", text

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> tuple[int, str, str]:
        return self.request("POST", path, form)

    def sign_in(self, email: str, backup_code: str | None = None) -> None:
        self.get(reverse("login"))
        status, location, _ = self.post(
            reverse("login"), {"username": email, "password": DEMO_PASSWORD}
        )
        assert status == 302, f"{email} could not sign in"
        if backup_code is not None:
            # The first page after the password sends HR on to the second factor.
            status, location, _ = self.get(location)
            assert status == 302 and reverse("twofactor_verify") in location, location
            self.get(location)
            status, location, _ = self.post(location, {"code": backup_code})
            assert status == 302, f"{email}'s backup code was refused"
        assert self.get(reverse("home"))[0] == 200


@dataclass
class Bounced:
    server: Server
    backup_codes: list[str]
    database: str


def _bouncer_stats(database: str) -> dict[str, int]:
    bouncer = urlsplit(PGBOUNCER_URL)
    with psycopg.connect(
        host=bouncer.hostname,
        port=bouncer.port,
        user=bouncer.username or "postgres",
        dbname="pgbouncer",
        autocommit=True,
    ) as admin:
        cursor = admin.cursor()
        cursor.execute("SHOW STATS")
        columns = [column.name for column in cursor.description or []]
        for row in cursor.fetchall():
            stats = dict(zip(columns, row, strict=True))
            if stats["database"] == database:
                return {k: int(v) for k, v in stats.items() if str(v).isdigit()}
    return {}


@pytest.fixture(scope="module")
def bounced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bounced]:
    primary = dj_database_url.parse(DATABASE_URL)
    name = f"aktiv_bouncer_{os.getpid()}"
    admin = psycopg.connect(
        host=primary["HOST"],
        port=primary["PORT"] or 5432,
        user=primary["USER"],
        password=primary["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    bouncer = urlsplit(PGBOUNCER_URL)
    direct = f"postgres://{primary['USER']}@{primary['HOST']}:{primary['PORT'] or 5432}/{name}"
    through = (
        f"postgres://{bouncer.username or 'postgres'}@{bouncer.hostname}:{bouncer.port}/{name}"
    )
    tmp = tmp_path_factory.mktemp("bouncer")
    port = free_port()
    ours = ("DATABASE_URL", "DATABASE_REPLICA_URL", "CACHE_URL", "STATIC_ROOT")
    env = {k: v for k, v in os.environ.items() if k not in ours}
    env |= {
        "AKTIV_DATA_DIR": str(tmp),
        "DEBUG": "0",
        "SECRET_KEY": "a-secret-for-this-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    # Migrations straight to PostgreSQL; everything else through PgBouncer, as in the guide.
    aktiv({**env, "DATABASE_URL": direct}, "migrate", "--no-input", "-v", "0")
    env |= {"DATABASE_URL": through, "CONN_MAX_AGE": "0", "DISABLE_SERVER_SIDE_CURSORS": "1"}
    demo = aktiv(env, "demo").stdout
    backup_codes = demo.strip().splitlines()[-1].split()
    try:
        with running(env, tmp) as served:
            yield Bounced(served, backup_codes, name)
    finally:
        # PgBouncer keeps server connections to the database: close them before dropping it.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


PAGES = [
    reverse("home"),
    reverse("conversations:index"),
    reverse("assessments:index"),
    reverse("goals:tree"),
    reverse("notifications:inbox"),
    reverse("audit:my_data"),
]


def test_people_use_aktiv_at_once_through_pgbouncer(bounced: Bounced) -> None:
    before = _bouncer_stats(bounced.database)
    logins = demo_logins()
    problems: list[str] = []

    def use(email: str, backup_code: str | None, extra: list[str]) -> None:
        try:
            browser = Browser(bounced.server.port)
            browser.sign_in(email, backup_code)
            for round_ in range(8):
                for path in PAGES + extra:
                    status, _, _ = browser.get(path)
                    if status != 200:
                        problems.append(f"{email} {path}: {status}")
                # A write in every round: the person's language, in their own transaction.
                language = ["nb", "nn", "en"][round_ % 3]
                status, _, _ = browser.post(reverse("language_set"), {"language": language})
                if status != 302:
                    problems.append(f"{email} saving the language: {status}")
        except Exception as error:  # reported by the test
            problems.append(f"{email}: {error!r}")

    hr_pages = [reverse("hr_home"), reverse("organisation:index"), reverse("insights:figures")]
    threads = [
        threading.Thread(
            target=use,
            args=(
                login.email,
                bounced.backup_codes[0] if login.role == "HR" else None,
                hr_pages if login.role == "HR" else [],
            ),
        )
        for login in logins[:4]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert not problems, "\n".join(problems)

    # Hundreds of transactions from 8 web threads, on the 2 server connections of the pool.
    after = _bouncer_stats(bounced.database)
    assert after["total_xact_count"] - before.get("total_xact_count", 0) > 200
    assert "Traceback" not in bounced.server.log.read_text()


def test_the_workers_build_an_export_and_refresh_the_figures_through_pgbouncer(
    bounced: Bounced,
) -> None:
    hr = Browser(bounced.server.port)
    hr_login = next(login for login in demo_logins() if login.role == "HR")
    hr.sign_in(hr_login.email, bounced.backup_codes[1])
    hr.get(reverse("insights:figures"))
    hr.post(reverse("language_set"), {"language": "nb"})  # the test before left it changed
    status, job_page, _ = hr.post(
        reverse("insights:export"), {"instrument": "aktivt-medarbeiderskap", "format": "csv"}
    )
    assert status == 302

    # Two workers at once, as on two machines: both sweep (the figure refreshes take turns on
    # an advisory lock) and work the queue (row locks, SKIP LOCKED); the export is built once.
    env = bounced.server.env
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "aktiv", "worker", "--batch", "--no-startup-delay"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        output, _ = worker.communicate(timeout=300)
        assert worker.returncode == 0, output
        assert "Traceback" not in output, output

    deadline = time.monotonic() + 30
    while True:
        status, _, page = hr.get(job_page)
        assert status == 200
        if "Filen er klar" in page or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert "Filen er klar" in page
    link = re.search(r'href="([^"]+/fil/?)"', page)
    assert link, page
    status, _, content = hr.get(link.group(1))
    assert status == 200
    title, header = content.lstrip("\ufeff").splitlines()[:2]
    assert title.startswith("Egenevaluering av aktivt medarbeiderskap")
    assert header.startswith("Enhet;Svar;")
