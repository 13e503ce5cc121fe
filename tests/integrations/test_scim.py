"""SCIM provisioning as Entra ID does it, against Aktiv's real views and database."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.integrations.models import IntegrationToken
from aktiv.integrations.tokens import token_create, token_revoke
from aktiv.people.models import Person, Unit

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response
from .conftest import ENTERPRISE, Scim, user_body

pytestmark = pytest.mark.django_db


def test_create_a_user_with_manager_and_department(org, scim):
    body = user_body(
        "ny.person@example.no",
        externalId="entra-1",
        **{ENTERPRISE: {"department": "Oppvekst", "manager": {"value": str(org.leader.uuid)}}},
    )
    result = scim.post("Users", body)
    assert result.status_code == 201, result.content
    data = result.json()
    person = Person.objects.get(uuid=data["id"])
    assert (person.email, person.full_name, person.unit, person.leader) == (
        "ny.person@example.no",
        "Ny Person",
        org.unit,
        org.leader,
    )
    assert result["Location"].endswith(f"/scim/v2/Users/{person.uuid}")
    assert data["userName"] == "ny.person@example.no"
    assert data["externalId"] == "entra-1"
    assert data[ENTERPRISE]["manager"]["value"] == str(org.leader.uuid)
    assert data[ENTERPRISE]["department"] == "Oppvekst"
    actions = set(ActionEntry.objects.values_list("action", flat=True))
    assert {"person_create", "scim_user_create"} <= actions
    assert IntegrationToken.objects.get().last_used_at is not None


def test_a_second_user_with_the_same_user_name_conflicts(scim):
    assert scim.post("Users", user_body("a@example.no")).status_code == 201
    result = scim.post("Users", user_body("a@example.no"))
    assert result.status_code == 409
    assert result.json()["scimType"] == "uniqueness"
    assert Person.objects.filter(email="a@example.no").count() == 1


def test_filter_by_user_name_finds_people_made_by_hr_too(org, scim):
    result = scim.get(f'Users?filter=userName eq "{org.employee.email}"')
    assert result.status_code == 200
    data = result.json()
    assert data["totalResults"] == 1
    assert data["Resources"][0]["id"] == str(org.employee.uuid)
    assert scim.get('Users?filter=userName eq "nobody@example.no"').json()["totalResults"] == 0


def test_an_unsupported_filter_is_a_clear_400(scim):
    result = scim.get('Users?filter=title co "x"')
    assert result.status_code == 400
    assert result.json()["scimType"] == "invalidFilter"


def test_administrators_are_not_visible_to_provisioning(org, scim):
    result = scim.get(f'Users?filter=userName eq "{org.admin.email}"')
    assert result.json()["totalResults"] == 0
    assert scim.get(f"Users/{org.admin.uuid}").status_code == 404


def test_entra_patch_deactivates_and_ends_every_session(org, scim):
    employee = client_for(org.employee)
    assert employee.get("/").status_code == 200
    assert Session.objects.count() >= 1
    result = scim.patch(
        f"Users/{org.employee.uuid}", [{"op": "Replace", "path": "active", "value": "False"}]
    )
    assert result.status_code == 200, result.content
    assert result.json()["active"] is False
    org.employee.refresh_from_db()
    assert not org.employee.is_active
    mine = [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(org.employee.pk)
    ]
    assert mine == []
    assert employee.get("/").status_code == 302
    assert ActionEntry.objects.filter(action="person_deactivate").exists()


def test_entra_path_less_replace_with_string_false(org, scim):
    result = scim.patch(
        f"Users/{org.colleague.uuid}",
        [{"op": "Replace", "value": {"active": "False", "displayName": "Kari K."}}],
    )
    assert result.status_code == 200, result.content
    org.colleague.refresh_from_db()
    assert not org.colleague.is_active


def test_entra_manager_patch_changes_the_leader_and_ends_sharing(org, scim):
    response = submitted_response(org.employee)
    response.share_with_leader()
    leader_client = client_for(org.leader)
    page = reverse("assessments:response", args=[response.uuid])
    assert leader_client.get(page).status_code == 200
    result = scim.patch(
        f"Users/{org.employee.uuid}",
        [{"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(org.other_leader.uuid)}],
    )
    assert result.status_code == 200, result.content
    org.employee.refresh_from_db()
    assert org.employee.leader == org.other_leader
    assert leader_client.get(page).status_code == 404
    assert ActionEntry.objects.filter(action="person_update").exists()


def test_a_manager_that_would_make_a_ring_is_refused(org, scim):
    result = scim.patch(
        f"Users/{org.leader.uuid}",
        [{"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": str(org.employee.uuid)}],
    )
    assert result.status_code == 400
    org.leader.refresh_from_db()
    assert org.leader.leader is None


def test_removing_the_manager(org, scim):
    result = scim.patch(
        f"Users/{org.employee.uuid}", [{"op": "Remove", "path": f"{ENTERPRISE}:manager"}]
    )
    assert result.status_code == 200, result.content
    org.employee.refresh_from_db()
    assert org.employee.leader is None


def test_patch_name_and_email_by_filter_path(org, scim):
    created = scim.post("Users", user_body("navn@example.no")).json()
    result = scim.patch(
        f"Users/{created['id']}",
        [
            {"op": "Replace", "path": "name.givenName", "value": "Nytt"},
            {"op": "Replace", "path": "name.formatted", "value": "Nytt Navn"},
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "nytt@example.no"},
            {"op": "Replace", "path": "userName", "value": "nytt@example.no"},
        ],
    )
    assert result.status_code == 200, result.content
    person = Person.objects.get(uuid=created["id"])
    assert (person.full_name, person.email) == ("Nytt Navn", "nytt@example.no")


def test_put_replaces_and_reactivates(org, scim):
    created = scim.post("Users", user_body("put@example.no", active=False)).json()
    person = Person.objects.get(uuid=created["id"])
    assert not person.is_active
    body = user_body("put@example.no", **{ENTERPRISE: {"department": "Ny avdeling"}})
    result = scim.put(f"Users/{created['id']}", body)
    assert result.status_code == 200, result.content
    person.refresh_from_db()
    assert person.is_active
    assert person.unit == Unit.objects.get(name="Ny avdeling")


def test_delete_deactivates_and_hides(org, scim):
    created = scim.post("Users", user_body("slett@example.no")).json()
    assert scim.delete(f"Users/{created['id']}").status_code == 204
    assert scim.get(f"Users/{created['id']}").status_code == 404
    person = Person.objects.get(uuid=created["id"])
    assert not person.is_active
    assert ActionEntry.objects.filter(action="scim_user_delete").exists()


def test_discovery_endpoints(scim):
    config = scim.get("ServiceProviderConfig").json()
    assert config["patch"]["supported"] is True
    assert config["bulk"]["supported"] is False
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim.get("ResourceTypes").json()
    assert [t["id"] for t in types["Resources"]] == ["User"]
    schemas = scim.get("Schemas").json()
    user = next(s for s in schemas["Resources"] if s["id"].endswith("core:2.0:User"))
    assert {a["name"] for a in user["attributes"]} == {
        "userName",
        "name",
        "displayName",
        "active",
        "emails",
    }
    assert scim.get(f"Schemas/{ENTERPRISE}").status_code == 200
    assert scim.get("Schemas/urn:nope").status_code == 404


def test_no_token_a_wrong_token_and_a_revoked_token_are_refused(org, scim):
    assert Client().get("/scim/v2/Users", secure=True).status_code == 401
    assert Scim("aktiv_wrong").get("Users").status_code == 401
    made = token_create(actor=org.hr, name="Gammel", scopes=["scim"])
    assert Scim(made.secret).get("Users").status_code == 200
    token_revoke(actor=org.hr, token=made.token)
    assert Scim(made.secret).get("Users").status_code == 401


def test_a_token_without_the_scim_scope_is_refused(org):
    made = token_create(actor=org.hr, name="API", scopes=["insights:read"])
    result = Scim(made.secret).post("Users", user_body("x@example.no"))
    assert result.status_code == 403
    assert not Person.objects.filter(email="x@example.no").exists()


def test_a_session_is_no_way_in(org):
    for person in (org.hr, org.admin, org.employee):
        assert client_for(person).get("/scim/v2/Users", secure=True).status_code == 401


def test_plain_http_is_refused_in_production(org, scim, settings):
    settings.INTEGRATIONS_REQUIRE_HTTPS = True
    result = scim.client.get("/scim/v2/Users")
    assert result.status_code == 403
    proxied = scim.client.get("/scim/v2/Users", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 403  # no proxy header is trusted unless configured
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert scim.client.get("/scim/v2/Users", HTTP_X_FORWARDED_PROTO="https").status_code == 200


def test_bad_json_and_missing_user_name_are_400(scim):
    result = scim.client.post(
        "/scim/v2/Users", "{nope", content_type="application/scim+json", secure=True
    )
    assert result.status_code == 400
    result = scim.post("Users", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    assert result.status_code == 400
    assert Person.objects.filter(full_name="Ny Person").count() == 0


def test_a_user_name_that_is_no_address_uses_the_primary_email(scim):
    body = user_body("x@example.no")
    body["userName"] = "ola"
    body["emails"] = [{"value": "ola@example.no", "primary": True}]
    result = scim.post("Users", body)
    assert result.status_code == 201, result.content
    assert result.json()["userName"] == "ola"
    assert Person.objects.filter(email="ola@example.no").exists()
    assert scim.get('Users?filter=userName eq "ola"').json()["totalResults"] == 1


def test_paging(scim, org):
    PersonFactory.create_batch(5)
    data = scim.get("Users?startIndex=2&count=3").json()
    assert data["startIndex"] == 2 and data["itemsPerPage"] == 3
    assert data["totalResults"] == Person.objects.hr_editable().count()


def test_entra_path_less_dotted_keys_and_extension_urns(org, scim):
    created = scim.post("Users", user_body("dotted@example.no")).json()
    result = scim.patch(
        f"Users/{created['id']}",
        [
            {
                "op": "Add",
                "value": {
                    "name.formatted": "Dotte Dott",
                    "externalId": "entra-42",
                    f"{ENTERPRISE}:department": "Teknisk",
                    f"{ENTERPRISE}:manager": str(org.other_leader.uuid),
                },
            }
        ],
    )
    assert result.status_code == 200, result.content
    person = Person.objects.get(uuid=created["id"])
    assert (person.full_name, person.unit, person.leader) == (
        "Dotte Dott",
        org.other_unit,
        org.other_leader,
    )
    assert scim.get('Users?filter=externalId eq "entra-42"').json()["totalResults"] == 1
