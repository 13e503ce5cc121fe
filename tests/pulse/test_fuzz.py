"""The pulse's forms, fed hostile input (hypothesis): never a server error, and a refused
answer or round stores nothing."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.people.models import Unit
from aktiv.pulse.models import Answer, Participation, Round

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import form_data, open_round

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(max_size=300)


class PulseFuzzTest(TestCase):
    def setUp(self) -> None:
        unit = Unit.objects.create(name="Enhet")
        self.person = PersonFactory.create(unit=unit)
        self.hr = PersonFactory.create(unit=unit, is_hr=True)
        self.round = open_round()

    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(sorted(form_data())), TEXT, max_size=15))
    def test_hostile_answers_are_refused_without_a_trace(self, values: dict[str, str]) -> None:
        response = client_for(self.person).post(
            reverse("pulse:submit", args=[self.round.uuid]), values
        )
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert not Participation.objects.filter(person=self.person).exists()
            assert not Answer.objects.exists()
        Participation.objects.all().delete()
        Answer.objects.all().delete()

    @FUZZ
    @given(
        data=st.fixed_dictionaries(
            {
                "name": TEXT,
                "opens_on": TEXT | st.dates().map(str),
                "closes_on": TEXT | st.dates().map(str),
                "repeat": TEXT | st.sampled_from(["0", "1", "3"]),
                "count": TEXT | st.integers(-5, 100).map(str),
                "units": TEXT,
            }
        )
    )
    def test_hostile_rounds_never_fail(self, data: dict[str, Any]) -> None:
        before = Round.objects.count()
        response = client_for(self.hr).post(reverse("pulse:round_create"), data)
        assert response.status_code in (302, 400)
        if response.status_code == 400:
            assert Round.objects.count() == before
