"""The worksheet framework every reflection tool shares: versions, sharing, refusals, the
Verktøy page and the agenda items a worksheet can send to the next follow-up."""

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiv.reflections import registry
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from ..conftest import client_for

KEY = "tre-sporsmal"
ANSWERS = {"who": "Nysgjerrig", "can": "Lytte", "want": "Lære mer"}


def finished(person, key=KEY, data=None, **fields):
    return Worksheet.objects.create(
        person=person,
        tool_key=key,
        status="done",
        completed_at=fields.pop("completed_at", timezone.now()),
        data=ANSWERS if data is None else data,
        **fields,
    )


def test_every_tool_has_title_intro_and_template():
    for tool in registry.all_tools():
        assert tool.title and tool.intro and tool.summary, tool.key
        assert tool.audience in registry.AUDIENCES


def test_start_creates_draft_then_resumes_it(org, login):
    client = login(org.employee)
    result = client.post(reverse("reflections:start", args=[KEY]))
    draft = Worksheet.objects.get(person=org.employee)
    assert result["Location"] == draft.get_absolute_url()
    client.post(reverse("reflections:start", args=[KEY]))
    assert Worksheet.objects.filter(person=org.employee).count() == 1


def test_save_draft_then_mark_done(org, login):
    client = login(org.employee)
    client.post(reverse("reflections:start", args=[KEY]))
    sheet = Worksheet.objects.get(person=org.employee)
    url = reverse("reflections:save", args=[sheet.uuid])
    assert client.post(url, {"who": "Halvveis", "save": "1"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "draft" and sheet.data["who"] == "Halvveis"

    result = client.post(url, {"who": "Halvveis", "done": "1"})
    assert result.status_code == 400
    assert "Fyll ut dette før du markerer arket som ferdig." in result.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "draft"

    client.post(url, ANSWERS | {"done": "1"})
    sheet.refresh_from_db()
    assert sheet.status == "done" and sheet.completed_at and sheet.data == ANSWERS
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Lære mer" in page and "Lag en ny versjon" in page


def test_done_worksheet_cannot_be_changed(org, login):
    sheet = finished(org.employee)
    login(org.employee).post(
        reverse("reflections:save", args=[sheet.uuid]), {"who": "Endret", "save": "1"}
    )
    assert Worksheet.objects.get(pk=sheet.pk).data == ANSWERS


def test_new_version_is_prefilled_and_history_kept(org, login):
    first = finished(org.employee, completed_at=timezone.now() - timezone.timedelta(days=60))
    client = login(org.employee)
    client.post(reverse("reflections:start", args=[KEY]))
    draft = Worksheet.objects.drafts().get(person=org.employee)
    assert draft.data == ANSWERS and draft.pk != first.pk
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Dette er en ny versjon" in page and "Nysgjerrig" in page
    client.post(
        reverse("reflections:save", args=[draft.uuid]), ANSWERS | {"who": "Modigere", "done": "1"}
    )
    assert Worksheet.objects.get(pk=first.pk).data["who"] == "Nysgjerrig"
    tool_page = client.get(reverse("reflections:tool", args=[KEY])).content.decode()
    assert tool_page.count("Ferdig ") >= 2
    latest = Worksheet.objects.done().filter(person=org.employee).first()
    assert first.get_absolute_url() in client.get(latest.get_absolute_url()).content.decode()


def test_oversized_text_is_refused(org, login):
    client = login(org.employee)
    client.post(reverse("reflections:start", args=[KEY]))
    sheet = Worksheet.objects.get(person=org.employee)
    result = client.post(
        reverse("reflections:save", args=[sheet.uuid]), {"who": "x" * 5001, "save": "1"}
    )
    assert result.status_code == 400
    assert "5000" in result.content.decode()
    assert Worksheet.objects.get(pk=sheet.pk).data == {}


def test_share_and_withdraw_worksheet(org, login):
    sheet = finished(org.employee)
    client = login(org.employee)
    client.post(reverse("reflections:sharing", args=[sheet.uuid]), {"action": "share"})
    assert Worksheet.objects.get(pk=sheet.pk).shared_with == org.leader
    leader = login(org.leader)
    team = leader.get(reverse("team")).content.decode()
    assert sheet.get_absolute_url() in team and "Tre sentrale spørsmål" in team
    page = leader.get(sheet.get_absolute_url()).content.decode()
    assert "Delt med deg av Emma Medarbeider" in page and "Nysgjerrig" in page
    assert "Lag en ny versjon" not in page and "Trekk tilbake" not in page
    client.post(reverse("reflections:sharing", args=[sheet.uuid]), {"action": "withdraw"})
    assert leader.get(sheet.get_absolute_url()).status_code == 404


def test_draft_cannot_be_shared(org, login):
    client = login(org.employee)
    client.post(reverse("reflections:start", args=[KEY]))
    sheet = Worksheet.objects.get(person=org.employee)
    page = client.post(
        reverse("reflections:sharing", args=[sheet.uuid]), {"action": "share"}, follow=True
    ).content.decode()
    assert "Marker arbeidsarket som ferdig før du deler det." in page
    assert Worksheet.objects.get(pk=sheet.pk).shared_with is None


def refused(result):
    if result.status_code == 302:
        return result["Location"].startswith(reverse("login"))
    return result.status_code == 404


@pytest.mark.parametrize("shared", [False, True])
def test_reading_refused_for_every_other_role(org, shared):
    sheet = finished(org.employee, data=ANSWERS | {"who": "Hemmelig svar"})
    if shared:
        sheet.share_with_leader()
    others = [None, org.colleague, org.other_employee, org.other_leader, org.hr, org.admin]
    if not shared:
        others.append(org.leader)
    for person in others:
        result = client_for(person).get(sheet.get_absolute_url())
        assert refused(result), person
        assert "Hemmelig svar" not in result.content.decode()


def test_former_leader_loses_worksheet(org):
    sheet = finished(org.employee)
    sheet.share_with_leader()
    org.employee.leader = org.other_leader
    org.employee.save()
    for person in (org.leader, org.other_leader):
        assert client_for(person).get(sheet.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("reflections:save", ANSWERS | {"save": "1"}),
        ("reflections:sharing", {"action": "withdraw"}),
        ("reflections:delete", {}),
    ],
)
def test_only_owner_can_change_or_delete(org, url_name, data):
    sheet = finished(org.employee)
    sheet.share_with_leader()
    for person in (None, org.leader, org.colleague, org.other_leader, org.hr, org.admin):
        assert refused(client_for(person).post(reverse(url_name, args=[sheet.uuid]), data)), person
    sheet.refresh_from_db()
    assert sheet.shared_with == org.leader and sheet.data == ANSWERS


def test_owner_can_delete(org, login):
    sheet = finished(org.employee)
    login(org.employee).post(reverse("reflections:delete", args=[sheet.uuid]))
    assert not Worksheet.objects.filter(pk=sheet.pk).exists()


def test_leader_tool_refused_for_employee(org, login):
    leader_tools = [t for t in registry.all_tools() if t.audience == "leaders"]
    client = login(org.employee)
    for tool in leader_tools:
        assert client.get(reverse("reflections:tool", args=[tool.key])).status_code == 404
        assert client.post(reverse("reflections:start", args=[tool.key])).status_code == 404
    assert not Worksheet.objects.exists()
    assert client.get(reverse("reflections:tool", args=["finnes-ikke"])).status_code == 404


def test_tools_page_lists_instruments_and_worksheets(org, login):
    finished(org.employee)
    page = login(org.employee).get(reverse("reflections:index")).content.decode()
    assert "Egenevaluering av aktivt medarbeiderskap" in page
    for tool in registry.available_to(is_leader=False):
        assert tool.title in page
    for tool in registry.all_tools():
        if tool.audience == "leaders":
            assert tool.title not in page
    assert "Sist endret" in page
    assert refused(client_for(None).get(reverse("reflections:index")))


def test_tools_page_costs_the_same_however_many_worksheets(
    org, login, django_assert_max_num_queries
):
    keys = [t.key for t in registry.available_to(is_leader=False)]
    for key in keys:
        finished(org.employee, key=key, data={})
    client = login(org.employee)
    client.get(reverse("reflections:index"))  # the first request also writes the session
    with django_assert_max_num_queries(9) as one_each:  # +1: the header's unread count
        client.get(reverse("reflections:index"))
    for key in keys:
        for _ in range(5):
            finished(org.employee, key=key, data={})
    with django_assert_max_num_queries(len(one_each.captured_queries)):
        assert client.get(reverse("reflections:index")).status_code == 200


def test_agenda_item_listed_and_removable_only_by_owner(org, login):
    item = PendingAgendaItem.objects.create(person=org.employee, text="Hjelp med prioritering")
    home = login(org.employee).get(reverse("home")).content.decode()
    assert "Til neste oppfølgingssamtale" in home and "Hjelp med prioritering" in home
    for person in (org.leader, org.colleague, org.hr):
        assert (
            client_for(person)
            .post(reverse("reflections:agenda_remove", args=[item.uuid]))
            .status_code
            == 404
        )
    assert PendingAgendaItem.objects.filter(pk=item.pk).exists()
    login(org.employee).post(reverse("reflections:agenda_remove", args=[item.uuid]))
    assert not PendingAgendaItem.objects.filter(pk=item.pk).exists()


def test_a_tools_history_costs_the_same_however_long(org, login, django_assert_num_queries):
    """Each earlier worksheet says whether it is shared with the leader: that must not read
    the owner again per row."""
    client = login(org.employee)
    url = reverse("reflections:tool", args=[KEY])

    def add(count):
        for n in range(count):
            sheet = finished(org.employee, completed_at=timezone.now() - timezone.timedelta(days=n))
            if n % 2:
                sheet.share_with_leader()

    add(2)
    client.get(url)  # the first request also writes the session
    with django_assert_num_queries(5) as small:
        client.get(url)
    add(10)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(url).content.decode()
    sheets = Worksheet.objects.filter(person=org.employee)
    assert all(reverse("reflections:worksheet", args=[w.uuid]) in page for w in sheets)
