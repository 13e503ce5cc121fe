"""HR's self-check: the five questions of seed 000, saved as dated versions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.expectations.models import ANSWER_MAX_LENGTH, SelfCheck
from aktiv.expectations.services import self_check_save

from ..conftest import client_for


def test_each_save_is_a_new_dated_version_and_earlier_answers_stay(org):
    client = client_for(org.hr)
    page = client.get(reverse("expectations:self_check")).content.decode()
    assert "Spørsmål til ettertanke og refleksjon" in page
    assert "ikke besvart ennå" in page

    client.post(reverse("expectations:self_check"), {"q1": "Delvis", "q3": "Nei"})
    client.post(reverse("expectations:self_check"), {"q1": "Ja, nå", "q3": "Nei"})
    first, second = SelfCheck.objects.order_by("created_at", "pk")
    assert first.answers == {"q1": "Delvis", "q2": "", "q3": "Nei", "q4": "", "q5": ""}
    assert second.answers["q1"] == "Ja, nå" and second.created_by == org.hr
    assert ActionEntry.objects.filter(action="self_check_save").count() == 2

    page = client.get(reverse("expectations:self_check")).content.decode()
    # The form starts from the latest answers; the history lists both.
    assert "Ja, nå" in page
    assert reverse("expectations:self_check_detail", args=[first.uuid]) in page
    assert reverse("expectations:self_check_detail", args=[second.uuid]) in page
    earlier = client.get(reverse("expectations:self_check_detail", args=[first.uuid]))
    assert "Delvis" in earlier.content.decode() and "Ikke besvart." in earlier.content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"q1": "   "}, {"q2": "x" * (ANSWER_MAX_LENGTH + 1)}],
    ids=["empty", "blank", "oversized"],
)
def test_bad_input_is_refused_and_nothing_is_saved(org, data):
    result = client_for(org.hr).post(reverse("expectations:self_check"), data)
    assert result.status_code == 400
    assert "Noe må rettes" in result.content.decode()
    assert not SelfCheck.objects.exists()


@pytest.mark.parametrize("persona", ["employee", "leader", "other_leader", "admin"])
def test_nobody_but_hr_answers_or_reads_it(org, persona):
    check = SelfCheck.objects.create(answers={"q1": "Hemmelig"}, created_by=org.hr)
    client = client_for(getattr(org, persona))
    assert client.post(reverse("expectations:self_check"), {"q1": "Ja"}).status_code == 404
    detail = client.get(reverse("expectations:self_check_detail", args=[check.uuid]))
    assert detail.status_code == 404 and "Hemmelig" not in detail.content.decode()
    assert SelfCheck.objects.count() == 1


def test_the_service_refuses_an_oversized_answer(org):
    with pytest.raises(ValidationError, match="høyst 10000 tegn"):
        self_check_save(actor=org.hr, answers={"q1": "x" * (ANSWER_MAX_LENGTH + 1)})
    assert not SelfCheck.objects.exists()
