"""Where the server time of a signed-in page goes: per demo persona and main page, the queries
and milliseconds of one request in-process (Django's test client, DEBUG off), and, with
PROFILE set to a path, the cProfile of that page over RUNS requests.

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/aktiv migrate
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/aktiv demo
    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/profile_pages.py
    PROFILE=/ ... bench/profile_pages.py      # the cProfile of Min side for every persona

It complements bench/pages.py (requests per second over HTTP beside a hello-world floor): this
one says which query and which function to look at."""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time
import traceback

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktiv.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from aktiv.home.demo import demo_logins  # noqa: E402
from aktiv.people.models import Person  # noqa: E402
from aktiv.people.twofactor import needs_second_factor  # noqa: E402

RUNS = int(os.environ.get("RUNS", "20"))
PROFILE = os.environ.get("PROFILE", "")
SHOW_SQL = os.environ.get("SQL", "") == "1"


def _where() -> str:
    """The innermost frames of Aktiv's own code (templates show as Django's render)."""
    frames = [
        f"{frame.filename.split('/aktiv/')[-1]}:{frame.lineno}"
        for frame in traceback.extract_stack()
        if "/aktiv/" in frame.filename and "bench/" not in frame.filename
    ]
    return "\n        <- " + " < ".join(reversed(frames[-3:]))


def client_for(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    if needs_second_factor(person):
        device, _ = TOTPDevice.objects.get_or_create(
            user=person, name="bench", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def pages_of(person: Person, role: str) -> list[tuple[str, str]]:
    pages = [
        ("Min side", reverse("home")),
        ("Samtaler", reverse("conversations:index")),
        ("Egenvurderinger", reverse("assessments:index")),
        ("Mål", reverse("goals:tree")),
        ("Varsler", reverse("notifications:inbox")),
    ]
    if role == "HR":
        pages += [("HR", reverse("hr_home")), ("Organisasjon", reverse("organisation:index"))]
    if person.is_leader:
        pages.append(("Team", reverse("team")))
    return pages


def main() -> None:
    print(f"{'persona: page':<48} {'queries':>7} {'ms':>7}")
    for login in demo_logins():
        person = Person.objects.get(email=login.email)
        client = client_for(person)
        role = login.role.split(" ")[0]
        for name, path in pages_of(person, role):
            client.get(path)  # warm the caches of this process
            queries: list[str] = []

            def record(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
                queries.append(sql + (_where() if SHOW_SQL else ""))
                return execute(sql, params, many, context)

            with connection.execute_wrapper(record):
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)  # noqa: S101
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            label = f"{role} ({login.name}): {name}"
            print(f"{label:<48} {len(queries):>7} {statistics.median(times):>7.1f}")
            if SHOW_SQL:
                for sql in queries:
                    print("    ", sql[:120], sql[sql.find("\n") :] if "\n" in sql else "")
            if PROFILE and path == PROFILE:
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(RUNS):
                    client.get(path)
                profile.disable()
                pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
