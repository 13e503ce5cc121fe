"""HR manages the organisation (PRODUCT.md 2.5): the unit tree, people, leaders and the HR
role. Every change is validated here, saved in one transaction and written to the action
log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib import hooks
from aktiv.lib.validation import check_lengths

from ..models import Person, Unit
from ..services import email_change, email_validate, sessions_end
from .importer import ImportReport, ImportRow, UnitKey, import_check, known_units, unit_key


def _unit_validate(*, unit: Unit | None, name: str, parent: Unit | None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Skriv et navn på enheten.")})
    check_lengths(Unit, name=name)
    if "/" in name:
        # The import addresses units by path, with "/" between the levels.
        raise ValidationError({"name": _("Navnet kan ikke inneholde «/».")})
    node = parent
    while node is not None and unit is not None:
        if node.pk == unit.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "En enhet kan ikke ligge under seg selv eller en av sine underenheter."
                    )
                }
            )
        node = node.parent
    siblings = Unit.objects.filter(parent=parent, name__iexact=name)
    if unit is not None:
        siblings = siblings.exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError(
            {
                "name": _("Det finnes allerede en enhet som heter «%(name)s» på samme sted.")
                % {"name": name}
            }
        )
    return name


@transaction.atomic
def unit_create(*, actor: Person, name: str, parent: Unit | None) -> Unit:
    name = _unit_validate(unit=None, name=name, parent=parent)
    unit = Unit.objects.create(name=name, parent=parent)
    action_log(actor=actor, action="unit_create", obj=unit)
    return unit


@transaction.atomic
def unit_update(*, actor: Person, unit: Unit, name: str, parent: Unit | None) -> Unit:
    """Rename and/or move a unit; its people and sub-units move with it."""
    name = _unit_validate(unit=unit, name=name, parent=parent)
    if name == unit.name and parent == unit.parent:
        return unit
    unit.name, unit.parent = name, parent
    unit.save(update_fields=["name", "parent"])
    action_log(actor=actor, action="unit_update", obj=unit)
    return unit


@transaction.atomic
def unit_delete(*, actor: Person, unit: Unit) -> None:
    """Only an empty leaf goes: people (also deactivated ones, whose history points at the
    unit) and sub-units must be moved first."""
    if Unit.objects.filter(parent=unit).exists():
        raise ValidationError(_("Enheten har underenheter. Flytt eller slett dem først."))
    if Person.objects.filter(unit=unit).exists():
        raise ValidationError(
            _(
                "Enheten har fortsatt personer (også deaktiverte teller). "
                "Flytt dem til en annen enhet først."
            )
        )
    action_log(actor=actor, action="unit_delete", obj=unit)
    unit.delete()


def leader_cycle(*, person: Person | None, leader: Person | None) -> bool:
    """Would `leader` as the leader of `person` make a loop (including leading oneself)?"""
    if person is None or person.pk is None or leader is None:
        return False
    seen: set[int] = set()
    node: Person | None = leader
    while node is not None and node.pk not in seen:
        if node.pk == person.pk:
            return True
        seen.add(node.pk)
        node = node.leader
    return False


def editable_people() -> QuerySet[Person]:
    """The people HR may change here and by import (Person.objects.hr_editable)."""
    return Person.objects.hr_editable()


def _person_validate(
    *, person: Person | None, email: str, full_name: str, leader: Person | None
) -> tuple[str, str]:
    full_name = full_name.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Skriv navnet.")})
    email = email_validate(person=person, email=email)
    check_lengths(Person, email=email, full_name=full_name)
    if leader is not None and person is not None and leader.pk == person.pk:
        raise ValidationError({"leader": _("En person kan ikke lede seg selv.")})
    if leader_cycle(person=person, leader=leader):
        raise ValidationError(
            {
                "leader": _(
                    "%(leader)s ledes allerede (direkte eller lenger ned) av denne personen. "
                    "Det ville gi en ring av ledere."
                )
                % {"leader": leader}
            }
        )
    if leader is not None and not leader.is_active:
        raise ValidationError({"leader": _("Lederen er deaktivert.")})
    return email, full_name


@transaction.atomic
def person_create(
    *,
    actor: Person,
    email: str,
    full_name: str,
    unit: Unit | None,
    leader: Person | None,
    is_hr: bool,
) -> Person:
    """A new person signs in by setting a password through "Glemt passordet?"; nobody,
    HR included, ever knows it."""
    email, full_name = _person_validate(
        person=None, email=email, full_name=full_name, leader=leader
    )
    person = Person(email=email, full_name=full_name, unit=unit, leader=leader, is_hr=is_hr)
    person.set_unusable_password()
    person.save()
    action_log(actor=actor, action="person_create", obj=person)
    hooks.people_changed([person])
    hooks.event("welcome", people=[person])
    return person


@transaction.atomic
def person_update(
    *,
    actor: Person,
    person: Person,
    email: str,
    full_name: str,
    unit: Unit | None,
    leader: Person | None,
    is_hr: bool,
) -> Person:
    """A new address goes through email_change: the person is signed out everywhere, and
    the old address is told and can undo it."""
    if person.pk == actor.pk and person.is_hr and not is_hr:
        # Otherwise the last HR person could lock the organisation out of its own setup.
        raise ValidationError({"is_hr": _("Du kan ikke fjerne din egen HR-rolle.")})
    email, full_name = _person_validate(
        person=person, email=email, full_name=full_name, leader=leader
    )
    email_change(actor=actor, person=person, email=email)
    person.full_name = full_name
    person.unit, person.leader, person.is_hr = unit, leader, is_hr
    person.save(update_fields=["full_name", "unit", "leader", "is_hr"])
    action_log(actor=actor, action="person_update", obj=person)
    hooks.people_changed([person])
    return person


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> None:
    """A person who has left keeps their history but can no longer sign in: every session
    of theirs ends at once."""
    if person.pk == actor.pk:
        raise ValidationError(_("Du kan ikke deaktivere deg selv."))
    if not person.is_active:
        return
    person.is_active = False
    person.save(update_fields=["is_active"])
    sessions_end(person)
    action_log(actor=actor, action="person_deactivate", obj=person)


@transaction.atomic
def person_reactivate(*, actor: Person, person: Person) -> None:
    if person.is_active:
        return
    person.is_active = True
    person.save(update_fields=["is_active"])
    action_log(actor=actor, action="person_reactivate", obj=person)
    hooks.people_changed([person])


def _units_ensure(*, actor: Person, rows: list[ImportRow]) -> dict[UnitKey, Unit]:
    """Every unit on every row's path, created top-down where missing."""
    ids, _paths = known_units()
    units = Unit.objects.in_bulk(list(ids.values()))
    by_key = {key: units[pk] for key, pk in ids.items()}
    for row in rows:
        parent: Unit | None = None
        for depth in range(1, len(row.unit_path) + 1):
            key = unit_key(row.unit_path[:depth])
            if key not in by_key:
                by_key[key] = Unit.objects.create(name=row.unit_path[depth - 1], parent=parent)
                action_log(actor=actor, action="unit_create", obj=by_key[key])
            parent = by_key[key]
    return by_key


@transaction.atomic
def organisation_import(*, actor: Person, filename: str, data: bytes, apply: bool) -> ImportReport:
    """Check a file and, when asked and the file is clean, apply it: units along every path,
    people created or updated by e-mail, then leaders once everyone exists. The check runs
    inside the same transaction, so what the report promises is what is written. People not
    in the file are left as they are: leaving is a deactivation, done one by one."""
    report = import_check(filename=filename, data=data, actor=actor)
    if not apply or not report.ok:
        return report
    units = _units_ensure(actor=actor, rows=report.rows)
    created = {change.email for change in report.created}
    changed = created | {change.email for change in report.updated}
    new_people = []
    for row in report.rows:
        if row.email in created:
            person = Person(email=row.email, full_name=row.full_name, unit=units[row.unit_key])
            person.set_unusable_password()
            new_people.append(person)
    Person.objects.bulk_create(new_people)
    wanted = changed | {row.leader_email for row in report.rows if row.email in changed}
    people = {
        person.email.lower(): person
        for person in Person.objects.annotate(lower_email=Lower("email")).filter(
            lower_email__in=wanted
        )
    }
    for row in report.rows:
        if row.email in changed:
            person = people[row.email]
            person.full_name, person.unit, person.is_hr = (
                row.full_name,
                units[row.unit_key],
                row.is_hr,
            )
            person.leader = people[row.leader_email] if row.leader_email else None
    Person.objects.bulk_update(
        [people[email] for email in changed], ["full_name", "unit", "is_hr", "leader"]
    )
    for email in sorted(changed):
        action = "person_import_create" if email in created else "person_import_update"
        action_log(actor=actor, action=action, obj=people[email])
    hooks.people_changed(people[email] for email in changed)
    hooks.event("welcome", people=[people[email] for email in sorted(created)])
    report.applied = True
    return report
