"""One value from one small, fixed query, for the few questions every signed-in request asks
(is this person a leader, how many notices are unread). Django's building of even the
simplest query costs about ten times what SQLite or PostgreSQL take to answer it (0.6 ms
against 0.07 ms, bench/profile_pages.py), and these are asked on every page.

Only for questions about the signed-in person themself: anything that reads other people's
data goes through the scoped querysets, where the privacy rules live."""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Model


def scalar(model: type[Model], sql: str, params: list[Any]) -> Any:
    """The first column of the first row of `sql`, where `{table}` stands for the model's
    table, on the database the model is read from."""
    connection = connections[router.db_for_read(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)
        row = cursor.fetchone()
    return row[0] if row else None
