"""`aktiv serve`: Aktiv in production, in gunicorn, with no web server needed beside it.

It collects the static files into STATIC_ROOT (WhiteNoise serves them from there, compressed
and under hashed names), then runs gunicorn on the WSGI application: HOST and PORT to listen
on, WEB_CONCURRENCY processes of WEB_THREADS threads each, the access log on stdout. On
SIGTERM (systemctl stop/restart) gunicorn stops taking new connections and lets the running
requests finish for up to WEB_GRACEFUL_TIMEOUT seconds."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def gunicorn_options() -> dict[str, Any]:
    return {
        "bind": [bind_address(settings.SERVE_HOST, settings.SERVE_PORT)],
        "workers": settings.WEB_CONCURRENCY,
        "threads": settings.WEB_THREADS,
        "worker_class": "gthread",
        "timeout": settings.WEB_TIMEOUT,
        "graceful_timeout": settings.WEB_GRACEFUL_TIMEOUT,
        # A worker is replaced now and then, so memory a long-lived process gathers is
        # returned; the jitter keeps them from all restarting at once.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": "-",
        "errorlog": "-",
        # Loaded once before forking: a broken install fails here, not in every worker.
        "preload_app": True,
        # Scheme and client address come from Django's settings (BEHIND_PROXY), not gunicorn's.
        "forwarded_allow_ips": "",
        # No control socket in the home directory: systemd manages the process.
        "control_socket_disable": True,
        "proc_name": "aktiv",
    }


class AktivApplication(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from aktiv.wsgi import application

        warm()
        return application


def warm() -> None:
    """Do once, in the process the workers are forked from, what each worker would otherwise
    do on its first requests, and again each time one is replaced (`max_requests`): import
    every view (the URLs), build the URL map for each language, load each language's
    translations and compile every template of Aktiv's. On a small machine that is seconds a
    worker. Touches no database."""
    from django.template import TemplateSyntaxError, engines
    from django.urls import get_resolver
    from django.utils import translation

    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every view module
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            resolver.reverse_dict  # noqa: B018 - built per language
            translation.gettext("Min side")
    engine = engines["django"]
    folders: list[Path] = settings.TEMPLATES[0]["DIRS"]  # type: ignore[assignment]
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and path.suffix in {".html", ".txt"}:
                # A template that does not compile fails its page as before, not the start.
                with contextlib.suppress(TemplateSyntaxError):
                    engine.get_template(str(path.relative_to(folder)))
    connections.close_all()
    # What is loaded now lives as long as the process: the collector need not walk it again
    # in every worker (nor touch its pages, which the workers share with this process).
    gc.collect()
    gc.freeze()


def refusal() -> str | None:
    if settings.DEBUG:
        return "DEBUG is on: `aktiv serve` is for production (use `aktiv runserver` to develop)."
    if not settings.SECRET_KEY_FROM_ENVIRONMENT:
        return "SECRET_KEY is not set: give every web process and worker the same secret key."
    return None


class Command(BaseCommand):
    help = "Serve Aktiv in production with gunicorn (see docs/deploy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collecting the static files (the deploy step did it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if reason := refusal():
            raise CommandError(reason)
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        # Workers are forked from this process: none may inherit an open connection.
        connections.close_all()
        AktivApplication(gunicorn_options()).run()
