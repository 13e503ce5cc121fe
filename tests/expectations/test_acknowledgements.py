"""Reading and acknowledging the expectations, and HR's per-unit counts through the gate."""

from __future__ import annotations

import json

from django.urls import reverse

from aktiv.expectations.models import Acknowledgement, ExpectationsVersion
from aktiv.expectations.services import (
    acknowledgement_record,
    acknowledgements_by_unit,
    draft_start,
    needs_acknowledgement,
    version_publish,
)
from aktiv.people.models import Person, Unit

from ..conftest import client_for
from ..factories import PersonFactory


def _publish(actor: Person) -> ExpectationsVersion:
    draft = draft_start(actor=actor)
    version_publish(draft=draft, actor=actor)
    return draft


def test_nothing_to_acknowledge_before_anything_is_published(org):
    draft_start(actor=org.hr)
    assert not needs_acknowledgement(org.employee)
    page = client_for(org.employee).get(reverse("expectations:current")).content.decode()
    assert "ikke publisert ennå" in page


def test_acknowledging_once_per_version(org):
    first = _publish(org.hr)
    assert needs_acknowledgement(org.employee)
    client = client_for(org.employee)
    page = client.get(reverse("expectations:current")).content.decode()
    assert "Jeg har lest og forstått forventningene" in page
    url = reverse("expectations:acknowledge", args=[first.uuid])
    assert client.post(url).url == reverse("expectations:current")
    when = Acknowledgement.objects.get(person=org.employee).at
    client.post(url)  # twice: still one, from the first time
    assert Acknowledgement.objects.get(person=org.employee, version=first).at == when
    assert not needs_acknowledgement(org.employee)
    assert needs_acknowledgement(org.colleague)
    page = client.get(reverse("expectations:current")).content.decode()
    assert "Du bekreftet" in page and "Jeg har lest og forstått" not in page

    second = _publish(org.hr)
    assert needs_acknowledgement(org.employee)
    client.post(reverse("expectations:acknowledge", args=[second.uuid]))
    assert not needs_acknowledgement(org.employee)
    assert Acknowledgement.objects.filter(person=org.employee).count() == 2


def test_a_draft_cannot_be_acknowledged(org):
    draft = draft_start(actor=org.hr)
    for persona in (org.employee, org.hr):
        result = client_for(persona).post(reverse("expectations:acknowledge", args=[draft.uuid]))
        assert result.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_my_acknowledgements_are_in_my_data_export(org):
    version = _publish(org.hr)
    acknowledgement_record(person=org.employee, version=version)
    acknowledgement_record(person=org.colleague, version=version)
    data = json.loads(client_for(org.employee).get(reverse("audit:export")).content)
    [row] = data["expectations.acknowledgement"]
    assert row["version"] == 1 and row["version_id"] == str(version.uuid)


def _tree() -> tuple[Unit, Unit, Unit]:
    root = Unit.objects.create(name="Kommunen")
    school = Unit.objects.create(name="Skole", parent=root)
    library = Unit.objects.create(name="Bibliotek", parent=root)
    return root, school, library


def test_per_unit_counts_pass_the_gate_and_a_small_unit_is_hidden(org, settings):
    settings.ANONYMITY_THRESHOLD = 5
    version = _publish(org.hr)
    root, school, library = _tree()
    town_hall = [PersonFactory.create(unit=root) for _ in range(10)]
    school_people = [PersonFactory.create(unit=school) for _ in range(12)]
    library_people = [PersonFactory.create(unit=library) for _ in range(3)]
    # 3 of 10 directly in Kommunen, 6 of 12 at the school, 2 of 3 at the library; someone
    # who acknowledged and then left still counts where they were (a deactivation changes no
    # figure), but is no longer one of the people there.
    for person in town_hall[:3] + school_people[:6] + library_people[:2]:
        acknowledgement_record(person=person, version=version)
    left = PersonFactory.create(unit=library, is_active=False)
    acknowledgement_record(person=left, version=version)

    rows = {row.unit.name: row for row in acknowledgements_by_unit(version, threshold=5)}
    assert not rows["Bibliotek"].shown
    assert (rows["Bibliotek"].acknowledged, rows["Bibliotek"].people) == (0, 0)
    assert (rows["Skole"].acknowledged, rows["Skole"].people) == (6, 12)
    # Kommunen minus Skole: 6 who acknowledged and 7 who did not, both enough.
    assert (rows["Kommunen"].acknowledged, rows["Kommunen"].people) == (12, 25)

    page = client_for(org.hr).get(reverse("expectations:manage")).content.decode()
    assert "6 av 12 har bekreftet" in page and "12 av 25 har bekreftet" in page
    assert "2 av 3" not in page
    assert "Skjult: for få til å vises anonymt" in page


def test_too_few_who_have_not_acknowledged_hides_the_unit(org, settings):
    settings.ANONYMITY_THRESHOLD = 5
    version = _publish(org.hr)
    _root, school, library = _tree()
    school_people = [PersonFactory.create(unit=school) for _ in range(6)]
    library_people = [PersonFactory.create(unit=library) for _ in range(3)]
    for person in school_people[:5] + library_people[:2]:
        acknowledgement_record(person=person, version=version)

    rows = {row.unit.name: row for row in acknowledgements_by_unit(version, threshold=5)}
    # "5 av 6" would point at the one person at the school who has not read it, and
    # "7 av 9" at the two in the whole organisation: all hidden.
    assert not rows["Skole"].shown and not rows["Bibliotek"].shown
    assert not rows["Kommunen"].shown


def test_the_manage_page_costs_the_same_however_big_the_organisation(
    org, settings, django_assert_num_queries
):
    """The gate runs over the whole tree on a count per unit; the page shows the top units
    and their children, and one unit and its children with ?enhet=."""
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    _root, school, library = _tree()
    for unit in (school, library):
        for _ in range(4):
            acknowledgement_record(person=PersonFactory.create(unit=unit), version=version)
    client = client_for(org.hr)
    url = reverse("expectations:manage")
    client.get(url)  # the first request also writes the session
    with django_assert_num_queries(13) as small:
        client.get(url)
    for index in range(6):
        unit = Unit.objects.create(name=f"Klasse {index}", parent=school)
        for _ in range(3):
            acknowledgement_record(person=PersonFactory.create(unit=unit), version=version)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    assert "Skole" in page and "Klasse 0" not in page  # two levels only
    assert f"?enhet={school.uuid}#ack-heading" in page
    assert f"?enhet={library.uuid}" not in page  # nothing below it to open
    opened = client.get(url, {"enhet": str(school.uuid)}).content.decode()
    assert "Klasse 5" in opened and "Bibliotek" not in opened
    assert "22 av 22 har bekreftet" in opened  # the school with its classes
    assert client.get(url, {"enhet": "tull"}).status_code == 404


def test_moving_people_afterwards_changes_no_acknowledgement_figure(org, settings):
    """HR moves one person out of a unit and back: whatever that person did, the unit shows
    the same acknowledged count, and whether it is shown does not depend on them."""
    settings.ANONYMITY_THRESHOLD = 3
    version = _publish(org.hr)
    _root, school, library = _tree()
    people = [PersonFactory.create(unit=school) for _ in range(8)]
    for person in people[:4]:
        acknowledgement_record(person=person, version=version)

    def school_row():
        row = {r.unit.name: r for r in acknowledgements_by_unit(version, threshold=3)}["Skole"]
        return row.shown, row.acknowledged

    before = school_row()
    outcomes = set()
    for moved in (people[0], people[7]):  # one who acknowledged, one who did not
        moved.unit = library
        moved.save()
        outcomes.add(school_row())
        moved.unit = school
        moved.save()
    assert school_row() == before == (True, 4)
    assert len(outcomes) == 1  # the two moves look the same
