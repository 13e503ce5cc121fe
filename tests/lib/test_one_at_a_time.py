"""Two workers' sweeps replacing the same stored figures at once (issue #11, scale-out: any
number of workers against one primary). Each refresh deletes the stored rows and inserts new
ones; on PostgreSQL two at once both deleted and the second insert broke a unique constraint.
Now each waits for the other (`lib/concurrency.py` `one_at_a_time`). SQLite needs no lock:
its transactions begin IMMEDIATE, one writer at a time."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

import pytest
from django.db import connection, transaction
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.conversations.models import ConversationRecord, Period
from aktiv.expectations.models import AcknowledgementFigure
from aktiv.expectations.services import (
    ACKNOWLEDGEMENTS_LOCK,
    acknowledgement_record,
    acknowledgements_refresh,
    draft_start,
    version_publish,
)
from aktiv.insights.figures import FIGURES_LOCK, closed_quarters, figures_refresh
from aktiv.insights.models import MonthFigure, ParticipationFigure, UnitFigure
from aktiv.insights.overview import MONTHS_LOCK, month_figures_refresh
from aktiv.insights.participation import PARTICIPATION_LOCK, current_participation_refresh
from aktiv.lib.concurrency import one_at_a_time
from aktiv.people.models import Unit

from ..factories import PersonFactory
from ..insights.test_figures import KEY, submitted_response

pytestmark = [
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="the lock is PostgreSQL's (SQLite serialises writers by itself)",
    ),
    pytest.mark.django_db(transaction=True),
]


class Worker(threading.Thread):
    """Runs a refresh on a connection of its own, as a second worker process would."""

    def __init__(self, refresh: Callable[[], object]) -> None:
        super().__init__(daemon=True)
        self.refresh = refresh
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.refresh()
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            connection.close()


@contextmanager
def held(name: str) -> Iterator[None]:
    """Another transaction holds the lock until the block ends."""
    taken, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                one_at_a_time(name)
                taken.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold, daemon=True)
    holder.start()
    assert taken.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join(10)


@pytest.fixture
def organisation(db) -> None:
    """A published version of the expectations, acknowledged by some, and a period with
    conversations: something for every refresh below to store."""
    hr = PersonFactory.create(is_hr=True)
    root = Unit.objects.create(name="Kommunen")
    school = Unit.objects.create(name="Skole", parent=root)
    draft = draft_start(actor=hr)
    version_publish(draft=draft, actor=hr)
    today = timezone.localdate()
    period = Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    leader = PersonFactory.create(unit=school)
    for number in range(6):
        person = PersonFactory.create(unit=school, leader=leader)
        submitted_response(person, KEY, 4)
        if number % 2:
            acknowledgement_record(person=person, version=draft)
        ConversationRecord.objects.create(period=period, employee=person, leader=leader)


def latest_quarter_refresh() -> int:
    instrument = definitions.latest(KEY)
    quarter = closed_quarters(timezone.localdate())[0]
    return figures_refresh(instrument, quarter, threshold=3, tree="")


REFRESHES = [
    pytest.param(latest_quarter_refresh, FIGURES_LOCK, id="figures"),
    pytest.param(acknowledgements_refresh, ACKNOWLEDGEMENTS_LOCK, id="acknowledgements"),
    pytest.param(month_figures_refresh, MONTHS_LOCK, id="months"),
    pytest.param(current_participation_refresh, PARTICIPATION_LOCK, id="participation"),
]


def stored_rows() -> tuple[int, int, int, int]:
    return (
        UnitFigure.objects.count(),
        AcknowledgementFigure.objects.count(),
        MonthFigure.objects.count(),
        ParticipationFigure.objects.count(),
    )


@pytest.mark.parametrize(("refresh", "lock"), REFRESHES)
def test_a_refresh_waits_while_another_holds_its_lock(organisation, refresh, lock) -> None:
    with held(lock):
        worker = Worker(refresh)
        worker.start()
        worker.join(0.5)
        assert worker.is_alive(), "the refresh went ahead while another one held the lock"
    worker.join(30)
    assert not worker.is_alive()
    assert worker.error is None


@pytest.mark.parametrize(("refresh", "lock"), REFRESHES)
def test_two_refreshes_at_once_both_finish_and_store_one_set_of_rows(
    organisation, refresh, lock
) -> None:
    refresh()
    alone = stored_rows()
    # Both start while the lock is held elsewhere, so they run as close together as they can.
    with held(lock):
        workers = [Worker(refresh), Worker(refresh)]
        for worker in workers:
            worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.error is None, worker.error
    assert stored_rows() == alone
    assert sum(alone) > 0  # this refresh stored something, and the same once more


def test_the_lock_is_only_taken_inside_a_transaction(db) -> None:
    with pytest.raises(RuntimeError):
        one_at_a_time("anything")
