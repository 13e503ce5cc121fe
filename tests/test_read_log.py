"""Every read of another person's content goes through the one read path, which logs it
(PRODUCT.md section 3): each page the leader may open of the employee's writes an access-log
row naming the leader and the employee; repeated reads within an hour are one row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aktiv.audit.models import AccessLogEntry

from .conftest import client_for
from .test_permission_matrix import MATRIX, OWNER_AND_LEADER

READ_BY_THE_LEADER = sorted(
    name for name, row in MATRIX.items() if row.method == "get" and row.expected == OWNER_AND_LEADER
)


def test_the_list_covers_the_conversation_and_shared_items():
    assert {
        "assessments:response",
        "reflections:worksheet",
        "competence:profile",
        "conversations:record",
        "conversations:record_goals",
        "conversations:follow_up",
        "conversations:follow_up_ics",
        "conversations:evaluation",
        "conversations:evaluation_pdf",
    } <= set(READ_BY_THE_LEADER)


@pytest.mark.parametrize("name", READ_BY_THE_LEADER)
def test_a_leaders_read_is_logged_for_the_employee(org, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(org))
    AccessLogEntry.objects.all().delete()
    assert client_for(org.leader).get(url, row.data or {}).status_code == 200
    assert AccessLogEntry.objects.filter(
        actor=org.leader, subject=org.employee, action="read"
    ).exists(), f"{name} shows the employee's content without logging the read"
    # The employee reading their own is not logged: the log answers "who else".
    AccessLogEntry.objects.all().delete()
    client_for(org.employee).get(url, row.data or {})
    assert not AccessLogEntry.objects.exists()


def test_repeated_reads_within_an_hour_are_one_row_with_a_count(org):
    url = reverse("conversations:record", args=MATRIX["conversations:record"].args(org))
    leader = client_for(org.leader)
    for _ in range(3):
        leader.get(url)
    [entry] = AccessLogEntry.objects.filter(actor=org.leader, subject=org.employee)
    assert entry.count == 3 and entry.last_at is not None
    page = client_for(org.employee).get(reverse("audit:my_data")).content.decode()
    assert "3 ganger" in page


def test_the_earlier_shared_response_shown_beside_a_shared_one_is_logged_too(org):
    from datetime import timedelta

    from django.utils import timezone

    from .factories import submitted_response

    earlier = submitted_response(
        org.employee, "aktivt-medarbeiderskap", 2, submitted_at=timezone.now() - timedelta(days=90)
    )
    latest = submitted_response(org.employee, "aktivt-medarbeiderskap", 4)
    earlier.share_with_leader()
    latest.share_with_leader()
    AccessLogEntry.objects.all().delete()
    assert client_for(org.leader).get(latest.get_absolute_url()).status_code == 200
    read = set(
        AccessLogEntry.objects.filter(actor=org.leader, action="read").values_list(
            "object_uuid", flat=True
        )
    )
    assert read == {latest.uuid, earlier.uuid}
