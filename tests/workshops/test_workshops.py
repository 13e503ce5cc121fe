"""Kursmodus: a facilitator opens a workshop, participants join with a code (signed in or as
guests) and answer the open step; the presenter sees the group's figures only from k
answers; every refusal is a clear page and stores nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from aktiv.assessments.models import Response
from aktiv.audit.models import ActionEntry
from aktiv.workshops import services
from aktiv.workshops.models import (
    CODE_ALPHABET,
    Facilitator,
    Participant,
    StepAnswer,
    Submission,
    Workshop,
    can_facilitate,
)
from aktiv.workshops.tasks import workshops_sweep

from ..conftest import client_for
from .conftest import all_items, guest_joins


def _answer_url(workshop, position):
    step = workshop.steps.get(position=position)
    return reverse("workshops:answer", args=[workshop.code, step.uuid])


def _stored() -> tuple[int, int, int, int]:
    return (
        Participant.objects.count(),
        Submission.objects.count(),
        StepAnswer.objects.count(),
        Response.objects.count(),
    )


# Opening a workshop


def test_a_leader_opens_a_workshop_and_gets_a_code_link_and_qr(org):
    client = client_for(org.leader)
    response = client.post(
        reverse("workshops:create"), {"title": "Samling", "threshold": 3, "collect_text": "on"}
    )
    workshop = Workshop.objects.get()
    assert response["Location"] == workshop.get_absolute_url()
    assert len(workshop.code) == 6 and set(workshop.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert workshop.code in page
    assert f"http://testserver/kurs/k/{workshop.code}/" in page
    assert '<svg role="img" aria-label="QR-kode til kurset"' in page


def test_who_may_facilitate(org):
    assert can_facilitate(org.leader) and can_facilitate(org.hr)
    assert not can_facilitate(org.employee)
    assert client_for(org.employee).get(reverse("workshops:mine")).status_code == 404
    services.facilitator_grant(actor=org.hr, person=org.employee)
    assert can_facilitate(org.employee)
    assert client_for(org.employee).get(reverse("workshops:mine")).status_code == 200
    assert ActionEntry.objects.filter(action="workshops.facilitator_grant").exists()


def test_hr_grants_and_revokes_the_facilitator_flag(org):
    hr = client_for(org.hr)
    page = hr.get(reverse("workshops:facilitators")).content.decode()
    assert "<select" not in page and org.colleague.email not in page  # nobody is listed
    url = reverse("workshops:facilitator_grant")
    assert hr.post(url, {"person": org.colleague.email.upper()}).status_code == 302
    grant = Facilitator.objects.get(person=org.colleague)
    assert "Kari Kollega" in hr.get(reverse("workshops:facilitators")).content.decode()
    hr.post(reverse("workshops:facilitator_revoke", args=[grant.uuid]))
    assert not Facilitator.objects.exists()
    # Not an address, nobody's address, someone who has left: a message, nothing stored.
    refused = hr.post(url, {"person": "tull"})
    assert refused.status_code == 400 and "gyldig e-postadresse" in refused.content.decode()
    refused = hr.post(url, {"person": "ingen@example.no"})
    assert refused.status_code == 400
    assert "Ingen person har e-postadressen «ingen@example.no»." in refused.content.decode()
    org.colleague.is_active = False
    org.colleague.save()
    refused = hr.post(url, {"person": org.colleague.email})
    assert refused.status_code == 400 and "Personen har sluttet." in refused.content.decode()
    assert not Facilitator.objects.exists()


@pytest.mark.parametrize("threshold", [2, 0, -1, 6, 100])
def test_the_threshold_is_never_below_3_nor_above_the_organisations(org, threshold):
    response = client_for(org.leader).post(
        reverse("workshops:create"), {"title": "Samling", "threshold": threshold}
    )
    assert response.status_code == 400
    assert not Workshop.objects.exists()
    with pytest.raises(ValidationError):
        services.workshop_open(
            facilitator=org.leader, title="x", threshold=threshold, collect_text=False
        )


def test_an_employee_cannot_open_a_workshop(org):
    response = client_for(org.employee).post(
        reverse("workshops:create"), {"title": "Samling", "threshold": 5}
    )
    assert response.status_code == 404 and not Workshop.objects.exists()


def test_a_step_from_outside_the_lists_is_refused(org, workshop):
    client = client_for(org.leader)
    for data in (
        {"source": "instrument:finnes-ikke"},
        {"source": "reflection:tre-sporsmal:nope"},
        {"source": "scale", "text": ""},
        {"source": "scale", "text": "x" * 301},
    ):
        response = client.post(reverse("workshops:step_add", args=[workshop.uuid]), data)
        assert response.status_code == 400, data
    assert workshop.steps.count() == 3


def test_only_the_facilitator_reaches_the_workshop(org, workshop):
    for who in (org.other_leader, org.hr, org.employee):
        client = client_for(who)
        assert client.get(reverse("workshops:control", args=[workshop.uuid])).status_code == 404
        assert client.get(reverse("workshops:present", args=[workshop.uuid])).status_code == 404
        url = reverse("workshops:close", args=[workshop.uuid])
        assert client.post(url).status_code == 404
    workshop.refresh_from_db()
    assert workshop.is_open


# Joining and answering


def test_a_guest_joins_with_the_code_typed_loosely_and_answers(org, workshop):
    services.step_start(step=workshop.steps.get(position=1))
    assert "0 deltakere er med" in client_for(org.leader).get(workshop.get_absolute_url()).text
    guest = Client()
    typed = " ".join(workshop.code.lower())
    response = guest.post(reverse("workshops:join_submit"), {"code": typed})
    assert response["Location"] == workshop.join_url()
    participant = Participant.objects.get()
    assert participant.person is None
    assert "1 deltaker er med" in client_for(org.leader).get(workshop.get_absolute_url()).text
    page = guest.get(workshop.join_url()).content.decode()
    assert "Send svaret" in page and "historikk" not in page
    response = guest.post(_answer_url(workshop, 1), all_items(4))
    assert response.status_code == 302
    assert Submission.objects.filter(participant=participant).count() == 1
    assert StepAnswer.objects.filter(value=4).count() == 9
    assert "Takk, svaret ditt er med" in guest.get(workshop.join_url()).content.decode()


def test_a_guest_replaying_an_answer_is_refused_and_nothing_is_stored(org, workshop):
    services.step_start(step=workshop.steps.get(position=1))
    guest = guest_joins(workshop)
    guest.post(_answer_url(workshop, 1), all_items(4))
    before = _stored()
    replay = guest.post(_answer_url(workshop, 1), all_items(1))
    assert replay.status_code == 409
    assert "Du har allerede svart" in replay.content.decode()
    assert _stored() == before
    assert not StepAnswer.objects.filter(value=1).exists()


def test_the_same_guest_joining_again_is_the_same_participant(workshop):
    guest = guest_joins(workshop)
    guest_joins(workshop, guest)
    assert Participant.objects.count() == 1


def test_a_forged_cookie_is_a_stranger(workshop):
    services.step_start(step=workshop.steps.get(position=1))
    guest = Client()
    guest.cookies[f"kurs_{workshop.code}"] = "fake"
    response = guest.post(_answer_url(workshop, 1), all_items())
    assert response.status_code == 403 and "Bli med i kurset" in response.content.decode()
    assert _stored() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"item_x": 3},
        dict(list(all_items().items())[:8]),
        {k: 6 for k in all_items()},
        {k: "tre" for k in all_items()},
    ],
)
def test_incomplete_or_bad_answers_are_refused(workshop, data):
    services.step_start(step=workshop.steps.get(position=1))
    guest = guest_joins(workshop)
    before = _stored()
    response = guest.post(_answer_url(workshop, 1), data)
    assert response.status_code in (400, 409)
    assert _stored() == before


def test_an_answer_to_a_step_that_is_not_open_is_refused(workshop):
    services.step_start(step=workshop.steps.get(position=1))
    guest = guest_joins(workshop)
    before = _stored()
    response = guest.post(_answer_url(workshop, 3), {"item_svar": 3})
    assert response.status_code == 409 and "ikke åpent" in response.content.decode()
    assert _stored() == before


def test_an_unknown_code_an_expired_code_and_a_closed_workshop_get_a_clear_page(workshop):
    guest = Client()
    unknown = guest.post(reverse("workshops:join_submit"), {"code": "ZZZZZZ"})
    assert unknown.status_code == 400 and "fant ikke" in unknown.content.decode()
    Workshop.objects.filter(pk=workshop.pk).update(expires_at=timezone.now())
    expired = guest.post(reverse("workshops:join_submit"), {"code": workshop.code})
    assert "Koden er utløpt" in expired.content.decode()
    Workshop.objects.filter(pk=workshop.pk).update(expires_at=timezone.now() + timedelta(hours=1))
    services.workshop_close(workshop=workshop)
    closed = guest.post(reverse("workshops:join_submit"), {"code": workshop.code})
    assert "avsluttet" in closed.content.decode()
    assert guest.get(workshop.join_url()).status_code == 410
    assert Participant.objects.count() == 0


def test_answers_after_the_close_are_refused(workshop):
    services.step_start(step=workshop.steps.get(position=1))
    guest = guest_joins(workshop)
    services.workshop_close(workshop=workshop)
    before = _stored()
    response = guest.post(_answer_url(workshop, 1), all_items())
    assert response.status_code == 410 and "avsluttet" in response.content.decode()
    assert _stored() == before


@override_settings(WORKSHOP_JOINS_PER_IP=3)
def test_a_flood_of_joins_from_one_address_is_refused(workshop):
    for _ in range(3):
        guest_joins(workshop)
    flood = Client().post(reverse("workshops:join_submit"), {"code": workshop.code})
    assert flood.status_code == 429
    assert "For mange forsøk" in flood.content.decode()
    assert Participant.objects.count() == 3
    # Another address is let in.
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.post(reverse("workshops:join_submit"), {"code": workshop.code}).status_code == 302


def test_a_signed_in_participant_may_keep_an_instrument_in_their_history(org, workshop):
    services.step_start(step=workshop.steps.get(position=1))
    employee = client_for(org.employee)
    employee.post(reverse("workshops:join_submit"), {"code": workshop.code})
    assert Participant.objects.get().person == org.employee
    page = employee.get(workshop.join_url()).content.decode()
    assert "Lagre svarene i min egen historikk" in page
    employee.post(_answer_url(workshop, 1), {**all_items(5), "keep": "on"})
    response = Response.objects.get(person=org.employee)
    assert response.is_submitted and response.instrument_key == "aktivt-medarbeiderskap"
    assert set(response.answers_by_item().values()) == {5}
    assert response.shared_with is None  # kept for themselves, not shared


def test_by_default_a_signed_in_participant_keeps_nothing(org, workshop):
    services.step_start(step=workshop.steps.get(position=1))
    colleague = client_for(org.colleague)
    colleague.post(reverse("workshops:join_submit"), {"code": workshop.code})
    colleague.post(_answer_url(workshop, 1), all_items(2))
    assert not Response.objects.exists()
    assert StepAnswer.objects.filter(value=2).count() == 9


# The presenter


def _answer_scale(workshop, values: list[int], texts: bool = False):
    for value in values:
        guest = guest_joins(workshop)
        guest.post(_answer_url(workshop, workshop.current_position), {"item_svar": value})


def test_the_presenter_shows_the_distribution_only_from_k_answers(org, workshop):
    services.step_start(step=workshop.steps.get(position=3))
    facilitator = client_for(org.leader)
    url = reverse("workshops:present", args=[workshop.uuid])
    _answer_scale(workshop, [5, 4])
    page = facilitator.get(url).content.decode()
    assert "2 har svart" in page and "Svarene vises når minst 3 har svart" in page
    assert '<td class="num mean">' not in page
    _answer_scale(workshop, [4])
    live = facilitator.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "3 har svart" in live and '<td class="num mean">4,3</td>' in live
    assert "<html" not in live and 'hx-trigger="every 3s"' in live


def test_figures_change_only_by_whole_groups_of_k(org, workshop):
    """Whoever watches someone press "Send" cannot read their answer off the screen."""
    services.step_start(step=workshop.steps.get(position=3))
    facilitator = client_for(org.leader)
    url = reverse("workshops:present", args=[workshop.uuid])
    _answer_scale(workshop, [3, 3, 3])
    assert '<td class="num mean">3,0</td>' in facilitator.get(url).text
    _answer_scale(workshop, [5])
    page = facilitator.get(url).text
    assert "4 har svart" in page and '<td class="num mean">3,0</td>' in page
    _answer_scale(workshop, [5, 5])
    assert '<td class="num mean">4,0</td>' in facilitator.get(url).text


def test_free_text_is_shown_in_random_order_and_only_when_collected(org, workshop):
    services.step_start(step=workshop.steps.get(position=2))
    texts = [f"Svar nummer {n}" for n in range(8)]
    for text in texts:
        guest_joins(workshop).post(_answer_url(workshop, 2), {"text": text})
    page = client_for(org.leader).get(reverse("workshops:present", args=[workshop.uuid]))
    content = page.content.decode()
    # Two whole groups of k = 3 are shown; the last two wait for a third.
    shown = texts[:6]
    assert all(text not in content for text in texts[6:])
    positions = [content.index(text) for text in shown]
    assert positions != sorted(positions)  # not the order they came in


def test_text_is_refused_when_the_facilitator_does_not_collect_it(org):
    workshop = services.workshop_open(
        facilitator=org.leader, title="Uten tekst", threshold=3, collect_text=False
    )
    step = services.step_add(workshop=workshop, source="reflection:tre-sporsmal:want")
    services.step_start(step=step)
    guest = guest_joins(workshop)
    assert "Ferdig" in guest.get(workshop.join_url()).content.decode()
    guest.post(_answer_url(workshop, 1), {"text": "hemmelig"})
    assert not StepAnswer.objects.filter(text="hemmelig").exists()
    assert Submission.objects.count() == 1  # "done" counted, no text kept


def test_the_participant_page_polls_and_reloads_when_the_step_changes(workshop):
    guest = guest_joins(workshop)
    url = reverse("workshops:status", args=[workshop.code])
    htmx = {"HX-Request": "true"}
    assert guest.get(url, {"steg": "0"}, headers=htmx).status_code == 204
    services.step_start(step=workshop.steps.get(position=1))
    moved = guest.get(url, {"steg": "0"}, headers=htmx)
    assert moved.status_code == 200 and moved["HX-Refresh"] == "true"
    assert guest.get(url, {"steg": "1"}, headers=htmx).status_code == 204


# Closing, the PDF and retention


def test_closing_freezes_the_figures_and_the_sweep_deletes_answers_later(org, workshop):
    services.step_start(step=workshop.steps.get(position=3))
    _answer_scale(workshop, [1, 2, 3, 4])
    client_for(org.leader).post(reverse("workshops:close", args=[workshop.uuid]))
    workshop.refresh_from_db()
    # Figures come in whole groups of k = 3: the fourth answer waits for two more.
    assert not workshop.is_open and workshop.summary[2]["items"][0]["counts"] == [1, 1, 1, 0, 0]
    workshops_sweep.call()
    assert StepAnswer.objects.count() == 4  # kept until the retention period has passed
    Workshop.objects.filter(pk=workshop.pk).update(closed_at=timezone.now() - timedelta(days=31))
    workshops_sweep.call()
    assert StepAnswer.objects.count() == 0 and Participant.objects.count() == 0
    page = client_for(org.leader).get(workshop.get_absolute_url()).content.decode()
    assert "4 har svart" in page and '<td class="num mean">2,0</td>' in page
    assert "1 svar venter" in page


def test_each_reader_sees_the_steps_and_the_frozen_results_in_their_language(org, workshop):
    # A guest whose browser asks for English reads the reflection question in English.
    services.step_start(step=workshop.steps.get(position=2))
    guest = guest_joins(workshop, Client(headers={"accept-language": "en"}))
    page = guest.get(reverse("workshops:participate", args=[workshop.code])).content.decode()
    assert "Three key questions: What do you want?" in page and "Hva vil du?" not in page
    # Three answer the instrument; the bokmål-reading leader closes the workshop.
    services.step_start(step=workshop.steps.get(position=1))
    for _ in range(3):
        guest_joins(workshop).post(_answer_url(workshop, 1), all_items(4))
    assert (
        client_for(org.leader).post(reverse("workshops:close", args=[workshop.uuid])).status_code
        == 302
    )
    workshop.refresh_from_db()
    assert "Jeg tar ansvar for egen trivsel og motivasjon" in str(workshop.summary)
    # Read in English afterwards: the frozen figures, in English words.
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    page = client_for(org.leader).get(workshop.get_absolute_url()).content.decode()
    assert "Self-assessment of active employeeship" in page
    assert "I take responsibility for my own well-being and motivation at work" in page
    assert "Three key questions: What do you want?" in page
    assert "Jeg tar ansvar" not in page and "Hva vil du?" not in page
    assert '<td class="num mean">4.0</td>' in page


def test_the_sweep_closes_a_workshop_whose_code_expired(workshop):
    Workshop.objects.filter(pk=workshop.pk).update(expires_at=timezone.now())
    workshops_sweep.call()
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED and len(workshop.summary) == 3


def test_the_pdf_holds_the_aggregate(org, workshop):
    pytest.importorskip("weasyprint")
    services.step_start(step=workshop.steps.get(position=3))
    _answer_scale(workshop, [5, 5, 4])
    services.workshop_close(workshop=workshop)
    response = client_for(org.leader).get(reverse("workshops:pdf", args=[workshop.uuid]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "kurs-ledersamling.pdf" in response["Content-Disposition"]


def test_the_facilitator_moves_on_from_the_presenter_view(org, workshop):
    client = client_for(org.leader)
    page = client.get(reverse("workshops:present", args=[workshop.uuid])).content.decode()
    assert "Åpne steg 1" in page
    step = workshop.steps.get(position=1)
    url = reverse("workshops:step_start", args=[workshop.uuid, step.uuid])
    response = client.post(url, {"next": "present"})
    assert response["Location"] == reverse("workshops:present", args=[workshop.uuid])
    workshop.refresh_from_db()
    assert workshop.current_position == 1
    assert "Åpne steg 2" in client.get(response["Location"]).content.decode()


def test_keeping_leaves_a_draft_alone_and_skips_an_instrument_not_for_the_person(org):
    draft = Response.objects.create(
        person=org.employee, instrument_key="aktivt-medarbeiderskap", instrument_version=1
    )
    workshop = services.workshop_open(
        facilitator=org.leader, title="To steg", threshold=3, collect_text=False
    )
    first = services.step_add(workshop=workshop, source="instrument:aktivt-medarbeiderskap")
    leaders = services.step_add(workshop=workshop, source="instrument:lederferdigheter")
    employee = client_for(org.employee)
    employee.post(reverse("workshops:join_submit"), {"code": workshop.code})
    services.step_start(step=first)
    employee.post(_answer_url(workshop, 1), {**all_items(4), "keep": "on"})
    assert Response.objects.filter(person=org.employee).count() == 2
    draft.refresh_from_db()
    assert not draft.is_submitted and not draft.answers.exists()
    services.step_start(step=leaders)
    page = employee.get(workshop.join_url()).content.decode()
    assert "Lagre svarene i min egen historikk" not in page
    items = {f"item_{key}": 3 for key, _text in leaders.items()}
    employee.post(_answer_url(workshop, 2), {**items, "keep": "on"})
    assert Submission.objects.filter(step=leaders).count() == 1
    assert Response.objects.filter(person=org.employee).count() == 2


def test_the_presenter_poll_costs_the_same_with_more_answers(
    org, workshop, django_assert_max_num_queries
):
    services.step_start(step=workshop.steps.get(position=1))
    facilitator = client_for(org.leader)
    url = reverse("workshops:present", args=[workshop.uuid])
    htmx = {"HX-Request": "true"}
    for _ in range(3):
        guest_joins(workshop).post(_answer_url(workshop, 1), all_items(3))
    facilitator.get(url, headers=htmx)  # the first request also writes the session
    with django_assert_max_num_queries(14) as few:  # 6 of them: session, person, 2nd factor
        facilitator.get(url, headers=htmx)
    few_queries = len(few.captured_queries)  # read now: every request empties the log
    for _ in range(9):
        guest_joins(workshop).post(_answer_url(workshop, 1), all_items(3))
    with django_assert_max_num_queries(few_queries):
        live = facilitator.get(url, headers=htmx).content.decode()
    assert "12 har svart" in live and "Emma" not in live and "Lena" not in live
