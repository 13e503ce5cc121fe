"""The self-assessment as a person uses it: start, draft, submit, result, focus, share."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments import definitions
from aktiv.assessments.models import FocusArea, Response
from aktiv.assessments.services import focus_areas_save

from ..factories import submitted_response

KEY = "aktivt-medarbeiderskap"
INSTRUMENT = definitions.latest(KEY)


def all_answers(value=4, **overrides):
    data = {f"item-{item.key}": str(value) for item in INSTRUMENT.items}
    data.update({f"item-{k}": str(v) for k, v in overrides.items()})
    return data


@pytest.fixture
def employee_client(org, login):
    return login(org.employee)


def start(client):
    response = client.post(reverse("assessments:start", args=[KEY]))
    assert response.status_code == 302
    return Response.objects.get(status="draft", instrument_key=KEY)


def test_index_lists_instruments_for_employee(org, employee_client):
    page = employee_client.get(reverse("assessments:index")).content.decode()
    assert "Egenevaluering av aktivt medarbeiderskap" in page
    assert "Kartlegging og analyse av egen karrierebevissthet" in page
    assert "Lederferdigheter som utvikler aktivt medarbeiderskap" not in page
    # The way to the 180° requests and the upward rounds, also when nothing is waiting.
    assert f'href="{reverse("feedback:mine")}"' in page


def test_leader_sees_leader_instrument(org, login):
    page = login(org.leader).get(reverse("assessments:index")).content.decode()
    assert "Lederferdigheter som utvikler aktivt medarbeiderskap" in page


def test_employee_cannot_open_leader_instrument(org, employee_client):
    assert (
        employee_client.get(
            reverse("assessments:instrument", args=["lederferdigheter"])
        ).status_code
        == 404
    )
    assert (
        employee_client.post(reverse("assessments:start", args=["lederferdigheter"])).status_code
        == 404
    )
    assert not Response.objects.exists()


def test_unknown_instrument_is_404(org, employee_client):
    assert (
        employee_client.get(reverse("assessments:instrument", args=["finnes-ikke"])).status_code
        == 404
    )


def test_answer_page_shows_all_items_with_labelled_scale(org, employee_client):
    draft = start(employee_client)
    page = employee_client.get(draft.get_absolute_url()).content.decode()
    for item in INSTRUMENT.items:
        assert item.text in page
    assert page.count('type="radio"') == 5 * len(INSTRUMENT.items)
    assert "I svært liten grad" in page and "I svært stor grad" in page


def test_draft_is_saved_and_resumed(org, employee_client):
    draft = start(employee_client)
    data = {"item-selvledelse-1": "2", "item-med-ledelse-3": "5", "save": "1"}
    response = employee_client.post(reverse("assessments:answer", args=[draft.uuid]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert draft.answers_by_item() == {"selvledelse-1": 2, "med-ledelse-3": 5}
    # Coming back later: the same draft, with the answers checked.
    assert start(employee_client) == draft
    page = employee_client.get(draft.get_absolute_url()).content.decode()
    assert re.search(r'name="item-selvledelse-1" value="2"[^>]*checked', page)
    assert re.search(r'name="item-med-ledelse-3" value="5"[^>]*checked', page)
    assert not re.search(r'name="item-selvledelse-2"[^>]*checked', page)


def test_incomplete_submission_names_missing_items_and_keeps_answers(org, employee_client):
    draft = start(employee_client)
    data = all_answers(3)
    del data["item-med-ledelse-3"], data["item-selvledelse-2"]
    data["submit"] = "1"
    response = employee_client.post(reverse("assessments:answer", args=[draft.uuid]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 mangler svar" in page
    assert "Jeg gjør min leder god" in page.split("Noe må rettes")[1].split("</ul>")[0]
    assert (
        "Jeg tar ansvar for egen karriere- og kompetanseutvikling"
        in page.split("Noe må rettes")[1].split("</ul>")[0]
    )
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert len(draft.answers_by_item()) == len(INSTRUMENT.items) - 2


def test_submit_shows_result_with_means(org, employee_client):
    draft = start(employee_client)
    data = all_answers(4, **{"selvledelse-1": 1, "selvledelse-2": 2}) | {"submit": "1"}
    response = employee_client.post(
        reverse("assessments:answer", args=[draft.uuid]), data, follow=True
    )
    page = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert "Egenvurderingen er levert" in page
    assert "<svg" in page and 'role="img"' in page
    # Selvledelse: (1 + 2 + 4) / 3 = 2.33 -> "2,3"; others 4,0.
    assert '<th scope="row">Selvledelse</th>\n          <td class="num">2,3</td>' in page
    assert '<th scope="row">Med-ledelse</th>\n          <td class="num">4,0</td>' in page


def test_result_shows_change_since_previous(org, employee_client):
    submitted_response(org.employee, KEY, 2, submitted_at=timezone.now() - timedelta(days=200))
    latest = submitted_response(org.employee, KEY, 4)
    page = employee_client.get(latest.get_absolute_url()).content.decode()
    assert "Endring" in page
    assert page.count("+2,0") == 3


def test_submitted_response_cannot_be_changed(org, employee_client):
    response = submitted_response(org.employee, KEY, 3)
    employee_client.post(
        reverse("assessments:answer", args=[response.uuid]), all_answers(5) | {"submit": "1"}
    )
    assert set(Response.objects.get(pk=response.pk).answers_by_item().values()) == {3}


def test_focus_areas_are_proposed_then_saved(org, employee_client):
    values = {item.key: 3 for item in INSTRUMENT.items} | {
        "selvledelse-1": 1,
        "med-ledelse-2": 2,
        "medarbeiderledelse-3": 5,
        "med-ledelse-1": 5,
    }
    response = submitted_response(org.employee, KEY, values)
    page = employee_client.get(response.get_absolute_url()).content.decode()
    assert '<option value="selvledelse-1" selected>' in page
    assert '<option value="medarbeiderledelse-3" selected>' in page
    data = {
        "development_1": "selvledelse-1",
        "development_1_note": "Be om en fast ukentlig prat",
        "development_2": "selvledelse-3",
        "development_2_note": "",
        "strength_1": "med-ledelse-1",
        "strength_1_note": "Brukes i teamet",
        "strength_2": "medarbeiderledelse-3",
        "strength_2_note": "",
    }
    assert (
        employee_client.post(reverse("assessments:focus", args=[response.uuid]), data).status_code
        == 302
    )
    stored = {(a.kind, a.position): (a.item_key, a.note) for a in response.focus_areas.all()}
    assert stored[("development", 1)] == ("selvledelse-1", "Be om en fast ukentlig prat")
    assert stored[("development", 2)] == ("selvledelse-3", "")
    assert stored[("strength", 2)] == ("medarbeiderledelse-3", "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"development_2": "selvledelse-1"}, "Velg to forskjellige utviklingsområder."),
        ({"strength_1": "selvledelse-1"}, "både utviklingsområde og styrke"),
        ({"strength_2": "maktdeling-1"}, "Velg et utsagn fra listen."),
        ({"development_1": ""}, "Velg utviklingsområde 1."),
        ({"development_1_note": "x" * 2001}, "Teksten kan ha høyst 2000 tegn. Den har nå 2001."),
    ],
)
def test_bad_focus_input_is_refused(org, employee_client, change, message):
    response = submitted_response(org.employee, KEY, 3)
    FocusArea.objects.create(
        response=response, kind="development", position=1, item_key="med-ledelse-1"
    )
    data = {
        "development_1": "selvledelse-1",
        "development_2": "selvledelse-2",
        "strength_1": "med-ledelse-1",
        "strength_2": "med-ledelse-2",
    } | change
    result = employee_client.post(reverse("assessments:focus", args=[response.uuid]), data)
    assert result.status_code == 400
    assert message in result.content.decode()
    assert list(response.focus_areas.values_list("item_key", flat=True)) == ["med-ledelse-1"]


def test_share_and_withdraw(org, employee_client, login):
    response = submitted_response(org.employee, KEY, 3)
    url = reverse("assessments:sharing", args=[response.uuid])
    assert employee_client.post(url, {"action": "share"}).status_code == 302
    response.refresh_from_db()
    assert response.shared_with == org.leader and response.shared_at is not None
    leader_page = login(org.leader).get(reverse("team")).content.decode()
    assert response.get_absolute_url() in leader_page
    assert login(org.leader).get(response.get_absolute_url()).status_code == 200

    employee_client.post(url, {"action": "withdraw"})
    response.refresh_from_db()
    assert response.shared_with is None
    assert login(org.leader).get(response.get_absolute_url()).status_code == 404
    assert (
        response.get_absolute_url() not in login(org.leader).get(reverse("team")).content.decode()
    )


def test_draft_cannot_be_shared(org, employee_client):
    draft = start(employee_client)
    page = employee_client.post(
        reverse("assessments:sharing", args=[draft.uuid]), {"action": "share"}, follow=True
    ).content.decode()
    assert "Lever egenvurderingen før du deler den." in page
    assert Response.objects.get(pk=draft.pk).shared_with is None


def test_person_without_leader_cannot_share(org, login):
    response = submitted_response(org.hr, KEY, 3)
    page = (
        login(org.hr)
        .post(
            reverse("assessments:sharing", args=[response.uuid]), {"action": "share"}, follow=True
        )
        .content.decode()
    )
    assert "ingen leder" in page
    assert Response.objects.get(pk=response.pk).shared_with is None


def test_history_lists_every_submitted_response(org, employee_client):
    old = submitted_response(
        org.employee, KEY, 2, submitted_at=timezone.now() - timedelta(days=300)
    )
    new = submitted_response(org.employee, KEY, 4)
    page = employee_client.get(reverse("assessments:instrument", args=[KEY])).content.decode()
    assert old.get_absolute_url() in page and new.get_absolute_url() in page
    assert employee_client.get(old.get_absolute_url()).status_code == 200


def test_discard_draft(org, employee_client):
    draft = start(employee_client)
    employee_client.post(reverse("assessments:discard", args=[draft.uuid]))
    assert not Response.objects.filter(pk=draft.pk).exists()


def test_owner_can_delete_a_submitted_response(org, employee_client):
    response = submitted_response(org.employee, KEY, 3)
    response.focus_areas.create(kind="development", position=1, item_key="selvledelse-1")
    page = employee_client.get(response.get_absolute_url()).content.decode()
    assert "Slett denne egenvurderingen" in page
    employee_client.post(reverse("assessments:discard", args=[response.uuid]))
    assert not Response.objects.filter(pk=response.pk).exists()
    assert not FocusArea.objects.filter(response_id=response.pk).exists()


def test_reading_a_shared_response_is_logged(org, login):
    response = submitted_response(org.employee, KEY, 3, shared_with=org.leader)
    login(org.leader).get(response.get_absolute_url())
    entry = org.employee.access_log.get()
    assert (entry.actor, entry.action, entry.object_uuid) == (org.leader, "read", response.uuid)


def test_share_with_htmx_returns_only_the_sharing_fragment(org, employee_client):
    response = submitted_response(org.employee, KEY, 3)
    url = reverse("assessments:sharing", args=[response.uuid])
    result = employee_client.post(url, {"action": "share"}, headers={"HX-Request": "true"})
    page = result.content.decode()
    assert result.status_code == 200
    assert page.strip().startswith('<section id="deling"')
    # Screen readers hear the outcome from the page's standing live region ...
    assert '<div id="live-status" hx-swap-oob="innerHTML">Delt med Lena Leder' in page
    # ... and keyboard focus lands on the button that replaced the one pressed.
    assert re.search(r"<button[^>]*autofocus>Trekk tilbake delingen", page)
    assert "Delt med Lena Leder" in page and "Trekk tilbake delingen" in page
    assert "<html" not in page
    assert Response.objects.get(pk=response.pk).shared_with == org.leader


def test_the_service_refuses_an_oversized_note(org):
    response = submitted_response(org.employee, KEY, 3)
    with pytest.raises(ValidationError) as refused:
        focus_areas_save(
            response=response,
            development=[("selvledelse-1", "x" * 2001), ("selvledelse-2", "")],
            strengths=[("med-ledelse-1", ""), ("med-ledelse-2", "")],
        )
    assert list(refused.value.message_dict) == ["note"]
    assert not response.focus_areas.exists()


def test_an_instruments_history_costs_the_same_however_long(
    org, employee_client, django_assert_num_queries
):
    """Each earlier response says whether it is shared with the leader: that must not read
    the owner again per row."""
    url = reverse("assessments:instrument", args=[KEY])

    def add(count, start):
        for n in range(start, start + count):
            response = submitted_response(
                org.employee, submitted_at=timezone.now() - timedelta(days=30 * n)
            )
            if n % 2:
                response.share_with_leader()

    add(2, 0)
    employee_client.get(url)  # the first request also writes the session
    with django_assert_num_queries(6) as small:
        employee_client.get(url)
    add(10, 2)
    with django_assert_num_queries(len(small.captured_queries)):
        page = employee_client.get(url).content.decode()
    responses = Response.objects.filter(person=org.employee)
    assert all(reverse("assessments:response", args=[r.uuid]) in page for r in responses)
