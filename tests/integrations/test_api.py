"""The JSON API: each endpoint refuses a token without its scope, writes through HR's
services into the action log, and says nothing of one person's answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from aktiv.audit.models import ActionEntry
from aktiv.integrations.tokens import token_create
from aktiv.people.models import Person, Unit

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response

pytestmark = pytest.mark.django_db

ALL = ["organisation:read", "organisation:write", "insights:read"]


class Api:
    def __init__(self, secret: str | None) -> None:
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        self.client = Client(headers=headers)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        kwargs: dict[str, Any] = {"secure": True}
        if body is not None:
            kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(self.client, method)(f"/api/v1/{path}", **kwargs)


def api_for(org, *scopes: str) -> Api:
    return Api(token_create(actor=org.hr, name="HR-system", scopes=list(scopes)).secret)


ENDPOINTS = [
    ("get", "units", None, "organisation:read"),
    ("post", "units", {"name": "Ny enhet"}, "organisation:write"),
    ("get", "people", None, "organisation:read"),
    ("post", "people", {"email": "n@example.no", "full_name": "N N"}, "organisation:write"),
    ("patch", "people/{employee}", {"full_name": "Emma M"}, "organisation:write"),
    ("get", "insights/figures", None, "insights:read"),
]


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
def test_every_endpoint_refuses_a_token_without_its_scope(org, method, path, body, scope):
    path = path.format(employee=org.employee.uuid)
    others, allowed = api_for(org, *[s for s in ALL if s != scope]), api_for(org, scope)
    before = ActionEntry.objects.count()
    assert others.call(method, path, body).status_code == 403
    assert Api(None).call(method, path, body).status_code == 401
    assert Api("aktiv_wrong").call(method, path, body).status_code == 401
    assert (
        client_for(org.hr).generic(method.upper(), f"/api/v1/{path}", secure=True).status_code
        == 401
    )
    assert ActionEntry.objects.count() == before
    assert allowed.call(method, path, body).status_code in (200, 201)


def test_people_and_units_are_read(org):
    api = api_for(org, "organisation:read")
    people = api.call("get", "people").json()
    emails = {p["email"] for p in people}
    assert org.employee.email in emails and org.admin.email not in emails
    row = next(p for p in people if p["email"] == org.employee.email)
    assert row["leader"] == str(org.leader.uuid) and row["unit"] == str(org.unit.uuid)
    assert set(row) == {"uuid", "email", "full_name", "unit", "leader", "is_active", "is_hr"}
    units = api.call("get", "units").json()
    assert {u["name"] for u in units} >= {"Oppvekst", "Teknisk"}


def test_a_person_is_written_with_the_rules_of_the_hr_form(org):
    api = api_for(org, "organisation:write")
    made = api.call(
        "post",
        "people",
        {"email": "Ny@Example.no", "full_name": "Ny", "unit": str(org.unit.uuid)},
    )
    assert made.status_code == 201
    assert Person.objects.get(email="ny@example.no").unit == org.unit
    taken = api.call("post", "people", {"email": org.employee.email, "full_name": "X"})
    assert taken.status_code == 400
    assert "finnes allerede" in taken.json()["detail"]
    ring = api.call("patch", f"people/{org.leader.uuid}", {"leader": str(org.employee.uuid)})
    assert ring.status_code == 400
    org.leader.refresh_from_db()
    assert org.leader.leader is None
    moved = api.call("patch", f"people/{org.employee.uuid}", {"leader": str(org.other_leader.uuid)})
    assert moved.status_code == 200
    org.employee.refresh_from_db()
    assert org.employee.leader == org.other_leader
    gone = api.call("patch", f"people/{org.colleague.uuid}", {"is_active": False})
    assert gone.json()["is_active"] is False
    assert api.call("patch", f"people/{org.admin.uuid}", {"full_name": "X"}).status_code == 404
    actions = set(ActionEntry.objects.values_list("action", flat=True))
    assert {"api_person_create", "api_person_update", "person_deactivate"} <= actions
    unit = api.call("post", "units", {"name": "Skole", "parent": str(org.unit.uuid)})
    assert unit.status_code == 201 and unit.json()["path"] == "Oppvekst / Skole"
    assert Unit.objects.get(name="Skole").parent == org.unit


def test_figures_are_gated_and_never_one_persons_answers(org):
    for person in [org.employee, org.colleague, *PersonFactory.create_batch(2, unit=org.unit)]:
        submitted_response(person, "aktivt-medarbeiderskap", 4)
    result = api_for(org, "insights:read").call("get", "insights/figures")
    assert result.status_code == 200
    data = result.json()
    assert data["threshold"] >= 3
    for row in data["units"]:
        if not row["shown"]:
            assert row["means"] is None and row["respondents"] is None
    body = result.content.decode()
    assert "answers" not in body and "item" not in body


def test_the_rate_limit(org, settings):
    settings.API_RATE_PER_MINUTE = 3
    api = api_for(org, "organisation:read")
    codes = [api.call("get", "units").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_openapi_document_validates(org):
    from openapi_spec_validator import validate

    result = Client().get("/api/v1/openapi.json", secure=True)
    assert result.status_code == 200
    document = result.json()
    validate(document)
    assert {"/api/v1/people", "/api/v1/units", "/api/v1/insights/figures"} <= set(document["paths"])
    docs = Client().get("/api/v1/docs", secure=True)
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "GET /api/v1/people" in page and "PATCH /api/v1/people/{uuid}" in page
    assert "<script" not in page.split("<main", 1)[-1]
    # The API's own texts are English, marked as such on a Norwegian page (WCAG 3.1.2).
    assert '<p class="lead" lang="en">The organisation (units and people)' in page
    assert "Organisasjonen (enheter" not in page
