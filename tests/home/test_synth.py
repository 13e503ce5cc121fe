"""The synthetic organisation for benchmarks: its shape, and that Aktiv's pages work on it."""

from __future__ import annotations

from collections import Counter

from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from aktiv.assessments.models import Answer, Response
from aktiv.conversations.models import ConversationRecord, FollowUp
from aktiv.expectations.models import Acknowledgement
from aktiv.home.synth import DOMAIN, Synth
from aktiv.people.models import Person, Unit
from aktiv.people.units import unit_tree
from aktiv.pulse.models import Answer as PulseAnswer
from aktiv.pulse.models import Participation, Round, SickLeave


def test_the_synthetic_organisation_has_the_shape_of_a_real_one(db):
    counts = Synth(300, seed=3).run()
    people = Person.objects.filter(email__endswith=f"@{DOMAIN}")
    assert counts.people == people.count() == 300
    # One chief without a leader; everyone else has one.
    assert people.filter(leader__isnull=True).count() == 1
    # Team leaders lead 5 to 15 people.
    reports = Counter(people.exclude(leader=None).values_list("leader_id", flat=True))
    team_sizes = [n for n in reports.values() if n >= 5]
    assert team_sizes and max(team_sizes) <= 15
    # A unit tree four levels below the root.
    assert max(node.depth for node in unit_tree()) == 3
    assert counts.units == Unit.objects.count()
    # Two years of history: about three responses a person, every item answered.
    assert counts.responses == Response.objects.count() == 900
    per_response = Answer.objects.values("response").annotate(n=Count("id"))
    assert {row["n"] for row in per_response} <= {9, 12}
    assert Response.objects.filter(unit_at_submission=None).count() == 0
    assert ConversationRecord.objects.count() == 2 * 299
    assert FollowUp.objects.count() == 6 * 2 * 299
    # Two closed pulse rounds, each answered by some; a participation row per answer.
    assert counts.pulse_rounds == Round.objects.count() == 2
    assert counts.pulse_answers == PulseAnswer.objects.count() == Participation.objects.count()
    assert 0 < counts.pulse_answers < 2 * 300
    assert counts.sick_leave == SickLeave.objects.count() > 0
    # The expectations published, acknowledged by some (each once, in their unit).
    assert 0 < counts.acknowledgements == Acknowledgement.objects.count() < 300
    assert not Acknowledgement.objects.filter(unit=None).exists()


def _analyzed(table: str) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # What ANALYZE wrote for the planner (visible inside this test's transaction).
            cursor.execute("SELECT 1 FROM pg_stats WHERE tablename = %s", [table])
            return cursor.fetchone() is not None
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone() is not None


def test_the_command_leaves_the_planner_fresh_statistics(db):
    assert not _analyzed("assessments_answer")
    call_command("synth", people=40)
    assert _analyzed("assessments_answer") and _analyzed("people_person")


def test_the_command_refuses_to_run_twice_without_add(db, capsys):
    call_command("synth", people=40)
    assert "people" in capsys.readouterr().out
    try:
        call_command("synth", people=40)
    except Exception as error:  # CommandError
        assert "--add" in str(error)
    else:
        raise AssertionError("a second run without --add must be refused")
