# ruff: noqa: S603, S310 - runs our own servers and wrk on this machine
"""Requests per second of each persona's main pages in `aktiv serve` (gunicorn, DEBUG off),
beside a Django hello-world floor served by the same gunicorn settings in the same run.

    make bench-tools                      # wrk, from Debian's packages
    .venv/bin/python bench/pages.py       # a temporary SQLite database with `aktiv demo`
    DATABASE_URL=postgres://... .venv/bin/python bench/pages.py   # or a database of your own

With DATABASE_URL, the personas are the demo's when the database has them; otherwise (a
synthetic organisation made by `aktiv synth --people N`) its HR person, a leader with the median
number of reports, one of that leader's employees and the top leader.

Every page is fetched with a real session cookie (made as tests/conftest.py client_for does,
with the second factor given for HR), checked to answer 200, then loaded with
`wrk -t2 -c16 -d8s` (WRK_ARGS to change; BEST_OF=3 keeps the best of three runs of each,
floor included, which steadies the figures on a busy machine). Prints: page, req/s, floor
req/s, ratio. WEB_CONCURRENCY and WEB_THREADS apply to every server alike (2 workers of 2
threads unless set).

The first rows are a second floor: for each persona, an empty page of a third server (Aktiv
with one page added, bench/signed_in_floor.py) that goes through every middleware and renders
the site's frame around nothing. No signed-in page can be faster than that."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess  # nosec B404 - runs our own server and wrk
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_ARGS = os.environ.get("WRK_ARGS", "-t2 -c16 -d8s").split()
# Each figure the best of this many wrk runs, the floor's too: on a shared or virtual machine
# a run is only ever slowed by something else, so the best is the steadiest.
BEST_OF = max(1, int(os.environ.get("BEST_OF", "1")))

# A whole Django project in one file: one view, no database, no middleware but the common ones.
FLOOR = """
import json, sys
from django.conf import settings
settings.configure(
    DEBUG=False, SECRET_KEY="floor", ALLOWED_HOSTS=["*"], ROOT_URLCONF=__name__,
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)
import django
django.setup()
from django.http import HttpResponse
from django.urls import path
from gunicorn.app.base import BaseApplication

def hello(request):
    return HttpResponse("Hello, world")

urlpatterns = [path("", hello)]

from django.core.wsgi import get_wsgi_application
application = get_wsgi_application()

class Floor(BaseApplication):
    def load_config(self):
        for key, value in json.loads(sys.argv[1]).items():
            self.cfg.set(key, value)
    def load(self):
        return application

Floor().run()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # nosec B310 - our own local server
            return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"{url} did not answer")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def status_of(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        return int(opener.open(request, timeout=30).status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def wrk(url: str, cookie: str = "") -> float:
    return max(_wrk_once(url, cookie) for _ in range(BEST_OF))


def _wrk_once(url: str, cookie: str) -> float:
    command = ["wrk", *WRK_ARGS]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # nosec B603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"{url}: some answers were not 2xx or 3xx\n{out}")
    match = re.search(r"Requests/sec:\s*([\d.]+)", out)
    if not match:
        sys.exit(f"wrk gave no figure for {url}\n{out}")
    return float(match.group(1))


def sessions(env: dict[str, str]) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """Per persona: a session cookie and the main pages, made in a Django process of its own."""
    script = r"""
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from aktiv.home.demo import demo_logins
from aktiv.people.models import Person
from aktiv.people.twofactor import needs_second_factor

own = [("Min side", reverse("home")), ("Samtaler", reverse("conversations:index")),
       ("Egenvurderinger", reverse("assessments:index")), ("Mål", reverse("goals:tree")),
       ("Varsler", reverse("notifications:inbox"))]
roles = {"HR": [("HR", reverse("hr_home")), ("Organisasjon", reverse("organisation:index"))],
         "Leder": [("Team", reverse("team"))]}
from django.db.models import Count, Q
from aktiv.conversations.models import ConversationRecord

logins = [(login.role.split(" ")[0], login.name, login.email) for login in demo_logins()]
if not Person.objects.filter(email=logins[0][2]).exists():
    # A synthetic organisation (aktiv synth): its HR person, a leader with the median number
    # of reports, one of their employees with a conversation record, and the top leader.
    hr = Person.objects.filter(is_hr=True, is_active=True).order_by("pk").first()
    leaders = list(
        Person.objects.filter(is_active=True)
        .annotate(n=Count("direct_reports", filter=Q(direct_reports__is_active=True)))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .values_list("pk", "n")
    )
    leader_pk, reports = leaders[len(leaders) // 2]
    leader = Person.objects.get(pk=leader_pk)
    record = ConversationRecord.objects.filter(leader=leader).order_by("-period__starts_on").first()
    top = Person.objects.filter(is_active=True, leader__isnull=True, direct_reports__isnull=False)
    top = top.order_by("pk").first()
    logins = [
        ("HR", hr.full_name, hr.email),
        ("Leder", f"{leader.full_name}, {reports} medarbeidere", leader.email),
        ("Medarbeider", record.employee.full_name, record.employee.email),
        ("Toppleder", top.full_name, top.email),
    ]
out = {}
for role, name, email in logins:
    person = Person.objects.get(email=email)
    client = Client()
    client.force_login(person)
    if needs_second_factor(person):
        device, _ = TOTPDevice.objects.get_or_create(
            user=person, name="bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    extra = roles.get(role, [])
    if person.is_leader and role != "Leder":
        extra = extra + [("Team", reverse("team"))]
    out[f"{role} ({name})"] = (cookie, own + extra)
print(json.dumps(out))
"""
    result = subprocess.run(  # nosec B603
        [PYTHON, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench-tools`")
    work = Path(tempfile.mkdtemp(prefix="aktiv-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aktiv.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
        "AKTIV_DATA_DIR": str(work),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "2"),
        "WEB_THREADS": os.environ.get("WEB_THREADS", "2"),
        "PYTHONPATH": str(ROOT),
    }
    aktiv = [PYTHON, "-m", "aktiv"]
    servers: list[subprocess.Popen[bytes]] = []
    try:
        if "DATABASE_URL" not in os.environ:
            subprocess.run([*aktiv, "migrate", "-v0"], env=env, check=True)  # nosec B603
            subprocess.run(  # nosec B603
                [*aktiv, "demo"], env=env, check=True, stdout=subprocess.DEVNULL
            )
        personas = sessions(env)

        app_port, floor_port, empty_port = free_port(), free_port(), free_port()
        servers.append(
            subprocess.Popen(
                [*aktiv, "serve"],
                env={**env, "PORT": str(app_port)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        # The second floor: Aktiv with one empty signed-in page (bench/signed_in_floor.py).
        empty_env = {
            **env,
            "PORT": str(empty_port),
            "DJANGO_SETTINGS_MODULE": "signed_in_floor",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}",
        }
        # Started once the first is up: both collect the static files into the same folder.
        wait_for(f"http://127.0.0.1:{app_port}/helse/live")
        servers.append(
            subprocess.Popen(
                [*aktiv, "serve"],
                env=empty_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        options = json.dumps(
            {
                "bind": [f"127.0.0.1:{floor_port}"],
                "workers": int(env["WEB_CONCURRENCY"]),
                "threads": int(env["WEB_THREADS"]),
                "worker_class": "gthread",
                "accesslog": "-",
                "errorlog": "-",
                "preload_app": True,
                "control_socket_disable": True,
            }
        )
        servers.append(
            subprocess.Popen(
                [PYTHON, "-c", FLOOR, options],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        app, floor_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{floor_port}/"
        empty = f"http://127.0.0.1:{empty_port}"
        wait_for(f"{empty}/helse/live")
        wait_for(floor_url)

        floor = wrk(floor_url)
        rows = []
        for role, (cookie, _pages) in personas.items():
            if status_of(f"{empty}/tom/", cookie) != 200:
                sys.exit(f"{role} /tom/: not 200")
            rows.append((f"{role}: an empty signed-in page (/tom/)", wrk(f"{empty}/tom/", cookie)))
        for role, (cookie, pages) in personas.items():
            for name, path in pages:
                status = status_of(app + path, cookie)
                if status != 200:
                    sys.exit(f"{role} {path}: {status}, not 200")
                rows.append((f"{role}: {name} ({path})", wrk(app + path, cookie)))
        floor_after = wrk(floor_url)
        floor = (floor + floor_after) / 2

        width = max(len(page) for page, _ in rows)
        print(f"{'page':<{width}}  {'req/s':>8}  {'floor':>8}  {'ratio':>6}")
        for page, rate in rows:
            print(f"{page:<{width}}  {rate:8.1f}  {floor:8.1f}  {rate / floor:6.1%}")
        print(
            f"(floor: {floor:.0f} req/s, mean of a run before and after; wrk {' '.join(WRK_ARGS)}"
            f", best of {BEST_OF})"
        )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
