"""The person and unit forms take a unit as its path (or its name when no other unit has it)
and a leader as their e-mail address, so no page lists every unit or person. Input that
finds nobody, or more than one unit, is a message on the form (400) and nothing is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiv.people.models import Person, Unit
from aktiv.people.units import unit_find
from tests.conftest import client_for
from tests.factories import PersonFactory, UnitFactory


@pytest.fixture
def schools(org):
    """Two units called Skole: Oppvekst / Skole and Teknisk / Skole."""
    return (
        UnitFactory.create(name="Skole", parent=org.unit),
        UnitFactory.create(name="Skole", parent=org.other_unit),
    )


def test_a_unit_is_found_by_its_path_the_end_of_it_or_a_unique_name(org, schools):
    assert unit_find("Oppvekst / Skole") == schools[0]
    assert unit_find("  teknisk/skole ") == schools[1]
    assert unit_find("oppvekst") == org.unit
    deep = UnitFactory.create(name="Klasse", parent=schools[0])
    assert unit_find("Skole / Klasse") == deep == unit_find("Klasse")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Skole", "Flere enheter passer med «Skole»: «Oppvekst / Skole», «Teknisk / Skole»."),
        ("Opvekst", "Fant ingen enhet «Opvekst». Mente du «Oppvekst»?"),
        ("Helse / Skole", "Mente du «Oppvekst / Skole», «Teknisk / Skole»?"),
        ("Havnevesenet", "Fant ingen enhet «Havnevesenet». Sjekk skrivemåten"),
        ("Oppvekst // Skole", "med «/» mellom nivåene"),
    ],
)
def test_a_unit_not_found_names_the_closest_paths(org, schools, text, message):
    with pytest.raises(ValidationError) as refused:
        unit_find(text)
    assert message in refused.value.messages[0]


def person_data(org, **changes: str) -> dict[str, str]:
    return {"full_name": "Nora Ny", "email": "nora@example.no", "unit": "Oppvekst"} | changes


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"unit": "Skole"}, "unit", "Flere enheter passer med «Skole»"),
        ({"unit": "Opvekst"}, "unit", "Mente du «Oppvekst»?"),
        ({"unit": ""}, "unit", ""),
        ({"leader": "ingen@example.no"}, "leader", "Ingen person har e-postadressen"),
        ({"leader": "ikke en adresse"}, "leader", ""),
    ],
)
def test_person_new_refuses_what_it_cannot_find_with_400(org, schools, changes, field, message):
    before = Person.objects.count()
    response = client_for(org.hr).post(
        reverse("organisation:person_new"), person_data(org, **changes)
    )
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert message in response.content.decode()
    assert Person.objects.count() == before


def test_person_new_stores_the_unit_and_leader_it_found(org, schools):
    data = person_data(org, unit="teknisk / skole", leader=f" {org.other_leader.email.upper()} ")
    response = client_for(org.hr).post(reverse("organisation:person_new"), data)
    assert response.status_code == 302
    nora = Person.objects.get(email="nora@example.no")
    assert nora.unit == schools[1] and nora.leader == org.other_leader


def test_person_edit_is_prefilled_and_refuses_self_or_a_deactivated_leader(org, schools):
    hr = client_for(org.hr)
    url = reverse("organisation:person_edit", args=[org.employee.uuid])
    page = hr.get(url).content.decode()
    assert 'value="Oppvekst"' in page and f'value="{org.leader.email}"' in page
    assert "<select" not in page
    data = {"full_name": "Emma Medarbeider", "email": org.employee.email, "unit": "Oppvekst"}
    response = hr.post(url, data | {"leader": org.employee.email})
    assert response.status_code == 400 and "kan ikke lede seg selv" in response.content.decode()
    gone = PersonFactory.create(unit=org.unit, is_active=False)
    response = hr.post(url, data | {"leader": gone.email})
    assert response.status_code == 400 and "Lederen er deaktivert" in response.content.decode()
    org.employee.refresh_from_db()
    assert org.employee.leader == org.leader
    assert hr.post(url, data | {"unit": "Oppvekst / Skole", "leader": ""}).status_code == 302
    org.employee.refresh_from_db()
    assert org.employee.unit == schools[0] and org.employee.leader is None


def test_unit_form_takes_the_parent_as_a_path_and_is_prefilled(org, schools):
    hr = client_for(org.hr)
    url = reverse("organisation:unit_edit", args=[schools[1].uuid])
    page = hr.get(url).content.decode()
    assert 'value="Teknisk"' in page and "Teknisk / Skole" in page
    response = hr.post(url, {"name": "Skole", "parent": "Tekniks"})
    assert response.status_code == 400 and "Mente du «Teknisk»?" in response.content.decode()
    response = hr.post(url, {"name": "Verksted", "parent": ""})
    assert response.status_code == 302
    schools[1].refresh_from_db()
    assert schools[1].parent is None and schools[1].name == "Verksted"
    before = Unit.objects.count()
    response = hr.post(reverse("organisation:unit_new"), {"name": "Ny", "parent": "Opvekst"})
    assert response.status_code == 400 and Unit.objects.count() == before
