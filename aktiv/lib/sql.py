"""One value from one small, fixed query, for the few questions every signed-in request asks
(is this person a leader, how many notices are unread). Django's building of even the
simplest query costs about ten times what SQLite or PostgreSQL take to answer it (0.6 ms
against 0.07 ms, bench/profile_pages.py), and these are asked on every page.

Only for questions about the signed-in person themself: anything that reads other people's
data goes through the scoped querysets, where the privacy rules live."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections, router
from django.db.models import Model

M = TypeVar("M", bound=Model)


def scalar(model: type[Model], sql: str, params: list[Any]) -> Any:
    """The first column of the first row of `sql`, where `{table}` stands for the model's
    table, on the database the model is read from."""
    connection = connections[router.db_for_read(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=table), params)
        row = cursor.fetchone()
    return row[0] if row else None


# For each model and database: the statement that reads one row by its key, the attribute
# names of its columns, and each column's converters (what the database gives back as the
# Python value Django would have made: booleans and UUIDs on SQLite, dates, JSON).
_Plan = tuple[str, list[str], list[tuple[Any, list[Any]]]]
_plans: dict[tuple[type[Model], str], _Plan] = {}


def _plan(model: type[Model], alias: str) -> _Plan:
    plan = _plans.get((model, alias))
    if plan is None:
        connection = connections[alias]
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        table = model._meta.db_table
        columns = ", ".join(f"{quote(table)}.{quote(field.column)}" for field in fields)
        sql = (
            f"SELECT {columns} FROM {quote(table)} "  # noqa: S608  # nosec B608 - names from the model, quoted
            f"WHERE {quote(table)}.{quote(model._meta.pk.column)} = %s"
        )
        converters = []
        for field in fields:
            column = field.get_col(table)
            # In the compiler's order: the database backend's, then the field's own.
            functions = connection.ops.get_db_converters(column)
            converters.append((column, functions + column.get_db_converters(connection)))
        plan = _plans[(model, alias)] = (sql, [field.attname for field in fields], converters)
    return plan


def row_by_key(model: type[M], key: Any) -> M | None:
    """`model.objects.filter(pk=key).first()` without Django building the query again on
    each call: the signed-in person is read so on every request (people/auth.py). The
    instance is what the ORM would give (tests/lib/test_sql.py compares every field)."""
    alias = router.db_for_read(model)
    sql, names, converters = _plan(model, alias)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(key, connection)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (column, functions) in zip(row, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        values.append(value)
    return model.from_db(alias, names, values)
