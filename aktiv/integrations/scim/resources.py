"""What Aktiv publishes about itself over SCIM (RFC 7643/7644), and how a person is shown as
a SCIM User: built with scim2-models, trimmed to the attributes Aktiv keeps, so that a
client (and scim2-tester) only sends what is stored."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from scim2_models import (
    EnterpriseUser,
    Meta,
    Required,
    ResourceType,
    Schema,
    ServiceProviderConfig,
    User,
)

from aktiv.people.models import Person

ScimUser = User[EnterpriseUser]
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
MAX_RESULTS = 200

# The attributes Aktiv keeps; the rest of RFC 7643's User is not published and is ignored
# when sent (a photo, a phone number or an address is nothing Aktiv needs to know).
USER_ATTRIBUTES = ("userName", "name", "displayName", "active", "emails")
ENTERPRISE_ATTRIBUTES = ("department", "manager")


def base_url() -> str:
    return settings.SITE_URL + reverse("scim:users").removesuffix("/Users")


def _trimmed(schema: Schema, keep: tuple[str, ...]) -> Schema:
    schema.attributes = [a for a in schema.attributes or [] if a.name in keep]
    for attribute in schema.attributes:
        if attribute.name == "emails":
            # Everyone signs in to Aktiv with an e-mail address: a userName that is not
            # one (Entra sends the UPN, which usually is) needs the address here.
            attribute.required = Required.true
            for sub in attribute.sub_attributes or []:
                sub.required = Required.true if sub.name == "value" else Required.false
    return schema


def schemas() -> list[Schema]:
    found = []
    for schema in (
        _trimmed(User.to_schema(), USER_ATTRIBUTES),
        _trimmed(EnterpriseUser.to_schema(), ENTERPRISE_ATTRIBUTES),
    ):
        schema.meta = Meta(resource_type="Schema", location=f"{base_url()}/Schemas/{schema.id}")
        found.append(schema)
    return found


def resource_types() -> list[ResourceType]:
    return [
        ResourceType.model_validate(
            {
                "id": "User",
                "name": "User",
                "endpoint": "/Users",
                "description": "Personer i Aktiv",
                "schema": USER,
                "schemaExtensions": [{"schema": ENTERPRISE, "required": False}],
                "meta": {
                    "resourceType": "ResourceType",
                    "location": f"{base_url()}/ResourceTypes/User",
                },
            }
        )
    ]


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig.model_validate(
        {
            "documentationUri": "https://github.com/aktiv/aktiv#provisioning-scim-20",
            "patch": {"supported": True},
            "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": True, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": False},
            "sort": {"supported": False},
            "etag": {"supported": False},
            "authenticationSchemes": [
                {
                    "type": "oauthbearertoken",
                    "name": "Bearer token",
                    # Protocol metadata for the identity system's administrators: English, as SCIM.
                    "description": "An integration token with the scope scim, made by HR in Aktiv.",
                    "primary": True,
                }
            ],
            "meta": {
                "resourceType": "ServiceProviderConfig",
                "location": f"{base_url()}/ServiceProviderConfig",
            },
        }
    )


def user_location(person: Person) -> str:
    return f"{base_url()}/Users/{person.uuid}"


def _stored(person: Person) -> tuple[str | None, dict[str, Any], str]:
    link = getattr(person, "scim_link", None)
    if link is None:
        return None, {}, person.email
    return link.external_id or None, dict(link.attributes), link.user_name


def _consistent_name(person: Person, name: Any) -> bool:
    if not isinstance(name, dict):
        return False
    return person.full_name in (
        name.get("formatted"),
        " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p),
    )


def _consistent_emails(person: Person, emails: Any) -> bool:
    return isinstance(emails, list) and any(
        isinstance(e, dict) and str(e.get("value", "")).lower() == person.email for e in emails
    )


def user_document(person: Person) -> dict[str, Any]:
    """The person as SCIM sees them. What Aktiv knows (address, unit, leader, whether
    active) wins; for a person provisioned over SCIM, the optional attributes appear as
    the identity system last sent them (an attribute it removed stays away), and the
    shape it sent (name parts, e-mail types) is kept where it still fits."""
    linked = getattr(person, "scim_link", None) is not None
    external_id, stored, user_name = _stored(person)
    enterprise = dict(stored.get(ENTERPRISE) or {})
    name, emails = stored.get("name"), stored.get("emails")
    department = enterprise.get("department") if linked else None
    if person.unit is None:
        department = None
    elif (department or not linked) and str(department).lower() != person.unit.name.lower():
        department = person.unit.name
    extension: dict[str, Any] = {"department": department} if department else {}
    if person.leader is not None:
        extension["manager"] = {
            "value": str(person.leader.uuid),
            "$ref": user_location(person.leader),
        }
    if linked:
        shown_name = name if _consistent_name(person, name) else None
        if name and shown_name is None:
            shown_name = {"formatted": person.full_name}
    else:
        shown_name = {"formatted": person.full_name}
    document: dict[str, Any] = {
        "schemas": [USER, ENTERPRISE] if extension else [USER],
        "id": str(person.uuid),
        "externalId": external_id,
        "userName": user_name,
        "name": shown_name,
        "displayName": stored.get("displayName") if linked else person.full_name,
        "active": person.is_active if (not linked or "active" in stored) else None,
        "emails": emails
        if _consistent_emails(person, emails)
        else [{"value": person.email, "type": "work", "primary": True}],
        "meta": {
            "resourceType": "User",
            "created": person.date_joined.isoformat(),
            "lastModified": (
                person.scim_link.updated_at if linked else person.date_joined
            ).isoformat(),
            "location": user_location(person),
        },
    }
    if extension:
        document[ENTERPRISE] = extension
    return {key: value for key, value in document.items() if value is not None}
