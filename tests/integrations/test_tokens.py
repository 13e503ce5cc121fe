"""HR's integration tokens: shown once, stored hashed, revocable, with the last use."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.integrations.models import IntegrationToken, token_digest

from ..conftest import client_for
from .conftest import Scim

pytestmark = pytest.mark.django_db


def test_hr_makes_a_token_that_is_shown_once_and_stored_hashed(org):
    hr = client_for(org.hr)
    page = hr.post(reverse("integrations:tokens"), {"name": "Entra ID", "scopes": ["scim"]})
    assert page.status_code == 200
    secret = re.search(r"aktiv_[A-Za-z0-9_-]{40,}", page.content.decode()).group(0)
    token = IntegrationToken.objects.get()
    assert token.digest == token_digest(secret)
    assert secret not in str(IntegrationToken.objects.values().get())
    assert (token.name, token.scopes, token.created_by) == ("Entra ID", ["scim"], org.hr)
    again = hr.get(reverse("integrations:tokens")).content.decode()
    assert secret not in again and "Entra ID" in again and "Aldri" in again
    assert Scim(secret).get("Users").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert ActionEntry.objects.filter(action="token_create").exists()


def test_a_token_needs_a_name_and_a_scope(org):
    hr = client_for(org.hr)
    page = hr.post(reverse("integrations:tokens"), {"name": "", "scopes": []})
    assert page.status_code == 400
    assert "Velg minst én tilgang." in page.content.decode()
    page = hr.post(reverse("integrations:tokens"), {"name": "x", "scopes": ["root"]})
    assert page.status_code == 400
    assert not IntegrationToken.objects.exists()


def test_hr_revokes_a_token(org):
    hr = client_for(org.hr)
    page = hr.post(reverse("integrations:tokens"), {"name": "Entra ID", "scopes": ["scim"]})
    secret = re.search(r"aktiv_[A-Za-z0-9_-]{40,}", page.content.decode()).group(0)
    token = IntegrationToken.objects.get()
    hr.post(reverse("integrations:token_revoke", args=[token.uuid]))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Scim(secret).get("Users").status_code == 401
    assert ActionEntry.objects.filter(action="token_revoke").exists()


def test_only_hr_sees_or_revokes_tokens(org):
    hr = client_for(org.hr)
    hr.post(reverse("integrations:tokens"), {"name": "Entra ID", "scopes": ["scim"]})
    token = IntegrationToken.objects.get()
    for who in (org.employee, org.leader, org.admin):
        assert client_for(who).get(reverse("integrations:tokens")).status_code == 404
        revoke = client_for(who).post(reverse("integrations:token_revoke", args=[token.uuid]))
        assert revoke.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_token_page_needs_hr_s_second_factor(org):
    from django.test import Client

    client = Client()
    client.force_login(org.hr)  # signed in, but without the second factor
    result = client.get(reverse("integrations:tokens"))
    assert result.status_code == 302
    assert result["Location"].startswith("/sikkerhet/to-trinn")
    client.post(reverse("integrations:tokens"), {"name": "Entra ID", "scopes": ["scim"]})
    assert not IntegrationToken.objects.exists()


@pytest.mark.parametrize("change", [{"is_hr": False}, {"is_active": False}])
def test_a_token_stops_working_when_its_creator_is_no_longer_hr(org, scim, change):
    """A kept secret must not keep HR's powers after the role (or the person) is gone."""
    assert scim.get("Users").status_code == 200
    type(org.hr).objects.filter(pk=org.hr.pk).update(**change)
    refused = scim.get("Users")
    assert refused.status_code == 401
    assert "no longer HR" in refused.content.decode()
