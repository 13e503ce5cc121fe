"""The inbox: one's own notifications only, opened by POST (read, then to the thing), the
former leader refused at the thing, and a header count whose cost does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktiv.notifications.models import Kind, Notification
from aktiv.notifications.services import notify

from ..conftest import client_for
from ..factories import PersonFactory
from ..goals.helpers import personal_goal


def test_the_inbox_shows_mine_with_the_count_in_the_header(org):
    notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)
    notify(person=org.colleague, kind=Kind.GOAL_AGREED, url="/", actor=org.other_leader)
    page = client_for(org.employee).get(reverse("notifications:inbox")).content.decode()
    assert "Lena Leder har godkjent et mål." in page
    assert "Otto" not in page
    assert 'class="count">1<' in page
    home = client_for(org.employee).get(reverse("home")).content.decode()
    assert 'class="count">1<' in home
    assert 'class="count"' not in client_for(org.leader).get(reverse("home")).content.decode()


def test_opening_marks_read_and_goes_to_the_thing(org):
    mine = notify(person=org.employee, kind=Kind.WELCOME, url="/egenvurderinger/")
    client = client_for(org.employee)
    result = client.post(reverse("notifications:open", args=[mine.uuid]))
    assert result.status_code == 302 and result["Location"] == "/egenvurderinger/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'class="count"' not in page


def test_someone_elses_notification_is_not_found_and_stays_unread(org):
    theirs = notify(person=org.colleague, kind=Kind.WELCOME, url="/")
    result = client_for(org.employee).post(reverse("notifications:open", args=[theirs.uuid]))
    assert result.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_touches_only_mine(org):
    for _ in range(3):
        notify(person=org.employee, kind=Kind.WELCOME, url="/")
    notify(person=org.colleague, kind=Kind.WELCOME, url="/")
    client_for(org.employee).post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(person=org.employee, read_at__isnull=True).exists()
    assert Notification.objects.filter(person=org.colleague, read_at__isnull=True).count() == 1


def test_the_former_leader_is_refused_at_the_thing_and_the_text_holds_no_content(org):
    from ..goals.helpers import open_period, record_of

    record = record_of(open_period(org), org.employee)
    personal_goal(record, "proposed", title="Bytte jobb i hemmelighet")
    old = Notification.objects.get(person=org.leader, kind=Kind.GOAL_PROPOSED)
    org.employee.leader = PersonFactory.create(unit=org.other_unit)
    org.employee.save()
    client = client_for(org.leader)
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "har foreslått et mål" in inbox and "hemmelighet" not in inbox
    result = client.post(reverse("notifications:open", args=[old.uuid]), follow=True)
    assert result.status_code == 404
    assert "hemmelighet" not in result.content.decode()


@pytest.mark.parametrize("count", [2, 40])
def test_the_inbox_costs_the_same_however_many(org, count, django_assert_max_num_queries):
    for _ in range(count):
        notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)
    client = client_for(org.employee)
    client.get(reverse("notifications:inbox"))  # warm the session
    with django_assert_max_num_queries(9):
        page = client.get(reverse("notifications:inbox"))
    assert page.content.decode().count("har godkjent et mål") == count


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [query["sql"] for query in captured.captured_queries]


def test_the_header_count_is_one_query_however_many(org):
    client = client_for(org.employee)
    url = reverse("notifications:email_settings")
    client.get(url)  # warm the session
    before = queries(client, url)
    for _ in range(30):
        notify(person=org.employee, kind=Kind.WELCOME, url="/")
    after = queries(client, url)
    assert len(after) == len(before)
    assert sum("notifications_notification" in sql for sql in after) == 1


def test_min_side_shows_what_is_new_for_me_only(org):
    notify(person=org.employee, kind=Kind.GOAL_AGREED, url="/", actor=org.leader)
    notify(person=org.colleague, kind=Kind.SHARED, url="/", actor=org.other_employee)
    page = client_for(org.employee).get(reverse("home")).content.decode()
    assert "Nytt til deg" in page and "Lena Leder har godkjent et mål." in page
    assert "har delt noe med deg" not in page
    assert "Nytt til deg" not in client_for(org.leader).get(reverse("home")).content.decode()
