"""The anonymity gate holds against differencing (PRODUCT.md section 3), over random
organisations and random sequences of HR actions and answers (hypothesis).

HR may move, deactivate and reactivate people and change their leader, read a figure or an
export, and undo what they did; people may answer again meanwhile. For every pair of states,
every figure shown in both (HR's per-unit figures of every closed quarter, the organisation's
quarters over time, and every leader's team figure) must be equal or differ by the answers of
at least k people. With responses counted where their person stood when they answered, and
figures over closed quarters only, they are equal: this test says so."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.insights.figures import closed_quarters, instrument_figures, quarter_ends
from aktiv.insights.team import team_figures
from aktiv.people.models import Person, Unit

from ..factories import PersonFactory, submitted_response

KEY = "aktivt-medarbeiderskap"
K = 3

Figure = tuple[Any, ...]


def snapshot(leaders: list[Person]) -> dict[Figure, Figure]:
    """Every figure HR or a leader can request now, keyed by what it is about."""
    instrument = definitions.latest(KEY)
    shown: dict[Figure, Figure] = {}
    for quarter in closed_quarters(timezone.localdate(), count=2):
        figures = instrument_figures(instrument=instrument, quarter=quarter, threshold=K)
        for row in figures.rows:
            if row.shown:
                key: Figure = ("unit", quarter.end, row.unit.pk if row.unit else None)
                shown[key] = (row.respondents, tuple(row.means))
        for part in figures.over_time:
            if part.shown:
                shown[("organisation", part.window.end)] = (part.respondents, tuple(part.means))
    quarter = closed_quarters(timezone.localdate())[0]
    for leader in leaders:
        for figure in team_figures(leader, quarter):
            if figure.shown:
                key = ("team", leader.pk, figure.instrument.key)
                shown[key] = (figure.respondents, tuple(figure.means))
    return shown


def differ_by_too_few(before: dict[Figure, Figure], after: dict[Figure, Figure]) -> list[Any]:
    """Figures shown in both states whose respondents differ by 1 to k-1 people, or whose
    values changed with the same respondents (one person's answers swapped)."""
    bad = []
    for key in before.keys() & after.keys():
        (count_a, means_a), (count_b, means_b) = before[key], after[key]
        if 0 < abs(count_a - count_b) < K or (count_a == count_b and means_a != means_b):
            bad.append((key, before[key], after[key]))
    return bad


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["move", "deactivate", "reactivate", "leader", "answer", "share"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=8,
)


class DifferencingTest(TestCase):
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        sizes=st.lists(st.integers(0, 6), min_size=2, max_size=4),
        values=st.lists(st.integers(1, 5), min_size=24, max_size=24),
        actions=ACTIONS,
    )
    def test_no_two_states_differ_by_fewer_than_k_people(self, sizes, values, actions):
        with self.settings(ANONYMITY_THRESHOLD=K):
            root = Unit.objects.create(name="Kommunen")
            units = [Unit.objects.create(name=f"Enhet {n}", parent=root) for n in range(3)]
            leaders = [PersonFactory.create(unit=root) for _ in range(2)]
            end = quarter_ends(timezone.localdate())[0]
            people = []
            for n, size in enumerate(sizes):
                for _ in range(size):
                    person = PersonFactory.create(
                        unit=units[n % len(units)], leader=leaders[len(people) % 2]
                    )
                    people.append(person)
                    day = end - timedelta(days=10 + 40 * (len(people) % 2))
                    submitted_response(
                        person,
                        KEY,
                        values[len(people) % len(values)],
                        submitted_at=timezone.make_aware(datetime.combine(day, time(12))),
                    )
            states = [snapshot(leaders)]
            for action, a, b in actions:
                if not people:
                    break
                person = people[a % len(people)]
                person.refresh_from_db()
                if action == "move":
                    person.unit = [root, *units][b % (len(units) + 1)]
                elif action == "deactivate":
                    person.is_active = False
                elif action == "reactivate":
                    person.is_active = True
                elif action == "leader":
                    person.leader = leaders[b % 2]
                elif action == "answer":  # the quarter in progress
                    submitted_response(person, KEY, values[b % len(values)])
                elif action == "share":
                    latest = (
                        Response.objects.filter(person=person).order_by("-submitted_at").first()
                    )
                    if latest is not None and person.leader is not None:
                        latest.share_with_leader()
                person.save()
                states.append(snapshot(leaders))
            for first in states:
                for second in states:
                    assert differ_by_too_few(first, second) == []
