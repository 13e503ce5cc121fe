"""Provisioning writes: a SCIM User document becomes a person through the same services as
HR's person form (people/organisation/services.py), so the same rules hold (a free e-mail
address, no ring of leaders, sharing with an old leader ends, a changed address signs the
person out and tells the old one). Every write is also logged as a SCIM action, with the
token's creator as the actor."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from aktiv.audit.services import action_log
from aktiv.people.models import Person, Unit
from aktiv.people.organisation import services as organisation

from ..models import IntegrationToken, ScimLink
from .resources import ENTERPRISE


class ScimError(Exception):
    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


@dataclass(frozen=True)
class Wanted:
    """What a User document asks of a person, in Aktiv's terms."""

    user_name: str
    email: str
    full_name: str  # empty: keep the person's name
    active: bool | None  # None: not said, left as it is
    external_id: str
    department: str | None
    manager_id: str | None
    attributes: dict[str, Any]


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _email(document: dict[str, Any], user_name: str) -> str:
    """userName when it is an address (Entra sends the UPN), else the primary e-mail."""
    if _is_email(user_name):
        return user_name.lower()
    emails = [e for e in document.get("emails") or [] if isinstance(e, dict) and e.get("value")]
    emails.sort(key=lambda e: not e.get("primary"))
    for entry in emails:
        if _is_email(str(entry["value"])):
            return str(entry["value"]).lower()
    raise ScimError(400, "userName or emails must hold an e-mail address", "invalidValue")


def _full_name(document: dict[str, Any]) -> str:
    name = document.get("name") or {}
    parts = " ".join(p for p in (name.get("givenName"), name.get("familyName")) if p)
    return str(name.get("formatted") or parts or document.get("displayName") or "")


def wanted(document: dict[str, Any]) -> Wanted:
    user_name = str(document.get("userName") or "").strip()
    if not user_name:
        raise ScimError(400, "userName is required", "invalidValue")
    enterprise = document.get(ENTERPRISE) or {}
    manager = enterprise.get("manager")
    manager_id = manager.get("value") if isinstance(manager, dict) else manager
    kept = {
        key: document[key]
        for key in ("name", "displayName", "emails", "active")
        if document.get(key) is not None
    }
    if enterprise.get("department"):
        kept[ENTERPRISE] = {"department": enterprise["department"]}
    return Wanted(
        user_name=user_name,
        email=_email(document, user_name),
        full_name=_full_name(document).strip()[:200],
        active=document.get("active"),
        external_id=str(document.get("externalId") or "")[:200],
        department=str(enterprise["department"]) if enterprise.get("department") else None,
        manager_id=str(manager_id) if manager_id else None,
        attributes=kept,
    )


def _leader(manager_id: str | None, person: Person | None) -> Person | None:
    if not manager_id:
        return None
    leader = Person.objects.filter(uuid=manager_id).first() if _uuidish(manager_id) else None
    if leader is None:
        raise ScimError(400, f"manager {manager_id} is not a known User", "invalidValue")
    return leader


def _uuidish(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _unit(actor: Person, department: str | None, current: Unit | None) -> Unit | None:
    """The unit named by `department` (case-insensitive), made at the top when there is
    none; without a department the person stays where they are."""
    if not department:
        return current
    if current is not None and current.name.lower() == department.lower():
        return current
    found = Unit.objects.filter(name__iexact=department.strip()).order_by("pk").first()
    if found is not None:
        return found
    return organisation.unit_create(actor=actor, name=department.replace("/", "-"), parent=None)


def _link(person: Person, want: Wanted) -> None:
    ScimLink.objects.update_or_create(
        person=person,
        defaults={
            "user_name": want.user_name,
            "external_id": want.external_id,
            "attributes": want.attributes,
        },
    )


def _actor(token: IntegrationToken) -> Person:
    if token.created_by is None or not token.created_by.is_active:
        raise ScimError(403, "The token's owner is gone; make a new token")
    return token.created_by


def _unique(want: Wanted, person: Person | None) -> None:
    links = ScimLink.objects.filter(user_name__iexact=want.user_name)
    if person is not None:
        links = links.exclude(person=person)
    if links.exists():
        raise ScimError(409, "userName is already in use", "uniqueness")


@transaction.atomic
def user_create(*, token: IntegrationToken, document: dict[str, Any]) -> Person:
    actor, want = _actor(token), wanted(document)
    _unique(want, None)
    if Person.objects.filter(email__iexact=want.email).exists():
        raise ScimError(409, "A person with this e-mail address exists", "uniqueness")
    person = organisation.person_create(
        actor=actor,
        email=want.email,
        full_name=want.full_name or want.user_name.split("@")[0],
        unit=_unit(actor, want.department, None),
        leader=_leader(want.manager_id, None),
        is_hr=False,
    )
    _link(person, want)
    if want.active is False:
        organisation.person_deactivate(actor=actor, person=person)
    action_log(actor=actor, action="scim_user_create", obj=person)
    return person


@transaction.atomic
def user_replace(*, token: IntegrationToken, person: Person, document: dict[str, Any]) -> Person:
    """PUT, and PATCH once applied to the current document."""
    actor, want = _actor(token), wanted(document)
    _unique(want, person)
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("unit", "leader")
        .get(pk=person.pk)
    )
    unit = _unit(actor, want.department, person.unit)
    leader = _leader(want.manager_id, person)
    full_name = want.full_name or person.full_name
    if (want.email, full_name, unit, leader) != (
        person.email,
        person.full_name,
        person.unit,
        person.leader,
    ):
        organisation.person_update(
            actor=actor,
            person=person,
            email=want.email,
            full_name=full_name,
            unit=unit,
            leader=leader,
            is_hr=person.is_hr,
        )
    if want.active is True and not person.is_active:
        organisation.person_reactivate(actor=actor, person=person)
    elif want.active is False and person.is_active:
        organisation.person_deactivate(actor=actor, person=person)
    _link(person, want)
    action_log(actor=actor, action="scim_user_update", obj=person)
    return person


@transaction.atomic
def user_delete(*, token: IntegrationToken, person: Person) -> None:
    """A deletion deactivates: the person's history stays (erasure is HR's decision,
    under *Personvern*), and SCIM no longer sees them."""
    actor = _actor(token)
    organisation.person_deactivate(actor=actor, person=person)
    ScimLink.objects.update_or_create(
        person=person, defaults={"user_name": f"deleted:{person.uuid}", "deleted": True}
    )
    action_log(actor=actor, action="scim_user_delete", obj=person)
