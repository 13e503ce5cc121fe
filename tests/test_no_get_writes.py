"""No GET request writes anything but the access log (PRODUCT.md section 3): every GET URL of
the permission matrix, as every persona, leaves every other table exactly as it was."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from .conftest import client_for
from .test_permission_matrix import MATRIX, ORDER, person

# Written by a GET on purpose: the log of who read what, and the session machinery.
ALLOWED = {"audit.accesslogentry", "sessions.session", "axes.accesslog", "axes.accessattempt"}


def snapshot() -> dict[str, set[str]]:
    tables: dict[str, set[str]] = {}
    for model in apps.get_models():
        if model._meta.label_lower in ALLOWED or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows = model._default_manager.values_list(*fields)
        tables[model._meta.label_lower] = {repr(row) for row in rows}
    return tables


def changed(before: dict[str, set[str]]) -> list[str]:
    after = snapshot()
    return sorted(label for label in after if after[label] != before.get(label))


@pytest.mark.parametrize("name", sorted(n for n, row in MATRIX.items() if row.method == "get"))
def test_a_get_writes_nothing_but_the_access_log(org, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(org))
    clients = {persona: client_for(person(org, persona)) for persona in ORDER}
    for persona in ORDER:
        before = snapshot()
        clients[persona].get(url, row.data or {})
        assert changed(before) == [], (persona, url)
