"""Conversation tests run background tasks at once (the immediate backend), and fail when a
task fails instead of letting the backend swallow the error: a test that expects a failure
takes the `failed_tasks` list and empties it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished

from aktiv.conversations.models import ConversationRecord, FollowUp, Period

from ..conftest import Org


@pytest.fixture(autouse=True)
def failed_tasks(settings) -> Iterator[list[Any]]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    failed: list[Any] = []

    def collect(sender: Any, task_result: Any, **kwargs: Any) -> None:
        if task_result.status == TaskResultStatus.FAILED:
            failed.append(task_result)

    task_finished.connect(collect, weak=False, dispatch_uid="conversation-tests")
    yield failed
    task_finished.disconnect(dispatch_uid="conversation-tests")
    assert not failed, [error.traceback for result in failed for error in result.errors]


@pytest.fixture
def current_period(org: Org) -> Period:
    """A period in progress: began two months ago, ends in ten."""
    today = timezone.localdate()
    return Period.objects.create(
        name="Inneværende",
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
        reminder_days_before=3,
        created_by=org.hr,
    )


@pytest.fixture
def record(org: Org, current_period: Period) -> ConversationRecord:
    return ConversationRecord.objects.create(
        period=current_period, employee=org.employee, leader=org.leader
    )


def at(days: int, hour: int = 10) -> datetime:
    """A local time `days` from today at `hour` o'clock."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def follow_up(record: ConversationRecord) -> FollowUp:
    """A planned follow-up in a week."""
    return FollowUp.objects.create(record=record, scheduled_at=at(7), location="Møterom Fjord")
