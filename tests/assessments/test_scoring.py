"""Scoring and submission rules, over any answer set (hypothesis)."""

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.assessments import definitions, services
from aktiv.assessments.models import Answer, Response
from aktiv.people.models import Person

INSTRUMENTS = definitions.all_latest()


@st.composite
def answer_sets(draw, complete=True):
    instrument = draw(st.sampled_from(INSTRUMENTS))
    items = instrument.items
    if not complete:
        items = draw(st.lists(st.sampled_from(items), unique=True))
    return instrument, {item.key: draw(st.integers(1, 5)) for item in items}


@given(answer_sets(complete=False))
def test_dimension_mean_is_mean_of_its_items(case):
    instrument, answers = case
    means = instrument.dimension_means(answers)
    for dimension in instrument.dimensions:
        values = [answers[i.key] for i in dimension.items if i.key in answers]
        if not values:
            assert means[dimension.key] is None
        else:
            assert Fraction(means[dimension.key]).limit_denominator(100) == Fraction(
                sum(values), len(values)
            )
            assert 1 <= means[dimension.key] <= 5


@given(answer_sets())
def test_proposals_are_lowest_and_highest(case):
    instrument, answers = case
    response = Response(instrument_key=instrument.key, instrument_version=instrument.version)
    response._answers_by_item = answers
    lowest, highest = response.proposed_focus()
    assert len(lowest) == len(highest) == 2
    assert not set(lowest) & set(highest)
    others = [i for i in instrument.items if i not in lowest]
    assert max(answers[i.key] for i in lowest) <= min(answers[i.key] for i in others)
    rest = [i for i in others if i not in highest]
    assert min(answers[i.key] for i in highest) >= max(answers[i.key] for i in rest)


class SubmissionRules(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = Person.objects.create_user("s@example.no", "x", full_name="Siri Svar")

    def start(self, instrument):
        return Response.objects.create(
            person=self.person,
            instrument_key=instrument.key,
            instrument_version=instrument.version,
        )

    @settings(max_examples=40, deadline=None)
    @given(answer_sets(complete=False))
    def test_incomplete_cannot_be_submitted(self, case):
        instrument, answers = case
        response = self.start(instrument)
        if len(answers) == len(instrument.items):
            answers.pop(instrument.items[0].key)
        with pytest.raises(ValidationError, match="Mangler"):
            services.response_submit(response=response, answers=answers)
        response.refresh_from_db()
        assert response.status == Response.Status.DRAFT
        assert response.answers.count() == 0
        response.delete()

    @settings(max_examples=40, deadline=None)
    @given(
        answer_sets(),
        st.one_of(st.integers(max_value=0), st.integers(min_value=6)),
        st.data(),
    )
    def test_values_outside_scale_are_refused(self, case, bad_value, data):
        instrument, answers = case
        response = self.start(instrument)
        answers[data.draw(st.sampled_from(instrument.items)).key] = bad_value
        with pytest.raises(ValidationError, match="fra 1 til 5"):
            services.response_submit(response=response, answers=answers)
        response.refresh_from_db()
        assert response.status == Response.Status.DRAFT
        assert response.answers.count() == 0
        response.delete()

    @settings(max_examples=25, deadline=None)
    @given(answer_sets())
    def test_complete_submission_stores_every_answer(self, case):
        instrument, answers = case
        response = self.start(instrument)
        services.response_submit(response=response, answers=answers)
        response = Response.objects.get(pk=response.pk)
        assert response.is_submitted and response.submitted_at is not None
        assert response.answers_by_item() == answers
        stored = response.dimension_results()
        assert [r.mean for r in stored] == list(instrument.dimension_means(answers).values())
        response.delete()

    def test_database_refuses_values_outside_scale(self):
        instrument = definitions.latest("aktivt-medarbeiderskap")
        response = self.start(instrument)
        for value in (0, 6):
            with pytest.raises(IntegrityError), transaction.atomic():
                Answer.objects.create(
                    response=response, item_key="selvledelse-1", dimension_key="x", value=value
                )

    def test_items_of_another_instrument_are_refused(self):
        instrument = definitions.latest("aktivt-medarbeiderskap")
        response = self.start(instrument)
        answers = {item.key: 3 for item in instrument.items} | {"maktdeling-1": 3}
        with pytest.raises(ValidationError, match="maktdeling-1"):
            services.response_submit(response=response, answers=answers)
        assert response.answers.count() == 0

    def test_only_one_draft_per_instrument(self):
        instrument = definitions.latest("karrierebevissthet")
        first = services.response_start(person=self.person, instrument=instrument)
        again = services.response_start(person=self.person, instrument=instrument)
        assert first == again
        assert Response.objects.drafts().filter(person=self.person).count() == 1

    def test_employee_cannot_start_leader_instrument(self):
        with pytest.raises(ValidationError, match="ledere"):
            services.response_start(
                person=self.person, instrument=definitions.latest("lederferdigheter")
            )
