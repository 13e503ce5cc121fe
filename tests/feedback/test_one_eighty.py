"""The 180° view: the employee asks, the leader answers, both see both only then."""

from __future__ import annotations

from django.urls import reverse

from aktiv.audit.models import AccessLogEntry
from aktiv.conversations.followups.services import agenda_collect_pending
from aktiv.feedback import definitions
from aktiv.feedback.models import ViewRequest
from aktiv.reflections.models import PendingAgendaItem

from ..conftest import client_for
from ..factories import PersonFactory, submitted_response
from ..test_permission_matrix import _follow_up
from .conftest import all_items

KEY = "aktivt-medarbeiderskap"


def ask(org, value=4):
    response = submitted_response(org.employee, KEY, value)
    result = client_for(org.employee).post(reverse("feedback:view_request", args=[response.uuid]))
    assert result.status_code == 302
    return ViewRequest.objects.get(employee=org.employee)


def answer(org, view, value=2):
    return client_for(org.leader).post(
        reverse("feedback:view_answer", args=[view.uuid]),
        all_items(value, definitions.ONE_EIGHTY),
    )


def test_the_employee_asks_and_the_leader_is_told(org, mailoutbox):
    view = ask(org)
    assert view.leader == org.leader and not view.is_answered
    assert [m.to for m in mailoutbox] == [[org.leader.email]]
    assert org.employee.full_name in mailoutbox[0].subject


def test_the_leader_cannot_start_it(org):
    response = submitted_response(org.employee, KEY, 4)
    response.share_with_leader()
    result = client_for(org.leader).post(reverse("feedback:view_request", args=[response.uuid]))
    assert result.status_code == 404
    assert not ViewRequest.objects.exists()


def test_only_the_employee_self_assessment_can_be_the_basis(org):
    other = submitted_response(org.employee, "karrierebevissthet", 4)
    client_for(org.employee).post(reverse("feedback:view_request", args=[other.uuid]))
    assert not ViewRequest.objects.exists()


def test_nothing_is_revealed_before_both_have_answered(org):
    view = ask(org, 4)
    employee_page = client_for(org.employee).get(view.get_absolute_url()).content.decode()
    leader_page = client_for(org.leader).get(view.get_absolute_url()).content.decode()
    for page in (employee_page, leader_page):
        assert "Side om side" not in page
        assert 'class="score score-4"' not in page
    assert "Min medarbeider gjør meg god som leder" in leader_page  # the form, blank
    assert "checked" not in leader_page


def test_both_see_both_answers_side_by_side_once_the_leader_has_answered(org, mailoutbox):
    view = ask(org, 4)
    assert answer(org, view, 2).status_code == 302
    view.refresh_from_db()
    assert view.is_answered
    assert mailoutbox[-1].to == [org.employee.email]
    for who in (org.employee, org.leader):
        page = client_for(who).get(view.get_absolute_url()).content.decode()
        assert "Side om side" in page
        assert 'class="score score-4"' in page and 'class="score score-2"' in page
    # The leader's read of the employee's answers is logged for the employee.
    assert AccessLogEntry.objects.filter(actor=org.leader, subject=org.employee).exists()


def test_an_incomplete_leader_answer_is_refused_and_reveals_nothing(org):
    view = ask(org)
    data = all_items(2, definitions.ONE_EIGHTY)
    first = next(iter(data))
    data.pop(first)
    result = client_for(org.leader).post(reverse("feedback:view_answer", args=[view.uuid]), data)
    assert result.status_code == 400
    page = result.content.decode()
    assert f'<a href="#q-{first}">' in page and "Mangler svar." in page
    assert page.count('class="item has-error"') == 1
    view.refresh_from_db()
    assert not view.is_answered and view.leader_values is None


def test_the_employee_withdraws_before_the_leader_answers(org):
    view = ask(org)
    client_for(org.employee).post(reverse("feedback:view_withdraw", args=[view.uuid]))
    assert not ViewRequest.objects.exists()
    # … but not after.
    view = ask(org)
    answer(org, view)
    result = client_for(org.employee).post(
        reverse("feedback:view_withdraw", args=[view.uuid]), follow=True
    )
    assert "allerede svart" in result.content.decode()
    assert ViewRequest.objects.filter(pk=view.pk).exists()


def test_the_leader_cannot_withdraw_and_a_colleague_sees_nothing(org):
    view = ask(org)
    assert (
        client_for(org.leader).post(reverse("feedback:view_withdraw", args=[view.uuid])).status_code
        == 404
    )
    for outsider in (org.colleague, org.other_leader, org.hr, org.admin):
        assert client_for(outsider).get(view.get_absolute_url()).status_code == 404
    assert ViewRequest.objects.filter(pk=view.pk).exists()


def test_after_a_leader_change_the_former_leader_loses_access(org):
    view = ask(org)
    new_leader = PersonFactory.create(unit=org.other_unit)
    org.employee.leader = new_leader
    org.employee.save()
    former = client_for(org.leader)
    assert former.get(view.get_absolute_url()).status_code == 404
    assert answer(org, view).status_code == 404
    assert client_for(new_leader).get(view.get_absolute_url()).status_code == 404
    view.refresh_from_db()
    assert not view.is_answered


def test_the_differences_go_on_the_next_follow_up_agenda_with_one_click(org):
    view = ask(org, 4)
    answer(org, view, 2)
    result = client_for(org.leader).post(reverse("feedback:view_agenda", args=[view.uuid]))
    assert result.status_code == 302
    [item] = PendingAgendaItem.pending_for(org.employee)
    assert "Min medarbeider" not in item.text
    assert "Jeg gjør min leder god: 4 / 2" in item.text
    # Once only.
    client_for(org.employee).post(reverse("feedback:view_agenda", args=[view.uuid]))
    assert PendingAgendaItem.objects.count() == 1
    page = client_for(org.employee).get(view.get_absolute_url()).content.decode()
    assert "står på agendaen" in page


def test_the_agenda_item_reaches_the_follow_up(org):
    view = ask(org, 4)
    answer(org, view, 3)
    client_for(org.employee).post(reverse("feedback:view_agenda", args=[view.uuid]))
    follow_up = _follow_up(org)
    assert agenda_collect_pending(follow_up=follow_up) == 1
    assert "180°" in follow_up.agenda.get().text


def test_entry_points_on_the_result_pages_and_the_team_page(org):
    own = submitted_response(org.employee, KEY, 4)
    page = client_for(org.employee).get(own.get_absolute_url()).content.decode()
    assert "Be om synet til lederen min" in page
    skills = submitted_response(org.leader, "lederferdigheter", 4)
    page = client_for(org.leader).get(skills.get_absolute_url()).content.decode()
    assert reverse("feedback:upward") in page
    view = ask(org)
    page = client_for(org.leader).get(reverse("team")).content.decode()
    assert reverse("feedback:upward") in page and view.get_absolute_url() in page


def test_the_difference_is_the_leaders_answer_minus_the_employees(org):
    view = ask(org, 4)
    answer(org, view, 2)
    page = client_for(org.employee).get(view.get_absolute_url()).content.decode()
    assert "−2" in page


def test_after_a_leader_change_the_employee_can_ask_the_new_leader(org):
    first = ask(org)
    new_leader = PersonFactory.create(unit=org.other_unit)
    org.employee.leader = new_leader
    org.employee.save()
    response = submitted_response(org.employee, KEY, 3)
    client_for(org.employee).post(reverse("feedback:view_request", args=[response.uuid]))
    [view] = ViewRequest.objects.filter(employee=org.employee)
    assert view.leader == new_leader and view.pk != first.pk
    assert client_for(new_leader).get(view.get_absolute_url()).status_code == 200
    assert client_for(org.leader).get(view.get_absolute_url()).status_code == 404


def test_a_second_request_waits_for_the_first(org):
    view = ask(org)
    response = submitted_response(org.employee, KEY, 3)
    client_for(org.employee).post(reverse("feedback:view_request", args=[response.uuid]))
    assert list(ViewRequest.objects.all()) == [view]


def test_the_form_and_the_answers_are_in_the_readers_language(org):
    view = ask(org, 4)
    org.leader.language = "en"
    org.leader.save(update_fields=["language"])
    org.employee.language = "nn"
    org.employee.save(update_fields=["language"])
    form = client_for(org.leader).get(view.get_absolute_url()).content.decode()
    assert "My employee takes responsibility for their own well-being" in form
    assert "Min medarbeider" not in form
    assert answer(org, view, 2).status_code == 302
    side_by_side = client_for(org.employee).get(view.get_absolute_url()).content.decode()
    assert "Eg tek ansvar for eigen trivsel og motivasjon" in side_by_side
    assert "Jeg tar ansvar" not in side_by_side
