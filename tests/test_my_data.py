import json

from django.urls import reverse
from django.utils import timezone

from aktiv.audit.export import export_for
from aktiv.lib.privacy import registered
from aktiv.reflections.models import PendingAgendaItem, Worksheet

from .conftest import client_for
from .factories import submitted_response
from .people.helpers import models_pointing_at_person


def test_export_holds_everything_about_me_and_nothing_about_others(org):
    mine = submitted_response(org.employee, "aktivt-medarbeiderskap", 4)
    mine.focus_areas.create(
        kind="development", position=1, item_key="med-ledelse-3", note="Mitt notat"
    )
    mine.share_with_leader()
    Worksheet.objects.create(
        person=org.employee,
        tool_key="tre-sporsmal",
        status="done",
        completed_at=timezone.now(),
        data={"who": "Meg"},
    )
    PendingAgendaItem.objects.create(person=org.employee, text="Hjelp med prioritering")
    submitted_response(org.colleague, "aktivt-medarbeiderskap", 1)
    client_for(org.leader).get(mine.get_absolute_url())  # logged as a read

    result = client_for(org.employee).get(reverse("audit:export"))
    assert result["Content-Type"].startswith("application/json")
    assert "attachment" in result["Content-Disposition"]
    data = json.loads(result.content)
    assert data["person"]["email"] == org.employee.email
    [response] = data["assessments.response"]
    assert response["answers"]["selvledelse-1"] == {
        "statement": (
            "Jeg tar ansvar for å gjøre egen jobb og er aktivt med å utvikle den "
            "(tenk forbedring og utvikling)"
        ),
        "value": 4,
    }
    assert response["focus_areas"][0]["note"] == "Mitt notat"
    assert response["shared_with"] == org.leader.email
    assert data["reflections.worksheet"][0]["data"] == {"who": "Meg"}
    assert data["reflections.pendingagendaitem"][0]["text"] == "Hjelp med prioritering"
    [read] = data["audit.accesslogentry"]
    assert read["who"] == "Lena Leder" and read["action"] == "read"
    assert org.colleague.email not in result.content.decode()


def test_every_model_about_a_person_is_exported_or_excused(org):
    exported = set(export_for(org.employee)) - {"exported_at", "person"}
    not_exported = {label for part in registered() for label in part.not_exported}
    # The person model itself is the export's "person" block.
    about_people = models_pointing_at_person(include_auto_created=False) - {"people.person"}
    assert about_people - exported - not_exported == set(), (
        "add new models to their app's privacy.py: export them or say why not"
    )


def test_my_data_page_shows_who_read_what(org):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    response.share_with_leader()
    assert (
        "Ingen andre har sett"
        in client_for(org.employee).get(reverse("audit:my_data")).content.decode()
    )
    client_for(org.leader).get(response.get_absolute_url())
    page = client_for(org.employee).get(reverse("audit:my_data")).content.decode()
    assert "Lena Leder" in page and "leste en egenvurdering" in page
    # The leader's own page does not show the employee's log.
    assert (
        "Lena Leder"
        not in client_for(org.leader)
        .get(reverse("audit:my_data"))
        .content.decode()
        .split("<main")[1]
        .split("Hvem har sett")[1]
    )


def test_a_leader_agreeing_a_goal_is_logged_as_a_change(org):
    from datetime import date

    from aktiv.conversations.goals.services import personal_goal_agree
    from aktiv.conversations.models import ConversationRecord, Period
    from aktiv.goals.models import PersonalGoal

    period = Period.objects.create(name="p", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    goal = PersonalGoal.objects.create(
        record=record, kind="professional", title="Mål", state="proposed"
    )
    personal_goal_agree(goal=goal, actor=org.leader)
    entry = org.employee.access_log.get(action="change")
    assert (entry.actor, entry.object_uuid) == (org.leader, goal.uuid)
    page = client_for(org.employee).get(reverse("audit:my_data")).content.decode()
    assert "endret et av målene dine" in page
