"""Personal goals and their history are in "Last ned mine data" of the two parties only."""

import json

from django.urls import reverse

from aktiv.conversations.goals import services

from ..conftest import client_for
from .helpers import personal_goal, record_of


def test_personal_goals_are_exported_to_the_two_parties_only(org, period):
    record = record_of(period, org.employee)
    goal = personal_goal(record, "proposed", title="Mitt mål")
    services.personal_goal_send_back(goal=goal, actor=org.leader, comment="Mer konkret")
    personal_goal(record_of(period, org.colleague), title="Kollegaens mål")

    data = json.loads(client_for(org.employee).get(reverse("audit:export")).content)
    [exported] = data["goals.personalgoal"]
    assert (exported["title"], exported["state"]) == ("Mitt mål", "draft")
    assert exported["leader_comment"] == "Mer konkret"
    steps = [(r["snapshot"]["event"], r["by"]) for r in data["goals.personalgoalrevision"]]
    assert steps == [
        ("created", org.employee.email),
        ("proposed", org.employee.email),
        ("sent_back", org.leader.email),
    ]
    leader = json.loads(client_for(org.leader).get(reverse("audit:export")).content)
    assert {g["title"] for g in leader["goals.personalgoal"]} == {"Mitt mål", "Kollegaens mål"}
    other = json.loads(client_for(org.other_leader).get(reverse("audit:export")).content)
    assert other["goals.personalgoal"] == []
