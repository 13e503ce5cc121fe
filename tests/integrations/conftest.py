from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings

from aktiv.integrations.tokens import token_create

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


class Scim:
    """A SCIM client over Django's test client, with a bearer token (HTTPS, as production
    requires)."""

    def __init__(self, secret: str) -> None:
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    def _send(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body) if body is not None else None
        call = getattr(self.client, method)
        if method in ("get", "delete"):
            return call(f"/scim/v2/{path}", secure=True)
        return call(f"/scim/v2/{path}", data, content_type="application/scim+json", secure=True)

    def get(self, path: str) -> Any:
        return self._send("get", path)

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)

    def patch(self, path: str, operations: list[dict[str, Any]]) -> Any:
        return self._send("patch", path, {"schemas": [PATCH], "Operations": operations})

    def delete(self, path: str) -> Any:
        return self._send("delete", path)


@pytest.fixture
def scim(org) -> Scim:
    return Scim(token_create(actor=org.hr, name="Entra ID", scopes=["scim"]).secret)


def user_body(email: str, **extra: Any) -> dict[str, Any]:
    return {
        "schemas": [USER, ENTERPRISE],
        "userName": email,
        "name": {"givenName": "Ny", "familyName": "Person", "formatted": "Ny Person"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


@pytest.fixture(scope="session")
def live_url(request: pytest.FixtureRequest, django_db_setup: None) -> str:
    """The live server's URL, its SecurityMiddleware built without the HTTPS redirect (as
    tests/e2e/conftest.py's e2e_server does: the middleware reads the setting once)."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        return str(request.getfixturevalue("live_server").url)
