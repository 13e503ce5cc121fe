"""The goal forms, fed random and hostile input (hypothesis): never a server error, nothing
stored when the input is refused, and whatever is stored is shown escaped."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.conversations.models import ConversationRecord
from aktiv.conversations.services import period_create
from aktiv.goals.models import Goal, PersonalGoal
from aktiv.people.models import Person, Unit

from ..test_fuzz_forms import FUZZ, SCRIPT, post_data


class GoalFormFuzz(TestCase):
    leader: Person
    person: Person
    record: ConversationRecord
    goal: Goal

    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(name="Enheten")
        cls.leader = Person.objects.create_user(
            "leder@example.no", "x", full_name="Lena Leder", unit=unit
        )
        cls.person = Person.objects.create_user(
            "fuzz@example.no", "x", full_name="Frida Fuzz", leader=cls.leader, unit=unit
        )
        year = timezone.localdate().year
        period = period_create(
            name=str(year),
            starts_on=date(year, 1, 1),
            ends_on=date(year + 2, 12, 31),
            followup_interval_months=1,
            reminder_days_before=3,
            actor=cls.leader,
        )
        cls.record = ConversationRecord.objects.get(employee=cls.person)
        cls.goal = Goal.objects.create(period=period, level="unit", unit=unit, title="Enhetsmål")

    def check_page(self, result: Any) -> None:
        assert result.status_code < 500, result.status_code
        assert SCRIPT not in result.content.decode(errors="replace"), "input shown unescaped"

    @FUZZ
    @given(st.data())
    def test_personal_goal_create(self, data: st.DataObject) -> None:
        client = Client()
        client.force_login(self.person)
        names = ["kind", "title", "description", "success_measure", "serves", "propose"]
        values = data.draw(post_data(names))
        if data.draw(st.booleans()):
            values["serves"] = str(self.goal.uuid)
        result = client.post(
            reverse("conversations:personal_goal_create", args=[self.record.uuid]), values
        )
        self.check_page(result)
        if result.status_code != 302:
            assert not PersonalGoal.objects.exists()
        else:
            self.check_page(
                client.get(reverse("conversations:record_goals", args=[self.record.uuid]))
            )
        PersonalGoal.objects.all().delete()

    @FUZZ
    @given(st.data())
    def test_record_notes_and_date(self, data: st.DataObject) -> None:
        client = Client()
        client.force_login(self.leader)
        notes = data.draw(post_data(["tasks_and_roles", "expectations_note", "edited_at"]))
        self.check_page(
            client.post(reverse("conversations:record_notes", args=[self.record.uuid]), notes)
        )
        held = data.draw(post_data(["held_on"]))
        self.check_page(
            client.post(reverse("conversations:record_held", args=[self.record.uuid]), held)
        )
        self.check_page(client.get(reverse("conversations:record_goals", args=[self.record.uuid])))

    @FUZZ
    @given(st.data())
    def test_unit_goal_create(self, data: st.DataObject) -> None:
        client = Client()
        client.force_login(self.leader)
        values = data.draw(post_data(["title", "description", "parent"]))
        before = Goal.objects.count()
        result = client.post(reverse("goals:unit_create"), values)
        self.check_page(result)
        if result.status_code != 302:
            assert Goal.objects.count() == before
        Goal.objects.exclude(pk=self.goal.pk).delete()
