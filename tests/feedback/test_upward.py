"""Upward feedback: rounds, anonymous answers, and the gate on what the leader sees."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from aktiv.feedback import forms, services
from aktiv.feedback.models import UpwardParticipation, UpwardRound, UpwardSubmission
from aktiv.lib.anonymity import configured_threshold

from ..conftest import client_for
from ..factories import submitted_response
from .conftest import all_items


def answer_all(round, people, value=3):
    for person in people:
        result = client_for(person).post(
            reverse("feedback:answer_submit", args=[round.uuid]), all_items(value)
        )
        assert result.status_code == 302, result.content.decode()[:2000]


def test_the_leader_opens_a_round_and_the_reports_are_invited(org, team, mailoutbox):
    result = client_for(org.leader).post(reverse("feedback:upward_open"))
    round = UpwardRound.objects.get(leader=org.leader)
    assert result["Location"] == round.get_absolute_url()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in team)
    assert "anonym" in mailoutbox[0].body
    # A second open round for the same leader is refused, and nothing more is sent.
    result = client_for(org.leader).post(reverse("feedback:upward_open"), follow=True)
    assert "allerede en åpen runde" in result.content.decode()
    assert UpwardRound.objects.count() == 1 and len(mailoutbox) == len(team)


def test_hr_opens_and_closes_a_round_for_a_leader_but_sees_no_figures(org, team):
    hr = client_for(org.hr)
    result = hr.post(reverse("feedback:hr_open"), {"leader": org.leader.email.upper()})
    assert result.status_code == 302
    round = UpwardRound.objects.get(leader=org.leader)
    assert round.opened_by == org.hr
    answer_all(round, team, 4)
    hr.post(reverse("feedback:round_close", args=[round.uuid]))
    round.refresh_from_db()
    assert not round.is_open
    assert hr.get(round.get_absolute_url()).status_code == 404
    page = hr.get(reverse("feedback:hr")).content.decode()
    row = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Lena Leder" in row and '<td class="num">4</td>' in row and "lukket" in row
    assert "4,0" not in page


def test_hr_is_told_when_the_address_is_nobodys(org, team):
    result = client_for(org.hr).post(reverse("feedback:hr_open"), {"leader": "ingen@example.no"})
    assert result.status_code == 400
    assert "Ingen person har e-postadressen «ingen@example.no»" in result.content.decode()
    assert not UpwardRound.objects.exists()


def test_the_hr_page_costs_the_same_however_many_rounds(org, team, django_assert_num_queries):
    """The rounds are paged, open ones first, with their answer counts in the same query."""
    hr = client_for(org.hr)
    url = reverse("feedback:hr")

    def rounds(count):
        for _ in range(count):
            round = UpwardRound.objects.create(
                leader=org.leader, instrument_version=1, closed_on=timezone.localdate()
            )
            UpwardSubmission.objects.create(round=round, values={})

    rounds(2)
    open_round = services.upward_round_open(leader=org.leader, actor=org.hr)
    hr.get(url)  # the first request also writes the session
    with django_assert_num_queries(8) as small:
        hr.get(url)
    rounds(60)
    with django_assert_num_queries(len(small.captured_queries)):
        page = hr.get(url).content.decode()
    first_row = page.split("<tbody>")[1].split("</tr>")[0]
    assert reverse("feedback:round_close", args=[open_round.uuid]) in first_row
    assert "63 runder, de åpne først." in page and "Side 1 av 2" in page
    second = hr.get(url, {"side": "2"}).content.decode()
    assert second.split("<tbody>")[1].count("<tr>") == 13


def test_hr_cannot_open_a_round_for_someone_who_leads_nobody(org):
    result = client_for(org.hr).post(reverse("feedback:hr_open"), {"leader": org.hr.email})
    assert result.status_code == 400
    assert "Bare en leder med aktive medarbeidere" in result.content.decode()
    assert not UpwardRound.objects.exists()


def test_an_answer_is_stored_without_the_person_and_only_once(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, [org.employee], 5)
    assert UpwardParticipation.objects.filter(round=round, person=org.employee).exists()
    [submission] = UpwardSubmission.objects.all()
    assert submission.values == {k.removeprefix("item-"): 5 for k in all_items()}
    result = client_for(org.employee).post(
        reverse("feedback:answer_submit", args=[round.uuid]), all_items(1)
    )
    assert result.status_code == 400
    assert "Du har svart i denne runden" in result.content.decode()
    assert UpwardSubmission.objects.count() == 1


def test_an_incomplete_or_tampered_answer_is_refused_and_changes_nothing(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    url = reverse("feedback:answer_submit", args=[round.uuid])
    data = all_items(3)
    first = next(iter(data))
    data.pop(first)
    refused = client_for(org.employee).post(url, data)
    assert refused.status_code == 400
    # The open statement is marked and linked from the summary; the others keep their answer.
    page = refused.content.decode()
    assert f'<a href="#q-{first}">' in page
    assert f'class="item has-error" id="q-{first}"' in page and "Mangler svar." in page
    assert page.count('class="item has-error"') == 1
    assert page.count("checked") == len(data)
    assert client_for(org.employee).post(url, {**all_items(), "item-x": "3"}).status_code == 400
    assert client_for(org.employee).post(url, all_items(9)).status_code == 400
    assert not UpwardSubmission.objects.exists() and not UpwardParticipation.objects.exists()


def test_only_the_leaders_current_reports_may_answer(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    for outsider in (org.leader, org.other_employee, org.other_leader, org.hr):
        result = client_for(outsider).post(
            reverse("feedback:answer_submit", args=[round.uuid]), all_items()
        )
        assert result.status_code == 404
    with pytest.raises(ValidationError):
        services.upward_answer(round=round, person=org.other_employee, answers={})
    assert not UpwardSubmission.objects.exists()


def test_no_answers_after_the_round_is_closed(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    services.upward_round_close(round=round, actor=org.leader)
    result = client_for(org.employee).post(
        reverse("feedback:answer_submit", args=[round.uuid]), all_items()
    )
    assert result.status_code == 404
    assert not UpwardSubmission.objects.exists()


def _results_page(org, round) -> str:
    return client_for(org.leader).get(round.get_absolute_url()).content.decode()


def test_fewer_than_k_answers_show_nothing(org, team, settings):
    settings.ANONYMITY_THRESHOLD = 4
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, team[:3], 2)
    services.upward_round_close(round=round, actor=org.leader)
    page = _results_page(org, round)
    assert "For få svarte" in page
    assert "2,0" not in page and "<svg" not in page
    assert services.upward_results(round) is None


def test_an_open_round_shows_no_figures_even_with_enough_answers(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, team, 2)
    page = _results_page(org, round)
    # While open, the count moves in whole steps of k: one more answer does not show.
    k = configured_threshold()
    assert f"Minst {4 // k * k} har svart." in page and "4 har svart" not in page
    assert "2,0" not in page and "<svg" not in page
    hr_page = client_for(org.hr).get(reverse("feedback:hr")).content.decode()
    assert f"minst {4 // k * k}</td>" in hr_page


def test_a_closed_round_with_too_few_answers_says_fewer_than_k(org, team, settings):
    settings.ANONYMITY_THRESHOLD = 5
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, team[:2], 3)
    services.upward_round_close(round=round, actor=org.leader)
    page = _results_page(org, round)
    assert "Færre enn 5 har svart." in page and "2 har svart" not in page
    hr_page = client_for(org.hr).get(reverse("feedback:hr")).content.decode()
    assert "færre enn 5</td>" in hr_page


def test_k_answers_show_the_means_beside_the_leaders_own_assessment(org, team):
    submitted_response(org.leader, "lederferdigheter", 5)
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, team[:2], 2)
    answer_all(round, team[2:3], 5)
    services.upward_round_close(round=round, actor=org.leader)
    page = _results_page(org, round)
    assert "<svg" in page
    assert "Min leder er en god rollemodell" in page
    assert "3,0" in page  # the team's mean (2 + 2 + 5) / 3
    assert "−2,0" in page or "-2,0" in page  # the gap to the leader's own 5
    for person in team:
        assert person.full_name not in page


def test_the_leader_sees_only_their_own_rounds(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    assert client_for(org.other_leader).get(round.get_absolute_url()).status_code == 404
    result = client_for(org.other_leader).post(reverse("feedback:round_close", args=[round.uuid]))
    assert result.status_code == 404
    round.refresh_from_db()
    assert round.is_open


def test_no_query_can_join_an_upward_answer_to_a_person(org, team):
    """The answer's table holds the round and the values: no person, no time, and a random
    key; the "has answered" table shares nothing with it but the round. Every answer
    rewrites the round's answers with new keys, so no key survives to tie an answer to the
    moment someone answered."""
    fields = {f.name: f for f in UpwardSubmission._meta.concrete_fields}
    assert set(fields) == {"id", "round", "values"}
    assert isinstance(fields["id"], models.UUIDField)
    assert fields["round"].related_model is UpwardRound
    assert not any(
        isinstance(f, models.DateField | models.DateTimeField | models.TimeField)
        for f in UpwardSubmission._meta.concrete_fields
    )
    shared = {f.column for f in UpwardSubmission._meta.concrete_fields} & {
        f.column for f in UpwardParticipation._meta.concrete_fields
    }
    assert shared == {"id", "round_id"}  # "id" is a random UUID in both, never equal
    # The round points at the leader, never at anyone who answered.
    round_people = [
        f.name for f in UpwardRound._meta.concrete_fields if f.is_relation and f.name != "leader"
    ]
    assert round_people == ["opened_by"]
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_all(round, team[:1])
    first_keys = set(UpwardSubmission.objects.values_list("id", flat=True))
    participation_keys = set(UpwardParticipation.objects.values_list("id", flat=True))
    answer_all(round, team[1:])
    keys = set(UpwardSubmission.objects.values_list("id", flat=True))
    assert not first_keys & keys  # rewritten with new keys
    assert not participation_keys & keys
    assert UpwardSubmission.objects.count() == UpwardParticipation.objects.count() == 4


def test_min_side_invites_a_report_to_answer_until_they_have(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    answer_url = reverse("feedback:answer", args=[round.uuid])
    assert answer_url in client_for(org.employee).get("/").content.decode()
    assert answer_url not in client_for(org.other_employee).get("/").content.decode()
    answer_all(round, [org.employee])
    assert answer_url not in client_for(org.employee).get("/").content.decode()


def test_the_leaders_are_suggested_only_while_they_are_few(org, team, monkeypatch):
    hr = client_for(org.hr)
    page = hr.get(reverse("feedback:hr")).content.decode()
    assert 'list="leader-emails"' in page
    assert f'<option value="{org.leader.email}">Lena Leder</option>' in page
    assert org.employee.email not in page.split("<datalist")[1]  # leads nobody
    monkeypatch.setattr(forms, "FEW_LEADERS", 0)
    page = hr.get(reverse("feedback:hr")).content.decode()
    assert "<datalist" not in page and 'list="leader-emails"' not in page


def test_the_answer_form_and_the_results_are_in_the_readers_language(org, team):
    round = services.upward_round_open(leader=org.leader, actor=org.leader)
    team[0].language = "en"
    team[0].save(update_fields=["language"])
    form = client_for(team[0]).get(reverse("feedback:answer", args=[round.uuid])).content
    assert "My leader is a good role model" in form.decode()
    assert "To a very small extent" in form.decode()
    assert "Min leder" not in form.decode()
    answer_all(round, team[:3], 4)
    services.upward_round_close(round=round, actor=org.leader)
    org.leader.language = "nn"
    org.leader.save(update_fields=["language"])
    page = _results_page(org, round)
    assert "Leiaren min er ein god rollemodell" in page
    assert "Min leder" not in page
