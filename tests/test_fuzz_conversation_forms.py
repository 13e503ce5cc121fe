"""The conversation, goal and competence forms, fed hostile input (hypothesis): never a
server error, and user text is always escaped where it is shown. Field names are read from
the page that holds each form, so a new field is fuzzed without editing this file."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.people.models import Person

from .test_fuzz_forms import SCRIPT, post_data

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAME = re.compile(r'name="([a-z_0-9-]+)"')


class ConversationFormFuzz(TestCase):
    leader: Person
    employee: Person
    record: ConversationRecord
    follow_up: FollowUp

    @classmethod
    def setUpTestData(cls) -> None:
        cls.leader = Person.objects.create_user("l@example.no", "x", full_name="Lena Leder")
        cls.employee = Person.objects.create_user(
            "e@example.no", "x", full_name="Emma Ansatt", leader=cls.leader
        )
        year = timezone.localdate().year
        period = Period.objects.create(
            name=str(year), starts_on=date(year, 1, 1), ends_on=date(year + 1, 12, 31)
        )
        cls.record = ConversationRecord.objects.create(
            period=period, employee=cls.employee, leader=cls.leader
        )
        cls.follow_up = FollowUp.objects.create(
            record=cls.record,
            scheduled_at=timezone.make_aware(datetime.combine(date(year + 1, 3, 2), time(10))),
        )

    def client_for(self, person: Person) -> Client:
        client = Client()
        client.force_login(person)
        return client

    def fields_on(self, client: Client, page: str) -> list[str]:
        html = client.get(page).content.decode()
        return sorted(set(NAME.findall(html)) - {"csrfmiddlewaretoken"})

    def fuzz(self, data: st.DataObject, person: Person, page: str, actions: list[str]) -> None:
        client = self.client_for(person)
        names = self.fields_on(client, page)
        assert len(names) >= 3, (page, names)
        action = data.draw(st.sampled_from(actions))
        result = client.post(action, data.draw(post_data(names)))
        assert result.status_code < 500, (action, result.status_code)
        for shown in (result, client.get(page)):
            assert SCRIPT not in shown.content.decode(errors="replace"), action

    @FUZZ
    @given(st.data())
    def test_follow_up_forms(self, data: st.DataObject) -> None:
        uuid = self.follow_up.uuid
        person = data.draw(st.sampled_from([self.employee, self.leader]))
        actions = [
            reverse(f"conversations:{name}", args=[uuid])
            for name in (
                "follow_up_notes",
                "follow_up_prepare",
                "follow_up_agenda_add",
                "follow_up_action_add",
                "follow_up_move",
                "follow_up_support",
                "follow_up_private_note",
            )
        ]
        self.fuzz(data, person, self.follow_up.get_absolute_url(), actions)

    @FUZZ
    @given(st.data())
    def test_goal_forms(self, data: st.DataObject) -> None:
        uuid = self.record.uuid
        person = data.draw(st.sampled_from([self.employee, self.leader]))
        actions = [
            reverse(f"conversations:{name}", args=[uuid])
            for name in ("personal_goal_create", "record_notes", "record_held")
        ] + [reverse("conversations:follow_ups_plan", args=[uuid])]
        self.fuzz(data, person, reverse("conversations:record_goals", args=[uuid]), actions)

    @FUZZ
    @given(st.data())
    def test_competence_form(self, data: st.DataObject) -> None:
        page = reverse("competence:mine")
        self.fuzz(data, self.employee, page, [page])
