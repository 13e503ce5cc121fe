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


def test_a_row_by_its_key_is_the_instance_the_orm_gives(org):
    from django.contrib.auth.hashers import make_password

    from aktiv.lib.sql import row_by_key

    person = org.employee
    person.last_login = timezone.now()
    person.language = "nn"
    person.password = make_password("x")
    person.save()
    fast = row_by_key(Person, person.pk)
    slow = Person.objects.get(pk=person.pk)
    assert fast is not None
    for field in Person._meta.concrete_fields:
        assert getattr(fast, field.attname) == getattr(slow, field.attname), field.name
        assert type(getattr(fast, field.attname)) is type(getattr(slow, field.attname)), field.name
    assert fast._state.adding is False and fast._state.db == slow._state.db
    assert row_by_key(Person, 10**9) is None
    # A string key, as a session holds it, finds the same person.
    assert row_by_key(Person, str(person.pk)) == slow


def test_the_signed_in_person_is_read_in_one_prepared_statement(org, login):
    from django.urls import reverse

    client = login(org.employee)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("notifications:inbox"))
    assert "Emma Medarbeider" in page.content.decode()
    person_reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "people_person"' in q["sql"]
    ]
    assert person_reads and person_reads[0].endswith(f'"people_person"."id" = {org.employee.pk}')
    # A person who has left is signed out on their next request.
    Person.objects.filter(pk=org.employee.pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302
