"""The services validate the whole session themselves, whatever form or script calls them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from aktiv.audit.models import ActionEntry
from aktiv.learning.models import LearningSession
from aktiv.learning.services import recommendation_set, session_change, session_create


@pytest.mark.parametrize(
    "values",
    [
        {"duration_minutes": 30},
        {"link": "javascript:alert(1)"},
        {"link": "https://"},
        {"title": ""},
        {"job": "lunch"},
        {"description": "x" * 1001},
    ],
)
def test_session_change_refuses_bad_values(org, values):
    session = LearningSession.objects.get(title="Delegering")
    with pytest.raises(ValidationError) as refused:
        session_change(session=session, actor=org.hr, values=values)
    assert set(refused.value.message_dict) <= {
        "duration_minutes",
        "link",
        "title",
        "job",
        "description",
    }
    fresh = LearningSession.objects.get(pk=session.pk)
    assert (fresh.title, fresh.duration_minutes, fresh.link, fresh.job) == (
        "Delegering",
        15,
        "",
        "deliver",
    )
    assert not ActionEntry.objects.exists()


def test_session_create_refuses_bad_values(org):
    with pytest.raises(ValidationError):
        session_create(actor=org.hr, values={"title": "X", "job": "deliver", "duration_minutes": 5})
    assert LearningSession.objects.count() == 33


def test_the_database_refuses_a_duration_outside_15_to_25(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        LearningSession.objects.create(title="For lang", job="deliver", duration_minutes=26)


def test_the_mapping_is_only_for_known_dimensions(org):
    with pytest.raises(ValidationError):
        recommendation_set(dimension_key="ukjent", sessions=[], actor=org.hr)
