"""HR's figures from a real streaming replica (.ci/replica starts one on port 5433 and sets
DATABASE_REPLICA_URL for the PostgreSQL run). The test database is created on the primary,
so the replica has it too: the rows a test commits on the primary arrive there by streaming
replication, and the replica alias is pointed at the same database on the replica.

Checked: HR's pages read their figures on the replica (a server in recovery); a replica that
lags more than REPLICA_MAX_LAG_SECONDS or has stopped is passed by, and the pages answer from
the primary."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import dj_database_url
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.lib import replica as replica_module
from aktiv.people.models import Person, Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import exported

REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
CONTROL = Path(__file__).resolve().parents[2] / ".ci" / "replica"

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not REPLICA_URL or "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL and a streaming replica (DATABASE_REPLICA_URL)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def real_replica(settings) -> Iterator[object]:
    """The replica alias on the real replica's copy of the test database, probed on every
    read."""
    default, replica = connections["default"], connections["replica"]
    parsed = dj_database_url.parse(REPLICA_URL)
    saved = replica.settings_dict
    replica.close()
    replica.settings_dict = {
        **default.settings_dict,
        "HOST": parsed["HOST"],
        "PORT": parsed["PORT"],
        "OPTIONS": {**default.settings_dict.get("OPTIONS", {}), "connect_timeout": 2},
        "TEST": {**default.settings_dict["TEST"], "MIRROR": "default"},
    }
    settings.READ_REPLICA = REPLICA_URL
    settings.REPLICA_MAX_LAG_SECONDS = 30
    settings.REPLICA_CHECK_SECONDS = 0
    try:
        yield replica
    finally:
        replica.close()
        replica.settings_dict = saved


def on_replica(sql: str) -> object:
    with connections["replica"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def arrived(person: Person) -> None:
    """Wait until the replica has replayed the commit that made this person."""
    for _ in range(100):
        if Person.objects.using("replica").filter(pk=person.pk).exists():
            return
        time.sleep(0.05)
    pytest.fail("the replica never received the row")


def organisation(employees: int) -> tuple[Person, Unit]:
    today = timezone.localdate()
    period = Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    unit = Unit.objects.create(name="Replikaskolen")
    leader = PersonFactory.create(unit=unit, full_name="Rita Replika")
    for _ in range(employees):
        employee = PersonFactory.create(unit=unit, leader=leader)
        ConversationRecord.objects.get_or_create(period=period, employee=employee, leader=leader)
    hr = PersonFactory.create(unit=unit, is_hr=True)
    return hr, unit


def head_count(page: str, unit: str) -> str:
    return page.split(f">{unit}</span>")[1].split('<td class="num">')[1].split("<")[0]


def test_hr_figures_are_read_on_the_replica(real_replica):
    hr, unit = organisation(6)
    arrived(hr)
    assert on_replica("SELECT pg_is_in_recovery()") is True
    assert replica_module.reading_db() == "replica"
    with CaptureQueriesContext(connections["replica"]) as on_the_replica:
        page = client_for(hr).get(reverse("insights:participation"))
        # Built by the worker, which reads the replica too.
        export = exported(client_for(hr), "insights:participation_export", {"format": "csv"})
    assert page.status_code == 200 and export.status_code == 200
    assert head_count(page.content.decode(), unit.name) == "6"
    assert "Replikaskolen;6;" in export.content.decode("utf-8-sig")
    tables = " ".join(query["sql"] for query in on_the_replica.captured_queries)
    assert "conversations_conversationrecord" in tables or "insights_" in tables


def test_a_lagging_replica_is_passed_by(real_replica, settings):
    hr, unit = organisation(5)
    arrived(hr)
    on_replica("SELECT pg_wal_replay_pause()::text")
    try:
        # A sixth employee reaches the replica's WAL but is not replayed.
        late = PersonFactory.create(unit=unit, leader=Person.objects.get(full_name="Rita Replika"))
        ConversationRecord.objects.create(
            period=Period.objects.get(), employee=late, leader=late.leader
        )
        for _ in range(100):
            if on_replica("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()"):
                break
            time.sleep(0.05)
        time.sleep(0.2)
        settings.REPLICA_MAX_LAG_SECONDS = 0
        lag = replica_module.replica_lag()
        assert lag is not None and lag > 0
        assert replica_module.reading_db() == "default"
        page = client_for(hr).get(reverse("insights:participation")).content.decode()
        assert head_count(page, unit.name) == "6"  # read on the primary, up to date
    finally:
        on_replica("SELECT pg_wal_replay_resume()::text")


@pytest.mark.skipif(
    not CONTROL.exists() or os.geteuid() != 0, reason="stops the replica: .ci/replica as root"
)
def test_the_pages_keep_working_when_the_replica_stops(real_replica, settings):
    hr, unit = organisation(7)
    arrived(hr)
    settings.REPLICA_CHECK_SECONDS = 3600
    assert replica_module.reading_db() == "replica"  # probed once, believed up for an hour
    subprocess.run([str(CONTROL), "stop"], check=True)  # noqa: S603
    try:
        # Stopped after the probe: the read fails on the replica and is made on the primary.
        page = client_for(hr).get(reverse("insights:participation"))
        assert page.status_code == 200
        assert head_count(page.content.decode(), unit.name) == "7"
        assert replica_module.reading_db() == "default"
        # The next probe finds it down too, quickly.
        replica_module.forget_check()
        started = time.monotonic()
        assert replica_module.reading_db() == "default"
        assert time.monotonic() - started < 3
        figures = {"format": "csv", "instrument": "aktivt-medarbeiderskap"}
        export = exported(client_for(hr), "insights:export", figures)
        assert export.status_code == 200
    finally:
        subprocess.run([str(CONTROL)], check=True)  # noqa: S603
