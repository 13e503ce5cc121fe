"""The two questions every signed-in page asks, written as SQL (aktiv/lib/sql.py): each gives
what the ORM gave, on SQLite and on PostgreSQL."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aktiv.notifications.models import Kind, Notification, unread_count
from aktiv.people.models import Person

from ..factories import PersonFactory


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_a_leader_is_a_person_with_an_active_direct_report(org):
    assert fresh(org.leader).is_leader
    assert not fresh(org.employee).is_leader
    assert not fresh(org.hr).is_leader
    lone = PersonFactory.create(full_name="Lone Leder")
    gone = PersonFactory.create(leader=lone, is_active=False)
    assert not fresh(lone).is_leader  # only a report who has left
    gone.is_active = True
    gone.save()
    assert fresh(lone).is_leader
    leader = fresh(lone)
    with CaptureQueriesContext(connection) as asked:
        assert leader.is_leader and leader.is_leader
    assert len(asked) == 1  # kept on the person for the rest of the request


def test_the_unread_count_is_the_persons_own_unread_notices(org):
    def notice(person: Person, read: bool) -> None:
        Notification.objects.create(
            person=person,
            kind=Kind.GOAL_AGREED,
            read_at=timezone.now() if read else None,
        )

    assert unread_count(org.employee) == 0
    notice(org.employee, read=False)
    notice(org.employee, read=False)
    notice(org.employee, read=True)
    notice(org.colleague, read=False)
    assert unread_count(org.employee) == 2
    assert unread_count(org.colleague) == 1
    assert unread_count(org.leader) == 0
