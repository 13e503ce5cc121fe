"""Server time of HR's pages on a synthetic organisation, beside a floor measured in the same
run (the sign-in page: no session, no queries). Run against a database made by
`aktiv synth --people N`:

    DATABASE_URL=sqlite:////tmp/synth.sqlite3 .venv/bin/aktiv migrate
    DATABASE_URL=sqlite:////tmp/synth.sqlite3 .venv/bin/aktiv synth --people 10000
    DATABASE_URL=sqlite:////tmp/synth.sqlite3 .venv/bin/python bench/hr_pages.py

It prints the median and the worst of a few runs of each page, in milliseconds, and how many
times the floor each page takes. In-process (Django's test client), so it measures Django and
the database, not the network or the application server."""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktiv.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from aktiv.people.models import Person, Unit  # noqa: E402

RUNS = int(os.environ.get("RUNS", "5"))
EXPORTS = {reverse("insights:participation_export"), reverse("insights:export")}


def timed(client: Client, url: str, **params: str) -> list[float]:
    """GET the page; an export's request (a URL in EXPORTS) is a POST that answers with a
    redirect to the job's page."""
    times = []
    post = url in EXPORTS
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.post(url, params) if post else client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != (302 if post else 200):
            sys.exit(f"{url}: {response.status_code}")
    SIZES[url, tuple(params.items())] = len(response.content)
    return times


def built(kind: str, params: dict[str, str]) -> list[float]:
    """The worker's side of an export: building the file of one job (not in any request)."""
    from aktiv.insights.models import ExportJob
    from aktiv.insights.services import export_job_run

    hr = Person.objects.get(email="bench-hr@synth.example")
    times = []
    for _ in range(RUNS):
        job = ExportJob.objects.create(
            requester=hr, kind=kind, params=params, file_format="xlsx", language="nb"
        )
        started = time.perf_counter()
        export_job_run(str(job.uuid))
        times.append((time.perf_counter() - started) * 1000)
        job.delete()
    return times


SIZES: dict[tuple[str, tuple[tuple[str, str], ...]], int] = {}


def hr_client() -> Client:
    hr, _ = Person.objects.get_or_create(
        email="bench-hr@synth.example", defaults={"full_name": "Bench HR", "is_hr": True}
    )
    client = Client()
    client.force_login(hr)
    device, _ = TOTPDevice.objects.get_or_create(
        user=hr, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _opened_unit() -> dict[str, tuple[str, dict[str, str]]]:
    """A second-level unit's rows, as its "Vis enhetene under" button loads them."""
    unit = Unit.objects.filter(parent__isnull=False, parent__parent__isnull=True).first()
    if unit is None:
        return {}
    url = reverse("insights:participation_unit", args=[unit.uuid])
    return {"participation, a unit opened": (url, {"dybde": "1"})}


def _organisation() -> dict[str, tuple[str, dict[str, str]]]:
    """HR's organisation pages: the list, a second-level unit opened (HTMX) and its people,
    a late page of a search, and the person and unit forms."""
    unit = Unit.objects.filter(parent__isnull=False, parent__parent__isnull=True).first()
    person = Person.objects.hr_editable().filter(leader__isnull=False, unit=unit).first()
    if unit is None or person is None:
        return {}
    return {
        "organisation": (reverse("organisation:index"), {}),
        "organisation, searched, page 20": (
            reverse("organisation:index"),
            {"q": "a", "side": "20"},
        ),
        "organisation, a unit's people": (reverse("organisation:index"), {"unit": str(unit.uuid)}),
        "organisation, a unit opened": (
            reverse("organisation:unit_rows", args=[unit.uuid]),
            {"dybde": "1"},
        ),
        "organisation, person form (new)": (reverse("organisation:person_new"), {}),
        "organisation, person form (edit)": (
            reverse("organisation:person_edit", args=[person.uuid]),
            {},
        ),
        "organisation, unit form (edit)": (reverse("organisation:unit_edit", args=[unit.uuid]), {}),
    }


def main() -> None:
    people = Person.objects.count()
    floor = statistics.median(timed(Client(), reverse("login")))
    client = hr_client()
    pages = {
        "participation": (reverse("insights:participation"), {}),
        "participation, leaders searched": (
            reverse("insights:participation"),
            {"q": "a", "side": "2"},
        ),
        **_opened_unit(),
        "participation export asked": (
            reverse("insights:participation_export"),
            {"format": "xlsx"},
        ),
        "figures": (reverse("insights:figures"), {}),
        "figures export asked": (
            reverse("insights:export"),
            {"format": "xlsx", "instrument": "aktivt-medarbeiderskap"},
        ),
        "expectations (HR)": (reverse("expectations:manage"), {}),
        "expectations self-check": (reverse("expectations:self_check"), {}),
        "HR start page": (reverse("hr_home"), {}),
        "organisation goals": (reverse("goals:organisation"), {}),
        "periods": (reverse("conversations:periods"), {}),
        "pulse (HR)": (reverse("pulse:hr"), {}),
        "helsenærvær": (reverse("pulse:health"), {}),
        "learning catalogue": (reverse("learning:manage"), {}),
        "integrations": (reverse("integrations:tokens"), {}),
        "privacy settings": (reverse("hr_privacy"), {}),
        **_organisation(),
    }
    print(f"{people} people, {RUNS} runs each; floor (sign-in page) {floor:.1f} ms")
    print(f"{'page':34} {'median ms':>10} {'worst ms':>10} {'x floor':>8} {'kB':>8}")
    only = os.environ.get("PAGES", "")  # e.g. PAGES=participation: those whose name has it
    for name, (url, params) in pages.items():
        if only and only not in name:
            continue
        times = timed(client, url, **params)
        median = statistics.median(times)
        size = SIZES[url, tuple(params.items())] / 1000
        print(f"{name:34} {median:10.1f} {max(times):10.1f} {median / floor:8.1f} {size:8.0f}")
    # What one worker process would hold after serving all of them (Linux reports kB).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process after the pages: {peak:.0f} MB")
    # The files themselves, built by the worker: its time, not a request's.
    for name, kind, params in (
        ("worker: participation file", "participation", {}),
        ("worker: figures file", "figures", {"instrument": "aktivt-medarbeiderskap"}),
    ):
        if only and only not in name:
            continue
        times = built(kind, params)
        median = statistics.median(times)
        print(f"{name:32} {median:10.1f} {max(times):10.1f} {median / floor:8.1f}")


if __name__ == "__main__":
    main()
