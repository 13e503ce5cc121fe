"""A leader's team figure stays hidden while 1 to k-1 respondents are unseen by the leader,
and what the leader could read once stays seen: a share withdrawn, or the person moved to
another leader, must not make the figure appear with a mean the shared answers could be
subtracted from (four colleagues' mean, read off (5 x mean - shared) / 4)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from aktiv.assessments.models import ResponseShare
from aktiv.insights.figures import closed_quarters
from aktiv.insights.team import team_figures
from aktiv.people.organisation.services import person_update

from ..factories import PersonFactory, submitted_response

KEY = "aktivt-medarbeiderskap"


@pytest.fixture
def team(org, settings):
    """Five reports answered last quarter; the first shared hers (all 1s) with the leader."""
    settings.ANONYMITY_THRESHOLD = 5
    quarter = closed_quarters(timezone.localdate())[0]
    when = timezone.make_aware(datetime.combine(quarter.start + timedelta(days=3), time(12)))
    reports = [org.employee, org.colleague] + [
        PersonFactory.create(unit=org.unit, leader=org.leader) for _ in range(3)
    ]
    shared = submitted_response(reports[0], KEY, 1, submitted_at=when)
    shared.share_with_leader()
    for person in reports[1:]:
        submitted_response(person, KEY, 4, submitted_at=when)
    return quarter, reports, shared


def _shown(org, quarter) -> bool:
    figure = next(f for f in team_figures(org.leader, quarter) if f.instrument.key == KEY)
    return figure.shown


def test_a_withdrawn_share_stays_seen(org, team):
    quarter, _reports, shared = team
    assert not _shown(org, quarter)  # four unseen
    shared.withdraw_share()
    assert not _shown(org, quarter)
    assert ResponseShare.objects.filter(response=shared, leader=org.leader).exists()


def test_a_share_stays_seen_when_the_person_gets_another_leader(org, team):
    quarter, reports, _shared = team
    moved = reports[0]
    person_update(
        actor=org.hr,
        person=moved,
        email=moved.email,
        full_name=moved.full_name,
        unit=moved.unit,
        leader=org.other_leader,
        is_hr=False,
    )
    assert not _shown(org, quarter)


def test_a_response_the_leader_has_read_counts_as_seen(org, team):
    from aktiv.audit.reads import log_read

    quarter, _reports, shared = team
    ResponseShare.objects.all().delete()
    shared.withdraw_share()
    # Without the share's record, the read log still says the leader saw it.
    log_read(org.leader, shared, shared)
    assert not _shown(org, quarter)
