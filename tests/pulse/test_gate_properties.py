"""The anonymity gate over the pulse and the sick-leave figures (hypothesis): over random unit
trees, answers and head counts, no shown figure describes fewer than k people, alone or by
subtraction from other shown figures; and nothing HR does to people afterwards changes a
shown pulse figure (the differencing rules of tests/insights/test_differencing.py)."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.people.models import Person, Unit
from aktiv.pulse.models import Round, SickLeave
from aktiv.pulse.results import ORGANISATION, health_presence, round_figures, team_pulse
from aktiv.pulse.services import pulse_submit

from ..factories import PersonFactory
from .helpers import add_answers, full_answers

K = 3


def _tree(parents: list[int]) -> list[Unit]:
    units: list[Unit] = []
    for n, parent in enumerate(parents):
        units.append(
            Unit.objects.create(name=f"Enhet {n}", parent=units[parent] if units else None)
        )
    return units


def _within(unit: Unit, ancestor: Unit, by_pk: dict[int, Unit]) -> bool:
    node: Unit | None = unit
    while node is not None:
        if node.pk == ancestor.pk:
            return True
        node = by_pk.get(node.parent_id) if node.parent_id else None
    return False


def _check_rest(shown: dict[Any, int], direct: dict[Any, int], units: list[Unit]) -> None:
    """For every shown unit: its total minus the totals of the topmost shown units below it
    is none or at least K."""
    by_pk = {u.pk: u for u in units}
    for unit in units:
        if unit.pk not in shown:
            continue
        below = [u for u in units if u.pk != unit.pk and _within(u, unit, by_pk)]
        inside = [u for u in below if u.pk in shown]
        topmost = [
            u for u in inside if not any(o.pk != u.pk and _within(u, o, by_pk) for o in inside)
        ]
        total = sum(direct.get(u.pk, 0) for u in [unit, *below])
        assert shown[unit.pk] == total
        assert total >= K
        rest = total - sum(shown[u.pk] for u in topmost)
        assert rest == 0 or rest >= K


TREES = st.lists(st.integers(0, 10), min_size=1, max_size=5).map(
    lambda picks: [0] + [p % (n + 1) for n, p in enumerate(picks[1:])]
)


class PulseGateTest(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tree=TREES, counts=st.lists(st.integers(0, 6), min_size=5, max_size=5))
    def test_no_shown_pulse_figure_describes_fewer_than_k(self, tree, counts):
        with self.settings(ANONYMITY_THRESHOLD=K):
            units = _tree(tree)
            today = timezone.localdate()
            round_ = Round.objects.create(
                name="R", opens_on=today - timedelta(days=9), closes_on=today - timedelta(days=2)
            )
            direct = {}
            for unit, count in zip(units, counts, strict=False):
                add_answers(round_, unit, count, 1 + count % 5)
                direct[unit.pk] = count
            figures = round_figures([round_])[round_.pk]
            shown = {row.key: row.respondents for row in figures.rows if row.shown}
            _check_rest({k: v for k, v in shown.items() if k != ORGANISATION}, direct, units)
            if ORGANISATION in shown:
                assert shown[ORGANISATION] == sum(direct.values()) >= K

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tree=TREES, heads=st.lists(st.integers(0, 5), min_size=5, max_size=5))
    def test_sick_leave_is_shown_only_for_units_the_head_count_lets_through(self, tree, heads):
        with self.settings(ANONYMITY_THRESHOLD=K):
            units = _tree(tree)
            day = timezone.localdate() - timedelta(days=120)
            direct = {}
            for unit, head in zip(units, heads, strict=False):
                direct[unit.pk] = head
                SickLeave.objects.create(
                    unit=unit,
                    starts_on=day.replace(day=1),
                    ends_on=day.replace(day=28),
                    possible_days=Decimal(100),
                    self_certified_days=Decimal(head),
                    doctor_certified_days=Decimal(1),
                    head_count=head,
                )
            _pulse, shown_units = health_presence(timezone.localdate(), threshold=K)
            shown = {
                u.key: line.people
                for u in shown_units
                for line in u.lines
                if line.people is not None
            }
            _check_rest({k: v for k, v in shown.items() if k != ORGANISATION}, direct, units)
            for people in shown.values():
                assert people >= K

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        sizes=st.lists(st.integers(0, 5), min_size=2, max_size=3),
        actions=st.lists(
            st.tuples(
                st.sampled_from(["move", "deactivate", "reactivate", "leader", "answer"]),
                st.integers(0, 1000),
                st.integers(0, 1000),
            ),
            min_size=1,
            max_size=6,
        ),
    )
    def test_nothing_done_to_people_changes_a_shown_pulse_figure(self, sizes, actions):
        with self.settings(ANONYMITY_THRESHOLD=K):
            root = Unit.objects.create(name="Kommunen")
            units = [Unit.objects.create(name=f"Enhet {n}", parent=root) for n in range(3)]
            leaders = [PersonFactory.create(unit=root) for _ in range(2)]
            today = timezone.localdate()
            closed = Round.objects.create(
                name="Stengt", opens_on=today - timedelta(days=30), closes_on=today - timedelta(1)
            )
            live = Round.objects.create(
                name="Åpen", opens_on=today - timedelta(days=1), closes_on=today + timedelta(9)
            )
            people: list[Person] = []
            for n, size in enumerate(sizes):
                add_answers(closed, units[n], size, 2 + n)
                people += [
                    PersonFactory.create(unit=units[n], leader=leaders[n % 2]) for _ in range(4)
                ]

            def snapshot() -> dict[Any, Any]:
                figures = round_figures([closed])[closed.pk]
                seen: dict[Any, Any] = {
                    ("hr", row.key): (row.respondents, row.cells)
                    for row in figures.rows
                    if row.shown
                }
                for leader in leaders:
                    for team in team_pulse(leader, today, {}):
                        if team.shown:
                            seen[("team", leader.pk, team.unit.pk)] = (
                                team.respondents,
                                tuple(d.mean for d in team.drivers),
                            )
                return seen

            states = [snapshot()]
            for action, a, b in actions:
                person = people[a % len(people)]
                person.refresh_from_db()
                if action == "move":
                    person.unit = [root, *units][b % 4]
                elif action == "deactivate":
                    person.is_active = False
                elif action == "reactivate":
                    person.is_active = True
                elif action == "leader":
                    person.leader = leaders[b % 2]
                elif action == "answer" and person.is_active:
                    with suppress(ValidationError):  # answered already, or not asked
                        pulse_submit(round_=live, person=person, answers=full_answers(1 + b % 5))
                person.save()
                states.append(snapshot())
            for first in states:
                for second in states:
                    for key in first.keys() & second.keys():
                        assert first[key] == second[key]
