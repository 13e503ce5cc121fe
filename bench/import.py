"""Time the import of a whole organisation in one file, beside a floor measured in the same
run: inserting the same number of bare people with one bulk_create (what no import can beat).

    DATABASE_URL=sqlite:////tmp/import.sqlite3 .venv/bin/aktiv migrate
    DATABASE_URL=sqlite:////tmp/import.sqlite3 PEOPLE=100000 .venv/bin/python bench/import.py

It writes a CSV of PEOPLE people (a unit tree four levels deep, leaders with about ten
reports), checks it (the dry run), imports it (what the worker does for a large file), and
imports it again (nothing changes). Run it on an empty database: it refuses otherwise."""

from __future__ import annotations

import csv
import io
import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aktiv.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
django.setup()

from django.db import transaction  # noqa: E402

from aktiv.people.models import Person  # noqa: E402
from aktiv.people.organisation.importer import import_check  # noqa: E402
from aktiv.people.organisation.services import import_apply, organisation_import  # noqa: E402

PEOPLE = int(os.environ.get("PEOPLE", "100000"))
REPORTS = 10


def organisation_csv(people: int) -> bytes:
    """Row i's leader is row (i - 1) // REPORTS: a tree of leaders; units follow the
    leaders' tree down four levels."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["e-post", "navn", "enhet", "leder", "roller"])
    units: list[str] = []
    for i in range(people):
        leader = (i - 1) // REPORTS if i else None
        if i == 0:
            unit = "Storby kommune"
        elif leader is not None and len(units[leader].split(" / ")) < 4:
            unit = f"{units[leader]} / Enhet {i}"
        else:
            unit = units[leader] if leader is not None else "Storby kommune"
        units.append(unit)
        writer.writerow(
            [
                f"person{i}@import.example",
                f"Person {i}",
                unit,
                f"person{leader}@import.example" if leader is not None else "",
                "HR" if i == 1 else "",
            ]
        )
    return out.getvalue().encode()


def timed(label: str, call):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label:<44} {seconds:8.1f} s  {peak:6.0f} MB peak (process)")
    return result, seconds


def floor(people: int) -> None:
    def insert() -> None:
        with transaction.atomic():
            Person.objects.bulk_create(
                (Person(email=f"floor{i}@x.example", full_name=f"F {i}") for i in range(people)),
                batch_size=2000,
            )
            transaction.set_rollback(True)

    timed(f"floor: bulk_create of {people:,} bare people", insert)


def main() -> None:
    if Person.objects.exists():
        sys.exit("Run on an empty (migrated) database.")
    data = organisation_csv(PEOPLE)
    engine = django.db.connection.vendor
    print(f"{PEOPLE:,} people, {len(data) / 1e6:.1f} MB of CSV, {engine}")
    floor(PEOPLE)
    actor = Person.objects.create(email="hr@bench.example", full_name="Bench HR", is_hr=True)
    report, _ = timed(
        "dry run (read and check, nothing written)",
        lambda: import_check(filename="org.csv", data=data, actor=actor),
    )
    if not report.ok:
        sys.exit(f"the file has errors: {report.errors[:5]}")

    def apply() -> None:
        with transaction.atomic():
            checked = import_check(filename="org.csv", data=data, actor=actor)
            import_apply(actor=actor, report=checked, atomic_batches=False)

    _, seconds = timed("import (check and write)", apply)
    created = Person.objects.filter(email__endswith="@import.example").count()
    print(f"  {created:,} people created; {PEOPLE / seconds:,.0f} people/s")
    again, _ = timed(
        "the same file again (changes nothing)",
        lambda: organisation_import(actor=actor, filename="org.csv", data=data, apply=True),
    )
    print(f"  changed the second time: {again.changed_count}")


if __name__ == "__main__":
    main()
