"""The anonymity gate, over random unit trees and random memberships (hypothesis): no shown
figure, alone or by subtraction from other shown figures, describes fewer people than the
threshold."""

from hypothesis import given, settings
from hypothesis import strategies as st

from aktiv.lib.anonymity import gate, gate_counts


@st.composite
def organisations(draw):
    size = draw(st.integers(1, 14))
    parents = {0: None}
    for unit in range(1, size):
        parents[unit] = draw(st.integers(0, unit - 1))
    people = {
        unit: set(draw(st.lists(st.integers(0, 10_000), max_size=9, unique=True)))
        for unit in parents
    }
    # A person belongs to one unit.
    seen: set[int] = set()
    for unit in parents:
        people[unit] -= seen
        seen |= people[unit]
    return parents, people


def subtree(parents, unit):
    return {u for u in parents if _is_within(parents, u, unit)}


def _is_within(parents, unit, ancestor):
    while unit is not None:
        if unit == ancestor:
            return True
        unit = parents[unit]
    return False


def people_in(parents, people, unit):
    return set().union(*(people[u] for u in subtree(parents, unit)))


@settings(max_examples=300, deadline=None)
@given(organisations(), st.integers(3, 7))
def test_no_shown_figure_describes_a_small_group(org, threshold):
    parents, people = org
    result = gate(parents, people, threshold)
    for unit in result.shown:
        group = people_in(parents, people, unit)
        assert len(group) >= threshold
        assert result.totals[unit] == len(group)
        # Subtract every shown unit inside it: what is left is nobody or enough people.
        inside = [
            other for other in result.shown if other != unit and _is_within(parents, other, unit)
        ]
        rest = group - set().union(*(people_in(parents, people, o) for o in inside))
        assert len(rest) == 0 or len(rest) >= threshold


@settings(max_examples=100, deadline=None)
@given(organisations(), st.integers(3, 7))
def test_units_large_enough_on_their_own_and_alone_are_shown(org, threshold):
    parents, people = org
    result = gate(parents, people, threshold)
    root_group = people_in(parents, people, 0)
    if len(root_group) >= threshold:
        assert 0 in result.shown


def test_sibling_too_small_hides_the_next_smallest():
    parents = {"org": None, "a": "org", "b": "org", "c": "org"}
    people = {"a": range(0, 10), "b": range(10, 16), "c": range(16, 18)}
    result = gate(parents, {k: set(v) for k, v in people.items()}, 5)
    # c (2 people) is hidden; org minus a and b would reveal c, so b (next smallest) goes too.
    assert result.shown == {"org", "a"}


def test_threshold_never_below_three():
    parents = {"org": None}
    assert gate(parents, {"org": {1, 2}}, threshold=1).shown == frozenset()
    assert gate(parents, {"org": {1, 2, 3}}, threshold=1).shown == {"org"}


@st.composite
def organisations_with_a_loop(draw):
    """Forests (several tops), and now and then a loop made outside Aktiv."""
    parents, people = draw(organisations())
    for unit in list(parents):
        if draw(st.integers(0, 5)) == 0:
            parents[unit] = None  # another top
    if len(parents) > 2 and draw(st.booleans()):
        parents[0] = draw(st.integers(1, len(parents) - 1))  # the first top into a loop
    return parents, people


@settings(max_examples=400, deadline=None)
@given(organisations_with_a_loop(), st.integers(3, 7))
def test_the_counting_gate_is_the_gate_when_each_person_is_in_one_unit(org, threshold):
    parents, people = org
    counts = {unit: len(members) for unit, members in people.items() if members}
    by_sets, by_counts = gate(parents, people, threshold), gate_counts(parents, counts, threshold)
    assert by_counts.shown == by_sets.shown
    assert {u: by_counts.totals[u] for u in parents} == {u: by_sets.totals[u] for u in parents}
