"""A share is with the person's leader at the time. When they get another leader (by hand,
import, SCIM or the API), what they shared with the former one ends: it does not come back
if the former leader becomes theirs again."""

from __future__ import annotations

from django.urls import reverse

from aktiv.people.organisation.services import person_update
from aktiv.reflections.models import Worksheet

from ..conftest import client_for
from ..factories import submitted_response


def _lead(org, leader) -> None:
    person = org.employee
    person_update(
        actor=org.hr,
        person=person,
        email=person.email,
        full_name=person.full_name,
        unit=person.unit,
        leader=leader,
        is_hr=False,
    )


def test_a_share_with_the_former_leader_ends_and_does_not_come_back(org):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 2)
    response.share_with_leader()
    url = reverse("assessments:response", args=[response.uuid])
    assert client_for(org.leader).get(url).status_code == 200

    _lead(org, org.other_leader)
    response.refresh_from_db()
    assert response.shared_with is None
    assert client_for(org.leader).get(url).status_code == 404
    assert client_for(org.other_leader).get(url).status_code == 404

    _lead(org, org.leader)  # back with the former leader: nothing is shared until shared again
    assert client_for(org.leader).get(url).status_code == 404


def test_what_is_shared_with_the_same_leader_stays(org):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 2)
    response.share_with_leader()
    worksheet_count = Worksheet.objects.count()
    # A change of name only: the leader is the same, the share stays.
    person = org.employee
    person_update(
        actor=org.hr,
        person=person,
        email=person.email,
        full_name="Emma Ny",
        unit=person.unit,
        leader=org.leader,
        is_hr=False,
    )
    response.refresh_from_db()
    assert response.shared_with == org.leader
    assert Worksheet.objects.count() == worksheet_count
