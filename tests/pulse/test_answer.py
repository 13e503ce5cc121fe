"""Answering a round: one page, every statement required, once per person, only for those
the round asks, and stored without the person."""

from __future__ import annotations

from django.urls import reverse

from aktiv.pulse.models import Answer, Participation

from ..conftest import client_for
from ..factories import PersonFactory, UnitFactory
from .helpers import closed_round, form_data, open_round


def test_the_pulse_page_lists_the_open_round_and_says_how_answers_are_kept(org):
    round_ = open_round()
    page = client_for(org.employee).get(reverse("pulse:index"))
    text = page.content.decode()
    assert round_.name in text
    assert reverse("pulse:round", args=[round_.uuid]) in text
    assert "uten navn, uten e-post og uten tidspunkt" in text
    assert "Den er ikke Kuvaas" in text


def test_answer_page_has_a_labelled_radio_group_per_statement(org):
    round_ = open_round()
    page = client_for(org.employee).get(reverse("pulse:round", args=[round_.uuid]))
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("<fieldset") == 15
    assert text.count("<legend>") == 15
    assert "Min nærmeste leder gir meg støtte" in text


def test_submitting_stores_an_answer_without_the_person_and_a_participation(org):
    round_ = open_round()
    client = client_for(org.employee)
    response = client.post(reverse("pulse:submit", args=[round_.uuid]), form_data(5))
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.unit == org.employee.unit
    assert set(answer.values.values()) == {5}
    assert Participation.objects.filter(round=round_, person=org.employee).count() == 1
    page = client.get(reverse("pulse:index"), follow=True).content.decode()
    assert "Du har svart" in page


def test_a_second_answer_is_refused_and_changes_nothing(org):
    round_ = open_round()
    client = client_for(org.employee)
    client.post(reverse("pulse:submit", args=[round_.uuid]), form_data(5))
    again = client.post(reverse("pulse:submit", args=[round_.uuid]), form_data(1))
    assert again.status_code == 400
    assert "allerede svart" in again.content.decode()
    assert Answer.objects.count() == 1
    assert set(Answer.objects.get().values.values()) == {5}


def test_a_missing_statement_is_shown_at_its_question_and_nothing_is_stored(org):
    round_ = open_round()
    data = form_data()
    data.pop("leder-lykkes")
    response = client_for(org.employee).post(reverse("pulse:submit", args=[round_.uuid]), data)
    assert response.status_code == 400
    assert "Velg et tall fra 1 til 5." in response.content.decode()
    assert Answer.objects.count() == 0
    assert Participation.objects.count() == 0


def test_out_of_range_values_are_refused(org):
    round_ = open_round()
    data = form_data()
    data["leder-lykkes"] = "9"
    response = client_for(org.employee).post(reverse("pulse:submit", args=[round_.uuid]), data)
    assert response.status_code == 400
    assert Answer.objects.count() == 0


def test_a_round_for_other_units_is_a_404_for_people_outside_them(org):
    round_ = open_round(org.other_unit)
    for verb, name in (("get", "pulse:round"), ("post", "pulse:submit")):
        response = getattr(client_for(org.employee), verb)(
            reverse(name, args=[round_.uuid]), form_data()
        )
        assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_a_round_for_a_parent_unit_asks_the_units_below(org):
    child = UnitFactory.create(name="Skole", parent=org.unit)
    pupil_teacher = PersonFactory.create(unit=child)
    round_ = open_round(org.unit)
    response = client_for(pupil_teacher).post(
        reverse("pulse:submit", args=[round_.uuid]), form_data()
    )
    assert response.status_code == 302
    assert Answer.objects.get().unit == child


def test_a_closed_round_cannot_be_answered(org):
    round_ = closed_round()
    assert (
        client_for(org.employee).get(reverse("pulse:round", args=[round_.uuid])).status_code == 404
    )
    response = client_for(org.employee).post(
        reverse("pulse:submit", args=[round_.uuid]), form_data()
    )
    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_anonymous_is_sent_to_login(client, org):
    round_ = open_round()
    response = client.post(reverse("pulse:submit", args=[round_.uuid]), form_data())
    assert response.status_code == 302
    assert "/logg-inn/" in response["Location"] or "login" in response["Location"]
    assert Answer.objects.count() == 0
