"""Kursmodus under load: 200 participants answering the 9 statements of one instrument within
one minute, while the presenter view refreshes, against a real server (`aktiv serve`,
gunicorn) on this machine.

    .venv/bin/python bench/workshop.py                       # SQLite in a fresh temp dir
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/workshop .venv/bin/python bench/workshop.py

(create the PostgreSQL database first: `createdb -h 127.0.0.1 -U postgres workshop`; it is
migrated and its workshop tables are emptied here). Each participant is a thread with its
own cookies, like a phone: it opens the join page, joins with the code as a guest, opens the
workshop page, polls the status every 3 s as the page does, and answers at a random moment
within the minute. The facilitator signs in and the presenter view is refreshed by HTMX
every 3 s. Printed: the requests of each kind, errors, and the median, 99th percentile and
worst response time; the stored answers are counted at the end."""

from __future__ import annotations

import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

PARTICIPANTS = int(os.environ.get("PARTICIPANTS", "200"))
WINDOW = float(os.environ.get("WINDOW", "60"))  # seconds in which everyone answers
POLL = 3.0
PASSWORD = "bench-workshop-pass-1"  # noqa: S105 (a throwaway account in a throwaway database)
DATA_DIR = Path(tempfile.mkdtemp(prefix="aktiv-bench-workshop-"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "aktiv.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "AKTIV_DATA_DIR": str(DATA_DIR),
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "HEALTH_WORKER_MAX_AGE": "0",
}
os.environ.update({k: v for k, v in ENV.items() if k not in os.environ})

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from aktiv.assessments import definitions  # noqa: E402
from aktiv.people.models import Person, Unit  # noqa: E402
from aktiv.workshops import services  # noqa: E402
from aktiv.workshops.models import StepAnswer, Submission, Workshop  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEP = re.compile(r'action="(/kurs/k/[^/]+/svar/[^/]+/)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Recorder:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def add(self, kind: str, ms: float, error: str = "") -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors.append(f"{kind}: {error}")


class Phone:
    """One participant's browser: its own cookies, no redirects followed by itself."""

    def __init__(self, base: str, recorder: Recorder) -> None:
        self.base = base
        self.recorder = recorder
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(
        self,
        kind: str,
        path: str,
        data: dict[str, str] | None = None,
        expect: tuple[int, ...] = (200,),
        headers: dict[str, str] | None = None,
    ) -> str:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})  # noqa: S310
        started = time.perf_counter()
        status, text = 0, ""
        try:
            with self.opener.open(req, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        except OSError as error:
            self.recorder.add(kind, (time.perf_counter() - started) * 1000, repr(error))
            return ""
        ms = (time.perf_counter() - started) * 1000
        self.recorder.add(kind, ms, "" if status in expect else f"HTTP {status} {path}")
        return text


def participant(base: str, code: str, start: float, recorder: Recorder, items: list[str]) -> None:
    rng = random.Random()
    join_at = start + rng.uniform(0, WINDOW * 0.3)
    answer_at = rng.uniform(join_at + 5, start + WINDOW)
    time.sleep(max(0, join_at - time.time()))
    phone = Phone(base, recorder)
    page = phone.request("join page", "/kurs/")
    token = CSRF.search(page)
    if not token:
        recorder.add("join page", 0, "no CSRF token")
        return
    phone.request("join", "/kurs/bli-med/", {"csrfmiddlewaretoken": token[1], "code": code}, (302,))
    page = phone.request("workshop page", f"/kurs/k/{code}/")
    form, token = STEP.search(page), CSRF.search(page)
    if not form or not token:
        recorder.add("workshop page", 0, "no answer form")
        return
    while time.time() < answer_at:  # the page's own polling while the person reads
        time.sleep(min(POLL, max(0, answer_at - time.time())))
        phone.request(
            "status poll", f"/kurs/k/{code}/status/?steg=1", None, (204,), {"HX-Request": "true"}
        )
    answers = {f"item_{key}": str(rng.randint(1, 5)) for key in items}
    phone.request("answer", form[1], {"csrfmiddlewaretoken": token[1], **answers}, (302,))
    phone.request("workshop page", f"/kurs/k/{code}/")


def presenter(base: str, workshop: Workshop, stop: threading.Event, recorder: Recorder) -> None:
    phone = Phone(base, recorder)
    page = phone.request("sign in page", "/logg-inn/")
    token = CSRF.search(page)
    phone.request(
        "sign in",
        "/logg-inn/",
        {
            "csrfmiddlewaretoken": token[1] if token else "",
            "username": workshop.facilitator.email,
            "password": PASSWORD,
        },
        (302,),
    )
    phone.request("presenter page", f"/kurs/{workshop.uuid}/vis/")
    while not stop.wait(POLL):
        phone.request(
            "presenter poll", f"/kurs/{workshop.uuid}/vis/", None, (200,), {"HX-Request": "true"}
        )


def set_up() -> Workshop:
    call_command("migrate", verbosity=0)
    Workshop.objects.all().delete()
    unit, _ = Unit.objects.get_or_create(name="Bench")
    leader, _ = Person.objects.get_or_create(
        email="bench-facilitator@example.no",
        defaults={"full_name": "Bench Kursholder", "unit": unit},
    )
    leader.set_password(PASSWORD)
    leader.save()
    # A leader (one direct report) may facilitate and signs in without a second factor.
    Person.objects.get_or_create(
        email="bench-employee@example.no",
        defaults={"full_name": "Bench Medarbeider", "unit": unit, "leader": leader},
    )
    workshop = services.workshop_open(
        facilitator=leader, title="Bench", threshold=5, collect_text=False
    )
    step = services.step_add(workshop=workshop, source="instrument:aktivt-medarbeiderskap")
    services.step_start(step=step)
    return workshop


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    aktiv = Path(sys.executable).with_name("aktiv")
    env = os.environ | {"HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [str(aktiv), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/helse/live", timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(
        "aktiv serve did not start: " + (server.stderr.read().decode() if server.stderr else "")
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    workshop = set_up()
    items = [item.key for item in definitions.latest("aktivt-medarbeiderskap").items]
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    # Each gunicorn process loads its templates on first use: warm them, unrecorded.
    warm = Phone(base, Recorder())
    for _ in range(40):
        warm.request("warm", "/kurs/")
        warm.request("warm", f"/kurs/k/{workshop.code}/")
    recorder = Recorder()
    stop = threading.Event()
    try:
        screen = threading.Thread(target=presenter, args=(base, workshop, stop, recorder))
        screen.start()
        start = time.time() + 1
        phones = [
            threading.Thread(target=participant, args=(base, workshop.code, start, recorder, items))
            for _ in range(PARTICIPANTS)
        ]
        for phone in phones:
            phone.start()
        for phone in phones:
            phone.join()
        took = time.time() - start
        stop.set()
        screen.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(workshop, recorder, took)


def report(workshop: Workshop, recorder: Recorder, took: float) -> None:
    engine = django.db.connection.vendor
    every = [ms for times in recorder.times.values() for ms in times]
    print(
        f"{engine}: {PARTICIPANTS} participants, {len(every)} requests in {took:.0f} s "
        f"({len(every) / took:.1f}/s), {len(recorder.errors)} errors"
    )
    print(f"{'request':<16}{'count':>7}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}")
    for kind, times in sorted(recorder.times.items()):
        print(
            f"{kind:<16}{len(times):>7}{statistics.median(times):>11.1f}"
            f"{percentile(times, 0.99):>9.1f}{max(times):>9.1f}"
        )
    print(
        f"{'all':<16}{len(every):>7}{statistics.median(every):>11.1f}"
        f"{percentile(every, 0.99):>9.1f}{max(every):>9.1f}"
    )
    submissions = Submission.objects.filter(step__workshop=workshop).count()
    answers = StepAnswer.objects.filter(step__workshop=workshop).count()
    print(f"stored: {submissions} submissions, {answers} answers")
    for error in recorder.errors[:20]:
        print("ERROR", error)
    if recorder.errors or submissions != PARTICIPANTS:
        sys.exit(1)


if __name__ == "__main__":
    main()
