"""Without a replica, HR's figures read from the primary and nothing is probed (the real
replica: tests/insights/test_replica.py)."""

from django.db import connections
from django.test.utils import CaptureQueriesContext

from aktiv.lib.replica import read_figures, reading_db


def test_without_a_replica_everything_reads_the_primary(db, settings):
    settings.READ_REPLICA = ""
    with CaptureQueriesContext(connections["default"]) as queries:
        assert reading_db() == "default"
        assert read_figures(lambda alias: alias) == "default"
    assert len(queries) == 0
