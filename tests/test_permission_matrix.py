"""Every URL × every persona, in one table (PRODUCT.md section 3, issue #6).

The URL list comes from the URL configuration itself: a URL added without a row here fails
`test_every_url_is_in_the_matrix`. Each cell says what that persona must get:

    ok     the page or action works (2xx, or a redirect that is not to the login page)
    login  redirected to the login page
    404    refused as if the object did not exist (never "403: it exists but not for you")
    405    the method is not allowed (GET on an action that only takes POST)

Objects belong to `employee`; shared items are shared with `leader`, their leader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from .conftest import Org, client_for
from .factories import submitted_response

PERSONAS = ("anonymous", "employee", "leader", "colleague", "other_leader", "hr", "admin")
# The owner acts last, so an action that consumes the object (delete) is tried by all others
# first.
ORDER = ("anonymous", "leader", "colleague", "other_leader", "hr", "admin", "employee")


def person(org: Org, persona: str) -> Any:
    return None if persona == "anonymous" else getattr(org, persona)


def _shared_response(org: Org) -> list[str]:
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    response.share_with_leader()
    return [str(response.uuid)]


def _draft_response(org: Org) -> list[str]:
    draft = Response.objects.create(
        person=org.employee, instrument_key="aktivt-medarbeiderskap", instrument_version=1
    )
    return [str(draft.uuid)]


def _shared_worksheet(org: Org) -> list[str]:
    sheet = Worksheet.objects.create(
        person=org.employee,
        tool_key="tre-sporsmal",
        status="done",
        completed_at=timezone.now(),
        data={"who": "a", "can": "b", "want": "c"},
    )
    sheet.share_with_leader()
    return [str(sheet.uuid)]


def _draft_worksheet(org: Org) -> list[str]:
    sheet = Worksheet.objects.create(person=org.employee, tool_key="tre-sporsmal")
    return [str(sheet.uuid)]


def _agenda_item(org: Org) -> list[str]:
    return [str(PendingAgendaItem.objects.create(person=org.employee, text="Hjelp").uuid)]


def _key(key: str) -> Callable[[Org], list[str]]:
    return lambda org: [key]


def _no_args(org: Org) -> list[str]:
    return []


def _reset_token(org: Org) -> list[str]:
    return ["MQ", "ugyldig-token"]


# Cells, in PERSONAS order.
EVERYONE_SIGNED_IN = ("login", "ok", "ok", "ok", "ok", "ok", "ok")
PUBLIC = ("ok",) * 7
OWNER_ONLY = ("login", "ok", "404", "404", "404", "404", "404")
OWNER_AND_LEADER = ("login", "ok", "ok", "404", "404", "404", "404")
LEADERS = ("login", "404", "ok", "404", "ok", "404", "404")


@dataclass(frozen=True)
class Row:
    method: str
    args: Callable[[Org], list[str]]
    expected: tuple[str, ...]
    data: dict[str, Any] | None = None


MATRIX: dict[str, Row] = {
    "home": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "team": Row("get", _no_args, LEADERS),
    "login": Row("get", _no_args, PUBLIC),
    # Signing out always lands on the login page.
    "logout": Row("post", _no_args, ("login",) * 7),
    "password_reset": Row("get", _no_args, PUBLIC),
    "password_reset_done": Row("get", _no_args, PUBLIC),
    "password_reset_confirm": Row("get", _reset_token, PUBLIC),
    "password_reset_complete": Row("get", _no_args, PUBLIC),
    "assessments:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "assessments:instrument": Row("get", _key("aktivt-medarbeiderskap"), EVERYONE_SIGNED_IN),
    "assessments:start": Row("post", _key("aktivt-medarbeiderskap"), EVERYONE_SIGNED_IN),
    "assessments:response": Row("get", _shared_response, OWNER_AND_LEADER),
    "assessments:answer": Row("post", _draft_response, OWNER_ONLY, {"save": "1"}),
    "assessments:focus": Row("post", _shared_response, OWNER_ONLY, {}),
    "assessments:sharing": Row("post", _shared_response, OWNER_ONLY, {"action": "withdraw"}),
    "assessments:discard": Row("post", _draft_response, OWNER_ONLY),
    "reflections:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "reflections:tool": Row("get", _key("tre-sporsmal"), EVERYONE_SIGNED_IN),
    "reflections:start": Row("post", _key("tre-sporsmal"), EVERYONE_SIGNED_IN),
    "reflections:worksheet": Row("get", _shared_worksheet, OWNER_AND_LEADER),
    "reflections:save": Row("post", _draft_worksheet, OWNER_ONLY, {"save": "1"}),
    "reflections:sharing": Row("post", _shared_worksheet, OWNER_ONLY, {"action": "withdraw"}),
    "reflections:delete": Row("post", _shared_worksheet, OWNER_ONLY),
    "reflections:agenda_remove": Row("post", _agenda_item, OWNER_ONLY),
    # Each person's own data only; there is nothing to address by id.
    "audit:my_data": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "audit:export": Row("get", _no_args, EVERYONE_SIGNED_IN),
    # The second factor: each person's own; pages redirect to the right step.
    "twofactor_manage": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "twofactor_setup": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "twofactor_verify": Row("get", _no_args, EVERYONE_SIGNED_IN),
}


def url_names() -> list[str]:
    def walk(patterns: list[Any], namespace: str | None) -> list[str]:
        names = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin guards itself; see test_admin_is_staff_only.
                names += walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return walk(get_resolver().url_patterns, None)


def outcome(result: Any) -> str:
    if result.status_code in (301, 302):
        return "login" if result["Location"].startswith(reverse("login")) else "ok"
    if result.status_code in (404, 405):
        return str(result.status_code)
    return "ok" if result.status_code < 500 else f"error {result.status_code}"


def test_every_url_is_in_the_matrix():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    assert not sorted(set(MATRIX) - set(url_names())), "the matrix names URLs that are gone"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_for_every_persona(org, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(org))
    expected = dict(zip(PERSONAS, row.expected, strict=True))
    actual = {}
    for persona in ORDER:
        client = client_for(person(org, persona))
        result = getattr(client, row.method)(url, row.data or {})
        actual[persona] = outcome(result)
    assert actual == expected
    if row.method == "post":
        # And a GET on an action that takes POST is never an open door.
        for persona in ORDER:
            result = client_for(person(org, persona)).get(url)
            assert outcome(result) in ("login", "405", "404"), (persona, outcome(result))


def test_admin_is_staff_only(org):
    for persona in ("employee", "leader", "hr"):
        result = client_for(person(org, persona)).get("/admin/")
        assert result.status_code == 302 and "/admin/login/" in result["Location"]
    assert client_for(org.admin).get("/admin/").status_code == 200


def test_matrix_size():
    assert len(MATRIX) * len(PERSONAS) == len(url_names()) * 7
