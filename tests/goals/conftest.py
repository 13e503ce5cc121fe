"""Fixtures: a current period with a record for every pair, and goals at each level."""

from __future__ import annotations

import pytest

from aktiv.conversations.models import ConversationRecord, Period
from aktiv.goals import services
from aktiv.goals.models import Goal

from ..conftest import Org
from .helpers import open_period, record_of


@pytest.fixture
def period(org: Org) -> Period:
    return open_period(org)


@pytest.fixture
def record(org: Org, period: Period) -> ConversationRecord:
    return record_of(period, org.employee)


@pytest.fixture
def org_goal(org: Org, period: Period) -> Goal:
    return services.goal_create(
        period=period, actor=org.hr, level="organisation", title="Trygge tjenester"
    )


@pytest.fixture
def unit_goal(org: Org, period: Period, org_goal: Goal) -> Goal:
    return services.goal_create(
        period=period,
        actor=org.leader,
        level="unit",
        unit=org.unit,
        parent=org_goal,
        title="Kortere ventetid i barnehageopptaket",
    )


@pytest.fixture
def other_unit_goal(org: Org, period: Period) -> Goal:
    return services.goal_create(
        period=period,
        actor=org.other_leader,
        level="unit",
        unit=org.other_unit,
        title="Teknisk sitt hemmelige mål",
    )
