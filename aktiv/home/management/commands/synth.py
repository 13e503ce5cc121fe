"""`aktiv synth --people N`: a synthetic organisation for benchmarks (aktiv/home/synth.py)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from aktiv.home.synth import DOMAIN, Synth
from aktiv.people.models import Person


class Command(BaseCommand):
    help = "Build a synthetic organisation of N people with two years of history (benchmarks)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--add", action="store_true", help="add to synthetic people already there"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Person.objects.filter(email__endswith=f"@{DOMAIN}").exists() and not options["add"]:
            raise CommandError("Synthetic people exist already; use --add to add more.")
        started = time.monotonic()
        counts = Synth(options["people"], seed=options["seed"]).run()
        # Fresh statistics for the query planner, as after any bulk load: without them
        # PostgreSQL guesses (a leader's team page at 100,000 people took 400 ms instead of
        # 130) until autovacuum gets to the tables, which may be never where it is off.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        for name, value in asdict(counts).items():
            self.stdout.write(f"{name:12} {value:>10}")
        self.stdout.write(f"{'seconds':12} {time.monotonic() - started:>10.1f}")
