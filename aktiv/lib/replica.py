"""Where HR's figures and exports read from: the streaming replica when one is configured
(`DATABASE_REPLICA_URL`), up and no more than `REPLICA_MAX_LAG_SECONDS` behind; otherwise the
primary. Chosen explicitly by the code that reads (`.using(reading_db())`), never by a
database router, so nothing can ever send a write to the replica.

The probe is one cheap query on the replica, and its answer is kept for
`REPLICA_CHECK_SECONDS` in this process, so a page pays for it at most once in that time. A
replica that is down costs at most its connect timeout once per check; until the next check
every read goes to the primary."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)
T = TypeVar("T")

PRIMARY = "default"
REPLICA = "replica"

# How far behind the primary the replica is, in seconds: none when it has replayed all it
# has received (an idle primary sends nothing, so the time since the last replayed
# transaction says nothing then), else the time since the last replayed transaction.
# On a database that is not in recovery (a test mirror, or a promoted replica): none.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 1e9)
END
"""

_lock = threading.Lock()
_checked: dict[str, tuple[float, bool]] = {}


def replica_configured() -> bool:
    return bool(getattr(settings, "READ_REPLICA", "")) and REPLICA in settings.DATABASES


def replica_lag() -> float | None:
    """Seconds the replica is behind, or None when it cannot be reached."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
        return float(row[0]) if row else None
    except DatabaseError:
        # A broken connection is not reused: the next probe connects afresh.
        with contextlib.suppress(DatabaseError):
            connection.close()
        return None


def replica_usable() -> bool:
    """The replica is up and close enough behind (checked at most every few seconds)."""
    now = time.monotonic()
    with _lock:
        checked = _checked.get(REPLICA)
        if checked and now - checked[0] < settings.REPLICA_CHECK_SECONDS:
            return checked[1]
    lag = replica_lag()
    usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    if not usable:
        logger.warning(
            "Reading from the primary: the replica is %s",
            "unreachable" if lag is None else f"{lag:.1f} s behind",
        )
    with _lock:
        _checked[REPLICA] = (time.monotonic(), usable)
    return usable


def _mark_down() -> None:
    with _lock:
        _checked[REPLICA] = (time.monotonic(), False)


def forget_check() -> None:
    """Probe again on the next read (tests, and after a failover)."""
    with _lock:
        _checked.clear()


def reading_db() -> str:
    """The database alias HR's figures and exports read from: "replica" or "default"."""
    if replica_configured() and replica_usable():
        return REPLICA
    return PRIMARY


def read_figures(read: Callable[[str], T]) -> T:
    """`read(alias)` on the database reading_db() chooses; when the replica fails during the
    read (stopped between the probe and the query), once more on the primary, and the
    replica is left alone until the next check."""
    alias = reading_db()
    if alias == PRIMARY:
        return read(PRIMARY)
    try:
        return read(alias)
    except DatabaseError:
        logger.warning("The replica failed during a read; reading from the primary")
        connections[REPLICA].close()
        _mark_down()
        return read(PRIMARY)
