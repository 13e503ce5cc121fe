"""Lost-update protection for forms that edit a saved object.

A form carries the object's `updated_at` as it was when the page was drawn. A save whose
token no longer matches is refused (409) with the newer version shown and the person's own
input kept in the form, carrying the fresh token: saving again is then a deliberate choice.
A request without a token (a script, not our pages) is not checked.

And one at a time: the worker's sweeps replace stored figures (delete, then insert), and two
workers' sweeps may run the same refresh at once (`one_at_a_time`)."""

from __future__ import annotations

import hashlib
from typing import Protocol

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest

# A form field's name, not a secret (ruff S105 and bandit B105 match on "TOKEN").
TOKEN_FIELD = "edited_at"  # noqa: S105  # nosec B105


class Edited(Protocol):
    @property
    def updated_at(self) -> object: ...


# The token of an object not yet stored: a save against it is stale once the object exists.
UNSAVED = "new"


def edit_token(obj: Edited) -> str:
    if obj.updated_at is None:
        return UNSAVED
    return str(obj.updated_at.isoformat())  # type: ignore[attr-defined]


def is_stale(request: HttpRequest, obj: Edited) -> bool:
    sent = request.POST.get(TOKEN_FIELD)
    return sent is not None and sent != edit_token(obj)


# A hidden field beside the edit token: a fingerprint of the text the form started from.
# The token says the object was saved since; the fingerprint says whether *this* text was
# among what changed, so saving the notes never trips over the other party's preparation.
BASE_FIELD = "base"


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_conflict(request: HttpRequest, obj: Edited | None, stored: str) -> bool:
    """A stale save of a text someone else changed meanwhile."""
    if obj is None:
        return False
    return is_stale(request, obj) and request.POST.get(BASE_FIELD) != fingerprint(stored)


def one_at_a_time(name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Call first inside a transaction: wait until no other transaction holds `name`, and
    hold it until this one ends. Two sweeps replacing the same stored rows at once would
    otherwise both delete, and the second insert would break a unique constraint.

    PostgreSQL: a transaction-level advisory lock (released at commit or rollback; works
    behind PgBouncer in transaction mode). SQLite needs none: Aktiv's transactions there begin
    IMMEDIATE, one writer at a time."""
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("one_at_a_time() holds its lock to the end of a transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
