"""Setup shared by the reflection tools' tests."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from aktiv.people.models import Person
from aktiv.reflections.models import Worksheet


def draft_with(client: Client, person: Person, key: str, data: dict[str, Any]) -> Worksheet:
    """A draft started through the page, holding `data`, so each refusal can prove that
    nothing changed."""
    client.post(reverse("reflections:start", args=[key]))
    sheet = Worksheet.objects.get(person=person, tool_key=key)
    Worksheet.objects.filter(pk=sheet.pk).update(data=data)
    sheet.refresh_from_db()
    return sheet


def post(client: Client, sheet: Worksheet, data: dict[str, Any], done: bool = False) -> Any:
    return client.post(
        reverse("reflections:save", args=[sheet.uuid]), data | {"done" if done else "save": "1"}
    )


def assert_unchanged(sheet: Worksheet, saved: dict[str, Any]) -> None:
    stored = Worksheet.objects.get(pk=sheet.pk)
    assert stored.data == saved
    assert stored.status == "draft" and stored.updated_at == sheet.updated_at
