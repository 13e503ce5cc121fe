"""Who must never see or change a response (PRODUCT.md section 3). Each refusal is a 404 or
a redirect to the login page, never the data, and nothing is stored."""

import pytest
from django.urls import reverse

from aktiv.assessments.models import Response

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response

KEY = "aktivt-medarbeiderskap"
SECRET_NOTE = "Hemmelig notat om utvikling"


@pytest.fixture
def response(org):
    response = submitted_response(org.employee, KEY, 3)
    response.focus_areas.create(
        kind="development", position=1, item_key="selvledelse-1", note=SECRET_NOTE
    )
    return response


def refused(result):
    if result.status_code == 302:
        return result["Location"].startswith(reverse("login"))
    return result.status_code == 404


def personas_refused_reading(org, shared):
    """Everyone but the owner (and, when shared, their current leader)."""
    people = {
        "anonymous": None,
        "colleague": org.colleague,
        "other_employee": org.other_employee,
        "other_leader": org.other_leader,
        "hr": org.hr,
        "admin": org.admin,
    }
    if not shared:
        people["leader"] = org.leader
    return people


@pytest.mark.parametrize("shared", [False, True])
def test_reading_is_refused(org, response, shared):
    if shared:
        response.share_with_leader()
    for name, person in personas_refused_reading(org, shared).items():
        result = client_for(person).get(response.get_absolute_url())
        assert refused(result), name
        assert SECRET_NOTE not in result.content.decode(), name
    assert client_for(org.employee).get(response.get_absolute_url()).status_code == 200


def test_former_leader_loses_access_when_leader_changes(org, response):
    response.share_with_leader()
    assert client_for(org.leader).get(response.get_absolute_url()).status_code == 200
    org.employee.leader = org.other_leader
    org.employee.save()
    # The old leader no longer sees it; the new one was never given it.
    for person in (org.leader, org.other_leader):
        result = client_for(person).get(response.get_absolute_url())
        assert result.status_code == 404
        assert (
            response.get_absolute_url()
            not in client_for(person).get(reverse("team")).content.decode()
        )


def test_leader_never_sees_drafts_even_if_flagged_shared(org):
    draft = Response.objects.create(
        person=org.employee, instrument_key=KEY, instrument_version=1, shared_with=org.leader
    )
    assert client_for(org.leader).get(draft.get_absolute_url()).status_code == 404


def test_deactivated_owner_hides_shared_response(org, response):
    response.share_with_leader()
    org.employee.is_active = False
    org.employee.save()
    assert client_for(org.leader).get(response.get_absolute_url()).status_code == 404


WRITE_ACTIONS = [
    ("assessments:answer", {"submit": "1", "item-selvledelse-1": "1"}),
    (
        "assessments:focus",
        {
            "development_1": "selvledelse-2",
            "development_2": "selvledelse-3",
            "strength_1": "med-ledelse-1",
            "strength_2": "med-ledelse-2",
        },
    ),
    ("assessments:sharing", {"action": "share"}),
    ("assessments:discard", {}),
]


@pytest.mark.parametrize(("url_name", "data"), WRITE_ACTIONS)
def test_only_the_owner_can_change(org, response, url_name, data):
    response.share_with_leader()
    before = (
        list(response.answers.values_list("item_key", "value")),
        list(response.focus_areas.values_list("item_key", "note")),
    )
    for name, person in personas_refused_reading(org, shared=False).items():
        result = client_for(person).post(reverse(url_name, args=[response.uuid]), data)
        assert refused(result), (url_name, name)
    response.refresh_from_db()
    assert response.shared_with == org.leader
    assert (
        list(response.answers.values_list("item_key", "value")),
        list(response.focus_areas.values_list("item_key", "note")),
    ) == before


def test_leader_cannot_withdraw_or_reshare(org, response):
    response.share_with_leader()
    result = client_for(org.leader).post(
        reverse("assessments:sharing", args=[response.uuid]), {"action": "withdraw"}
    )
    assert result.status_code == 404
    assert Response.objects.get(pk=response.pk).shared_with == org.leader


def test_another_persons_uuid_is_refused_for_drafts(org, login):
    draft = Response.objects.create(person=org.colleague, instrument_key=KEY, instrument_version=1)
    client = login(org.employee)
    result = client.post(
        reverse("assessments:answer", args=[draft.uuid]), {"save": "1", "item-selvledelse-1": "5"}
    )
    assert result.status_code == 404
    assert not draft.answers.exists()


@pytest.mark.parametrize(
    ("tampered", "message"),
    [
        ({"item-selvledelse-1": "0"}, "Velg et tall fra 1 til 5."),
        ({"item-selvledelse-1": "6"}, "Velg et tall fra 1 til 5."),
        ({"item-selvledelse-1": "tre"}, "Velg et tall fra 1 til 5."),
        ({"item-selvledelse-1": "3.5"}, "Velg et tall fra 1 til 5."),
        ({"item-maktdeling-1": "3"}, "hører til denne egenvurderingen"),
    ],
)
@pytest.mark.parametrize("button", ["save", "submit"])
def test_tampered_answers_are_refused(org, login, tampered, message, button):
    client = login(org.employee)
    client.post(reverse("assessments:start", args=[KEY]))
    draft = Response.objects.get(person=org.employee)
    client.post(
        reverse("assessments:answer", args=[draft.uuid]), {"save": "1", "item-med-ledelse-1": "4"}
    )
    data = {f"item-{i.key}": "3" for i in draft.instrument.items} | tampered | {button: "1"}
    result = client.post(reverse("assessments:answer", args=[draft.uuid]), data)
    assert result.status_code == 400
    assert message in result.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert draft.answers_by_item() == {"med-ledelse-1": 4}


def test_pages_for_signed_in_only(org):
    anonymous = client_for(None)
    for url in (
        reverse("home"),
        reverse("team"),
        reverse("assessments:index"),
        reverse("assessments:instrument", args=[KEY]),
    ):
        assert refused(anonymous.get(url)), url


def test_team_page_refuses_non_leaders(org):
    for person in (org.employee, org.hr, org.admin):
        assert client_for(person).get(reverse("team")).status_code == 404


def test_team_page_shows_only_own_reports_shares(org):
    mine = submitted_response(org.employee, KEY, 3)
    mine.share_with_leader()
    theirs = submitted_response(org.other_employee, KEY, 3)
    theirs.share_with_leader()
    unshared = submitted_response(org.colleague, KEY, 3)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert mine.get_absolute_url() in page
    assert theirs.get_absolute_url() not in page
    assert unshared.get_absolute_url() not in page
    assert "Kari Kollega" in page and "Ola Annen" not in page


def test_team_page_query_count_does_not_grow(org, django_assert_max_num_queries):
    def add_reports(count):
        for _ in range(count):
            report = PersonFactory.create(leader=org.leader, unit=org.unit)
            submitted_response(report, KEY, 3).share_with_leader()

    client = client_for(org.leader)
    client.get(reverse("team"))  # the first request after login also writes the session
    add_reports(3)
    with django_assert_max_num_queries(16) as small:
        client.get(reverse("team"))
    add_reports(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("team"))
