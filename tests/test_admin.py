"""The Django admin shows operators that things exist, never what anyone answered or wrote
(PRODUCT.md section 3), and no second-factor secret: not on a list, a change page, a history
page or a page that confirms a deletion."""

from __future__ import annotations

import re
from base64 import b32encode
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.assessments.models import Answer, FocusArea
from aktiv.people.models import EmailChange, Person

from .conftest import Org, client_for
from .factories import PASSWORD, PersonFactory
from .people.helpers import everything_about

# The apps whose rows hold what people answered and wrote.
CONTENT_APPS = {
    "assessments",
    "reflections",
    "conversations",
    "goals",
    "competence",
    "expectations",
}
MARK = "Fritekst"


def _free_text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField | models.JSONField | models.CharField)
        and not isinstance(field, models.EmailField | models.URLField)
        and not field.choices
        and not field.name.endswith("_key")
        # Codes too short to hold a sentence (a language code) are not free text.
        and (getattr(field, "max_length", None) or 100) >= len(MARK) + 5
    ]


def mark_free_text() -> set[str]:
    """Give every free-text value in the content apps a marker of its own; return them."""
    markers: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in CONTENT_APPS:
            continue
        for field in _free_text_fields(model):
            for pk in model._base_manager.values_list("pk", flat=True):
                marker = f"{MARK}{len(markers):04d}q"
                value = {"svar": marker} if isinstance(field, models.JSONField) else marker
                model._base_manager.filter(pk=pk).update(**{field.name: value})
                markers.add(marker)
    return markers


def secrets() -> set[str]:
    """Answers, chosen focus areas, TOTP keys (hex and base32) and backup codes."""
    found = {str(answer) for answer in Answer.objects.all()}
    found |= {str(area) for area in FocusArea.objects.all()}
    for device in TOTPDevice.objects.all():
        found |= {device.key, b32encode(device.bin_key).decode().rstrip("=")[:16]}
    found |= set(StaticToken.objects.values_list("token", flat=True))
    return found


@pytest.fixture
def seeded(org: Org) -> set[str]:
    for person in (org.employee, org.colleague):
        everything_about(person, hr=org.hr)
    device = TOTPDevice.objects.get(user=org.employee)
    device.key = "3a" * 20  # a key that cannot be mistaken for anything else on a page
    device.save()
    StaticToken.objects.create(device=device.user.staticdevice_set.get(), token="backupzx91")
    Group.objects.create(name="Drift")
    Client().post(reverse("login"), {"username": org.employee.email, "password": PASSWORD})
    return mark_free_text() | secrets()


def admin_pages(client: Client) -> Iterator[tuple[str, Any]]:
    """Every changelist, and every object's change, history and delete-confirmation page,
    and the bulk "delete selected" confirmation, of every model registered in the admin."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{prefix}_changelist")
        yield changelist, client.get(changelist)
        pks = list(model._base_manager.values_list("pk", flat=True))
        for pk in pks:
            for view in ("change", "history", "delete"):
                url = reverse(f"{prefix}_{view}", args=[pk])
                yield url, client.get(url)
        if pks:
            selected = {"action": "delete_selected", "_selected_action": pks}
            yield f"{changelist} (delete selected)", client.post(changelist, selected)


def test_the_admin_shows_no_answers_free_text_or_secrets(org, seeded):
    assert any(marker.startswith(MARK) for marker in seeded)
    client = client_for(org.admin)
    seen = 0
    leaks = []
    for url, response in admin_pages(client):
        assert response.status_code == 200, (url, response.status_code)
        page = response.content.decode()
        leaks += [(url, secret) for secret in seeded if secret in page]
        seen += 1
    assert seen > 30
    assert leaks == []
    # Nothing was deleted on the way.
    assert Answer.objects.exists() and Person.objects.filter(pk=org.employee.pk).exists()


def test_a_delete_confirmation_still_says_how_much_goes(org, seeded):
    client = client_for(org.admin)
    page = client.get(reverse("admin:people_person_delete", args=[org.employee.pk]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "person: Emma Medarbeider" in text
    assert "Lederens private notater: 1" in text and "Personlige mål: 1" in text


def test_totp_secrets_have_no_admin_view(org, seeded):
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_config", args=[1])
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_qrcode", args=[1])
    device = TOTPDevice.objects.get(user=org.employee)
    client = client_for(org.admin)
    for tail in ("config/", "qrcode/"):
        url = reverse("admin:otp_totp_totpdevice_changelist") + f"{device.pk}/{tail}"
        page = client.get(url, follow=True).content.decode()
        assert device.key not in page
    # A device can be removed (a lost phone), not read or changed.
    change = client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]), {"name": "ny"}
    )
    assert change.status_code == 403
    device.refresh_from_db()
    assert device.name == "app"


def test_an_operator_cannot_set_another_persons_password(org):
    client = client_for(org.admin)
    url = reverse("admin:auth_user_password_change", args=[org.leader.pk])
    form = {"password1": "en helt ny setning", "password2": "en helt ny setning"}
    assert client.get(url).status_code == 403
    assert client.post(url, form).status_code == 403
    org.leader.refresh_from_db()
    assert org.leader.check_password(PASSWORD)


def test_an_address_changed_in_the_admin_follows_the_same_rules(org, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = client_for(org.admin)
    leader = client_for(org.leader)
    url = reverse("admin:people_person_change", args=[org.leader.pk])
    data = {
        "email": "lena@angriper.example",
        "full_name": org.leader.full_name,
        "unit": org.leader.unit_id,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    result = client.post(url, data)
    assert result.status_code == 302, result.content.decode()[:2000]
    change = EmailChange.objects.get(person=org.leader)
    assert change.changed_by == org.admin and change.new_email == "lena@angriper.example"
    assert [m.to for m in mail.outbox] == [[change.old_email]]
    assert leader.get("/").status_code == 302
    # The old address is held for its owner: the admin cannot give it to someone else.
    other = PersonFactory.create(full_name="Ny Person")
    taken = client.post(
        reverse("admin:people_person_change", args=[other.pk]),
        data | {"email": change.old_email, "full_name": "Ny Person"},
    )
    assert taken.status_code == 200 and "nylig tatt fra en annen person" in taken.content.decode()
