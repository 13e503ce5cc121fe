"""The rules of the unit tree and of people, leaders and the HR role (organisation/services.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from aktiv.audit.models import ActionEntry
from aktiv.people.models import Person, Unit
from aktiv.people.organisation import services
from aktiv.people.units import unit_tree
from tests.factories import PersonFactory, UnitFactory


def _actions(name: str) -> int:
    return ActionEntry.objects.filter(action=name).count()


def test_unit_create_and_rename_and_move_are_logged(org):
    top = services.unit_create(actor=org.hr, name=" Fjordvik ", parent=None)
    child = services.unit_create(actor=org.hr, name="Oppvekst og kultur", parent=top)
    assert top.name == "Fjordvik"
    services.unit_update(actor=org.hr, unit=org.unit, name="Skole", parent=child)
    org.unit.refresh_from_db()
    assert (org.unit.name, org.unit.parent) == ("Skole", child)
    assert _actions("unit_create") == 2
    assert _actions("unit_update") == 1


def test_unit_cannot_move_under_itself_or_its_descendants(org):
    child = services.unit_create(actor=org.hr, name="Barn", parent=org.unit)
    grandchild = services.unit_create(actor=org.hr, name="Barnebarn", parent=child)
    for parent in (org.unit, grandchild):
        with pytest.raises(ValidationError) as error:
            services.unit_update(actor=org.hr, unit=org.unit, name="Oppvekst", parent=parent)
        assert "under seg selv" in str(error.value)
    org.unit.refresh_from_db()
    assert org.unit.parent is None


def test_unit_name_is_unique_under_the_same_parent_regardless_of_case(org):
    services.unit_create(actor=org.hr, name="Skole", parent=org.unit)
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.unit_create(actor=org.hr, name="skole", parent=org.unit)
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.unit_update(actor=org.hr, unit=org.other_unit, name="Oppvekst", parent=None)
    # The same name elsewhere in the tree is fine.
    services.unit_create(actor=org.hr, name="Skole", parent=org.other_unit)


def test_unit_name_cannot_hold_the_path_separator(org):
    with pytest.raises(ValidationError, match="«/»"):
        services.unit_create(actor=org.hr, name="Drift / IT", parent=None)


def test_unit_delete_refuses_people_and_children(org):
    with pytest.raises(ValidationError, match="personer"):
        services.unit_delete(actor=org.hr, unit=org.unit)
    parent = services.unit_create(actor=org.hr, name="Tom", parent=None)
    child = services.unit_create(actor=org.hr, name="Under", parent=parent)
    with pytest.raises(ValidationError, match="underenheter"):
        services.unit_delete(actor=org.hr, unit=parent)
    # A deactivated member still holds the unit: their history points at it.
    PersonFactory.create(unit=child, is_active=False)
    with pytest.raises(ValidationError, match="deaktiverte"):
        services.unit_delete(actor=org.hr, unit=child)


def test_unit_delete_removes_an_empty_leaf(org):
    empty = services.unit_create(actor=org.hr, name="Tom", parent=org.unit)
    services.unit_delete(actor=org.hr, unit=empty)
    assert not Unit.objects.filter(pk=empty.pk).exists()
    assert _actions("unit_delete") == 1


def test_unit_tree_counts_active_people_in_two_queries_at_most(org, django_assert_max_num_queries):
    child = UnitFactory.create(name="Barnehage", parent=org.unit)
    PersonFactory.create(unit=child)
    PersonFactory.create(unit=child, is_active=False)
    with django_assert_max_num_queries(1):
        tree = unit_tree()
    by_name = {node.unit.name: node for node in tree}
    # Oppvekst: leader, employee, colleague, HR.
    assert by_name["Oppvekst"].active_people == 4
    assert by_name["Oppvekst"].active_with_children == 5
    assert by_name["Barnehage"].depth == 1
    assert by_name["Barnehage"].path == "Oppvekst / Barnehage"
    assert [n.unit.name for n in tree].index("Barnehage") == 1 + [n.unit.name for n in tree].index(
        "Oppvekst"
    )


def _create(org, **overrides):
    values = {
        "actor": org.hr,
        "email": "Ny.Person@Example.no",
        "full_name": "Ny Person",
        "unit": org.unit,
        "leader": org.leader,
        "is_hr": False,
    }
    return services.person_create(**(values | overrides))


def test_person_create_lowercases_email_and_leaves_no_usable_password(org):
    person = _create(org)
    assert person.email == "ny.person@example.no"
    assert not person.has_usable_password()
    assert person.leader == org.leader
    assert _actions("person_create") == 1


def test_person_email_is_unique_regardless_of_case(org):
    with pytest.raises(ValidationError, match="allerede"):
        _create(org, email=org.employee.email.upper())
    with pytest.raises(ValidationError, match="allerede"):
        services.person_update(
            actor=org.hr,
            person=org.colleague,
            email=org.employee.email.upper(),
            full_name="Kari",
            unit=org.unit,
            leader=org.leader,
            is_hr=False,
        )


def _update(org, person: Person, **overrides):
    values = {
        "actor": org.hr,
        "person": person,
        "email": person.email,
        "full_name": person.full_name,
        "unit": person.unit,
        "leader": person.leader,
        "is_hr": person.is_hr,
    }
    return services.person_update(**(values | overrides))


def test_person_cannot_lead_themselves_or_close_a_ring(org):
    with pytest.raises(ValidationError, match="seg selv"):
        _update(org, org.leader, leader=org.leader)
    # employee → leader; leader → employee would be a ring.
    with pytest.raises(ValidationError, match="ring"):
        _update(org, org.leader, leader=org.employee)
    deeper = PersonFactory.create(leader=org.employee)
    with pytest.raises(ValidationError, match="ring"):
        _update(org, org.leader, leader=deeper)
    org.leader.refresh_from_db()
    assert org.leader.leader is None


def test_person_update_changes_and_logs(org):
    _update(org, org.employee, full_name="Emma Ny", unit=org.other_unit, leader=org.other_leader)
    org.employee.refresh_from_db()
    assert (org.employee.full_name, org.employee.unit, org.employee.leader) == (
        "Emma Ny",
        org.other_unit,
        org.other_leader,
    )
    assert _actions("person_update") == 1


def test_a_deactivated_leader_cannot_be_chosen(org):
    org.other_leader.is_active = False
    org.other_leader.save()
    with pytest.raises(ValidationError, match="deaktivert"):
        _update(org, org.employee, leader=org.other_leader)


def test_hr_cannot_remove_their_own_hr_role_but_can_give_and_take_others(org):
    with pytest.raises(ValidationError, match="egen HR-rolle"):
        _update(org, org.hr, is_hr=False)
    org.hr.refresh_from_db()
    assert org.hr.is_hr
    _update(org, org.employee, is_hr=True)
    _update(org, org.employee, is_hr=False)
    org.employee.refresh_from_db()
    assert not org.employee.is_hr


def test_deactivate_and_reactivate(org):
    services.person_deactivate(actor=org.hr, person=org.employee)
    org.employee.refresh_from_db()
    assert not org.employee.is_active
    services.person_reactivate(actor=org.hr, person=org.employee)
    org.employee.refresh_from_db()
    assert org.employee.is_active
    assert _actions("person_deactivate") == _actions("person_reactivate") == 1


def test_hr_cannot_deactivate_themselves(org):
    with pytest.raises(ValidationError, match="deg selv"):
        services.person_deactivate(actor=org.hr, person=org.hr)
    org.hr.refresh_from_db()
    assert org.hr.is_active


def test_administrators_and_erased_people_are_not_editable_here(org):
    from aktiv.people.privacy import person_erase

    gone = PersonFactory.create(is_active=False)
    person_erase(person=gone, actor=org.hr)
    editable = set(services.editable_people())
    assert org.admin not in editable
    assert gone not in editable
    assert org.employee in editable


def test_names_are_refused_beyond_their_length(org):
    with pytest.raises(ValidationError) as refused:
        services.unit_create(actor=org.hr, name="x" * 201, parent=None)
    assert list(refused.value.message_dict) == ["name"]
    assert not Unit.objects.filter(name__startswith="xxx").exists()
