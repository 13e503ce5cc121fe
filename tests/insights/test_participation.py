"""HR's participation per unit: counts only, through the anonymity gate."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory


def test_participation_per_unit_and_per_leader_without_the_gate(org, settings):
    """Whether conversations took place is the leader's practice: shown for small units
    and per leader too; never anything that was written."""
    settings.ANONYMITY_THRESHOLD = 3
    today = timezone.localdate()
    period = Period.objects.create(
        name="p", starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31)
    )
    root = Unit.objects.create(name="Kommunen")
    big = Unit.objects.create(name="Skole", parent=root)
    small = Unit.objects.create(name="Bibliotek", parent=root)
    tiny = Unit.objects.create(name="Museum", parent=root)
    leader = PersonFactory.create(unit=root)
    people = [PersonFactory.create(unit=big, leader=leader) for _ in range(4)]
    people += [PersonFactory.create(unit=small, leader=leader) for _ in range(3)]
    people += [PersonFactory.create(unit=tiny, leader=leader) for _ in range(2)]
    for index, person in enumerate(people):
        record = ConversationRecord.objects.create(period=period, employee=person, leader=leader)
        if index % 2 == 0:
            PersonalGoal.objects.create(
                record=record, kind="professional", title="Hemmelig mål", state="agreed"
            )
            FollowUp.objects.create(
                record=record,
                scheduled_at=timezone.now(),
                status="held",
                held_at=timezone.now(),
                shared_notes="Hemmelige notater",
            )
        if index == 0:
            Evaluation.objects.create(
                record=record,
                employee_confirmed_at=timezone.now(),
                leader_confirmed_at=timezone.now(),
            )
    page = client_for(org.hr).get(reverse("insights:participation")).content.decode()
    rows = {
        name: page.split(f">{name}</span>")[1].split("</tr>")[0]
        for name in ("Kommunen", "Skole", "Bibliotek", "Museum")
    }
    assert '<td class="num">4</td>' in rows["Skole"] and '<td class="num">2</td>' in rows["Skole"]
    assert "Skjult" not in page
    assert '<td class="num">2</td>' in rows["Museum"] and '<td class="num">1</td>' in rows["Museum"]
    assert '<td class="num">9</td>' in rows["Kommunen"]
    by_leader = page.split('id="leaders-heading"')[1]
    row = by_leader.split(f">{leader.full_name}</th>")[1].split("</tr>")[0]
    # Nine people; five with agreed goals and a held follow-up; one confirmed evaluation.
    assert [cell.split("<")[0] for cell in row.split('<td class="num">')[1:]] == [
        "9",
        "5",
        "5",
        "5",
        "1",
    ]
    assert "Hemmelig" not in page
