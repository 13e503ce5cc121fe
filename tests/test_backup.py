"""`aktiv backup` and `aktiv restore`: a backup restored into a fresh database has every row.
Runs against the engine the suite runs on (SQLite, or PostgreSQL when DATABASE_URL says so),
in scratch databases of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

# Whether the planner has statistics for the answers table (written by ANALYZE).
STATISTICS = (
    "from django.db import connection; c = connection.cursor(); "
    "c.execute(\"SELECT count(*) FROM pg_stats WHERE tablename = 'assessments_answer'\" "
    "if connection.vendor == 'postgresql' else "
    "\"SELECT count(*) FROM sqlite_master m, sqlite_stat1 s WHERE m.name = 'sqlite_stat1' "
    "AND s.tbl = 'assessments_answer'\"); print('STATISTICS=' + str(c.fetchone()[0]))"
)
COUNT_ROWS = (
    "import json; from django.apps import apps; "
    "print('COUNTS=' + json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()}))"
)


def aktiv(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "aktiv", *args], env=env, capture_output=True, text=True, check=check
    )


def counts(env: dict[str, str]) -> dict[str, int]:
    output = aktiv(env, "shell", "-c", COUNT_ROWS).stdout
    line = next(line for line in output.splitlines() if line.startswith("COUNTS="))
    return json.loads(line.removeprefix("COUNTS="))


@pytest.fixture
def databases(tmp_path: Path, django_db_blocker) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Two scratch databases (source and target) on the suite's engine."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    base |= {"SECRET_KEY": "backup-test-" + "x" * 50, "AKTIV_DATA_DIR": str(tmp_path)}
    if connection.vendor != "postgresql":
        yield (
            base | {"DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}"},
            base | {"DATABASE_URL": f"sqlite:///{tmp_path / 'target.sqlite3'}"},
        )
        return
    import psycopg

    params = connection.settings_dict
    credentials = f"{params['USER']}:{params['PASSWORD'] or ''}"
    server = f"postgres://{credentials}@{params['HOST']}:{params['PORT'] or 5432}"
    names = ["aktiv_backup_source", "aktiv_backup_target"]
    with (
        django_db_blocker.unblock(),
        psycopg.connect(f"{server}/postgres", autocommit=True) as admin,
    ):
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    yield tuple(base | {"DATABASE_URL": f"{server}/{name}"} for name in names)  # type: ignore[misc]
    with (
        django_db_blocker.unblock(),
        psycopg.connect(f"{server}/postgres", autocommit=True) as admin,
    ):
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_every_row(databases, tmp_path):
    source, target = databases
    aktiv(source, "migrate", "--no-input")
    aktiv(source, "demo")
    before = counts(source)
    assert before["people.Person"] > 20 and before["assessments.Answer"] > 100
    assert before["reflections.Worksheet"] > 0

    backup_file = tmp_path / "backups" / "aktiv.backup"
    written = aktiv(source, "backup", "--output", str(backup_file))
    assert "Backup written" in written.stdout and backup_file.stat().st_size > 0
    assert oct(backup_file.stat().st_mode & 0o777) == "0o600"

    refused = aktiv(target, "restore", str(backup_file), check=False)
    assert refused.returncode != 0 and "--yes" in refused.stderr
    aktiv(target, "restore", str(backup_file), "--yes")
    assert counts(target) == before
    # The planner's statistics are made again (a dump has none).
    statistics = aktiv(target, "shell", "-c", STATISTICS, check=False).stdout
    assert "STATISTICS=" in statistics and "STATISTICS=0" not in statistics


def test_restore_refuses_what_is_not_a_backup(databases, tmp_path):
    _, target = databases
    bogus = tmp_path / "not-a-backup"
    bogus.write_text("hello")
    result = aktiv(target, "restore", str(bogus), "--yes", check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    missing = aktiv(target, "restore", str(tmp_path / "missing"), "--yes", check=False)
    assert "does not exist" in missing.stderr
