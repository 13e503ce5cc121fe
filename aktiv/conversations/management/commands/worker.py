"""`aktiv worker`: Aktiv's background worker, which sends the e-mails.

It is django-tasks-db's `db_worker` (same options: `--interval`, `--batch`, `--max-tasks`,
…) plus a reminder sweep: a side thread enqueues `send_due_reminders` once at start and then
every `--sweep-minutes` minutes, unless one is already waiting. The queue is a table in
Aktiv's own database, so there is nothing else to run: no broker, no cron. The sweep only
enqueues, the worker loop does the sending, and every reminder is stamped before it goes, so
several workers (or a sweep run twice) never send one twice.

The same thread records a heartbeat once a minute (`WorkerHeartbeat`), which `/helse/klar`
reads to tell whether any worker is alive.

Without a long-running process, `aktiv worker --batch` from cron does the same once: it
enqueues a sweep, works the queue empty and exits."""

from __future__ import annotations

import logging
import os
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from aktiv.health.models import WorkerHeartbeat
from aktiv.lib import hooks

logger = logging.getLogger("aktiv.worker")
# How often the sweep thread tells /helse/klar that a worker is alive.
HEARTBEAT_SECONDS = 60


def sweep_enqueue() -> bool:
    """Queue each periodic task unless one is already waiting; True if any was queued."""
    queued = False
    # The periodic work each app registered (reminders, retention, freezing quarters).
    for periodic in hooks.sweep_tasks():
        waiting = DBTaskResult.objects.ready().filter(task_path=periodic.module_path)
        if not waiting.exists():
            periodic.enqueue()
            queued = True
    return queued


def _sweep_forever(every_seconds: float) -> None:
    next_sweep = 0.0
    while True:
        try:
            WorkerHeartbeat.beat()
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + every_seconds
                if sweep_enqueue():
                    logger.debug("Queued the reminder sweep")
        except DatabaseError:
            # A busy SQLite file or a database restart: try again next round.
            logger.warning("Could not queue the reminder sweep", exc_info=True)
        finally:
            connections.close_all()  # this thread's connections only
        time.sleep(min(HEARTBEAT_SECONDS, every_seconds))


class Command(db_worker.Command):
    help = "Send Aktiv's e-mails: the database task worker plus the periodic reminder sweep."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-minutes",
            type=float,
            default=5,
            help="Minutes between reminder sweeps (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sweep_minutes: float = options.pop("sweep_minutes")
        if sweep_minutes <= 0:
            raise CommandError("--sweep-minutes must be above 0")
        if options["batch"]:
            options["reload"] = False  # db_worker would only warn that they do not mix
            WorkerHeartbeat.beat()
            sweep_enqueue()
        elif not options["reload"] or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # With --reload only the child process (the one that works the queue) sweeps.
            threading.Thread(
                target=_sweep_forever, args=(sweep_minutes * 60,), name="sweep", daemon=True
            ).start()
        super().handle(*args, **options)
