"""Recommendations from a person's own lowest dimensions and chosen development areas."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from aktiv.assessments.models import FocusArea
from aktiv.learning.models import LearningSession, Recommendation
from aktiv.learning.recommend import recommend_for, recommend_for_response
from aktiv.learning.services import recommendation_set
from tests.factories import submitted_response


def titles(sessions: list[LearningSession]) -> list[str]:
    return [s.title for s in sessions]


def mapped(key: str) -> list[str]:
    entries = Recommendation.objects.get(dimension_key=key).entries.select_related("session")
    return [e.session.title for e in entries.order_by("position")]


def scores(selvledelse: int, med_ledelse: int, medarbeiderledelse: int) -> dict[str, int]:
    values = {"selvledelse": selvledelse, "med-ledelse": med_ledelse}
    values["medarbeiderledelse"] = medarbeiderledelse
    return {f"{dim}-{n}": value for dim, value in values.items() for n in (1, 2, 3)}


@pytest.fixture
def disjoint(org) -> dict[str, list[str]]:
    """The three dimensions of aktivt medarbeiderskap, each with two sessions of its own."""
    chosen = {
        "selvledelse": ["Delegering", "Tillitsbasert ledelse"],
        "med-ledelse": ["Innovasjon og nyskaping", "Konflikthåndtering"],
        "medarbeiderledelse": ["Deg i samarbeid med andre", "Ledelse av generasjon Z"],
    }
    for key, names in chosen.items():
        sessions = LearningSession.objects.filter(title__in=names)
        recommendation_set(dimension_key=key, sessions=sessions, actor=org.hr)
    return {key: mapped(key) for key in chosen}


def test_the_lowest_dimension_comes_first(org, disjoint):
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(4, 1, 3))
    picked = titles(recommend_for(org.employee, limit=4))
    # Round-robin over the dimensions, lowest first: med-ledelse, medarbeiderledelse,
    # selvledelse, then each one's second.
    assert picked == [
        disjoint["med-ledelse"][0],
        disjoint["medarbeiderledelse"][0],
        disjoint["selvledelse"][0],
        disjoint["med-ledelse"][1],
    ]


def test_chosen_development_areas_come_before_low_scores(org, disjoint):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", scores(4, 1, 3))
    response.focus_areas.create(
        kind=FocusArea.Kind.DEVELOPMENT, position=1, item_key="selvledelse-2"
    )
    response.focus_areas.create(
        kind=FocusArea.Kind.STRENGTH, position=1, item_key="medarbeiderledelse-1"
    )
    picked = recommend_for(org.employee, limit=2)
    assert titles(picked) == [disjoint["selvledelse"][0], disjoint["med-ledelse"][0]]
    assert recommend_for_response(response, limit=2) == picked


def test_the_seed_mapping_gives_three_different_sessions(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(4, 1, 3))
    picked = recommend_for(org.employee)
    assert len(picked) == 3 and len(set(picked)) == 3
    assert picked[0].title == mapped("med-ledelse")[0]


def test_no_duplicates_when_dimensions_share_sessions(org):
    shared = LearningSession.objects.get(title="Aktivt medarbeiderskap")
    recommendation_set(dimension_key="selvledelse", sessions=[shared], actor=org.hr)
    recommendation_set(dimension_key="med-ledelse", sessions=[shared], actor=org.hr)
    recommendation_set(dimension_key="medarbeiderledelse", sessions=[shared], actor=org.hr)
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(1, 2, 3))
    assert recommend_for(org.employee, limit=3) == [shared]


def test_inactive_sessions_are_skipped(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(4, 1, 3))
    first = LearningSession.objects.get(title=mapped("med-ledelse")[0])
    first.is_active = False
    first.save()
    picked = recommend_for(org.employee, limit=10)
    assert first not in picked
    assert picked[0].title == mapped("med-ledelse")[1]
    assert all(s.is_active for s in picked)


def test_only_the_latest_submitted_response_of_each_instrument_counts(org):
    earlier = timezone.now() - timedelta(days=60)
    submitted_response(
        org.employee, "aktivt-medarbeiderskap", scores(1, 5, 5), submitted_at=earlier
    )
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(5, 5, 1))
    # Another person's low scores and the person's own drafts play no part.
    submitted_response(org.colleague, "aktivt-medarbeiderskap", scores(5, 1, 5))
    assert recommend_for(org.employee, limit=1)[0].title == mapped("medarbeiderledelse")[0]


def test_dimensions_of_several_instruments_are_ranked_together(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", 4)
    submitted_response(
        org.employee, "karrierebevissthet", {"kompetansebevissthet-1": 1, "karrierebevissthet-1": 3}
    )
    assert recommend_for(org.employee, limit=1)[0].title == mapped("kompetansebevissthet")[0]


def test_nothing_to_recommend_without_results(org):
    assert recommend_for(org.employee) == []
    assert render_to_string("learning/_recommendations.html", {"sessions": []}).strip() == ""


def test_the_recommendations_card(org):
    submitted_response(org.employee, "aktivt-medarbeiderskap", scores(4, 1, 3))
    sessions = recommend_for(org.employee)
    sessions[0].link = "https://laering.example.no/x"
    html = render_to_string("learning/_recommendations.html", {"sessions": sessions})
    assert "Læringsøkter for deg" in html
    # Each recommendation opens the session's page in Aktiv, which holds the link if set.
    assert html.count('href="/laering/okter/') == len(sessions)
    assert all(s.title in html for s in sessions)


def test_recommendations_take_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for key in ("aktivt-medarbeiderskap", "karrierebevissthet", "lederferdigheter"):
        for _ in range(3):
            submitted_response(org.employee, key, 2)
    with django_assert_max_num_queries(4):
        recommend_for(org.employee)


@pytest.mark.parametrize("limit", [0, 1, 5])
def test_the_limit_is_kept(org, limit):
    submitted_response(org.employee, "lederferdigheter", 2)
    assert len(recommend_for(org.employee, limit=limit)) == limit


def test_a_changed_mapping_keeps_the_order_of_what_stayed(org):
    before = mapped("maktdeling")  # Delegering, Tillitsbasert ledelse, Ditt handlingsrom …
    keep = LearningSession.objects.filter(title__in=before[1:])
    new = LearningSession.objects.get(title="Konflikthåndtering")
    recommendation_set(dimension_key="maktdeling", sessions=[new, *keep], actor=org.hr)
    assert mapped("maktdeling") == [*before[1:], "Konflikthåndtering"]
