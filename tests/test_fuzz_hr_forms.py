"""HR's forms, fed hostile input (hypothesis): never a server error, and whatever is shown
afterwards is escaped. Field names are read from each form's page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.conversations.models import Period
from aktiv.people.models import Person, Unit

from .test_fuzz_forms import SCRIPT, post_data

FUZZ = settings(
    max_examples=90,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAME = re.compile(r'name="([a-z_0-9-]+)"')

# (page that shows the form, where it posts)
FORMS = [
    ("conversations:periods", "conversations:periods"),
    ("goals:organisation", "goals:organisation_create"),
    ("organisation:unit_new", "organisation:unit_new"),
    ("organisation:person_new", "organisation:person_new"),
    ("organisation:import", "organisation:import"),
    ("expectations:edit", "expectations:edit"),
    ("expectations:self_check", "expectations:self_check"),
    ("learning:manage", "learning:manage"),
    ("hr_privacy", "hr_privacy"),
]


class HRFormFuzz(TestCase):
    hr: Person

    @classmethod
    def setUpTestData(cls) -> None:
        unit = Unit.objects.create(name="Kommunen")
        cls.hr = Person.objects.create_user(
            "hr@example.no", "x", full_name="Hanne HR", is_hr=True, unit=unit
        )
        year = timezone.localdate().year
        Period.objects.create(
            name=str(year), starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
        )

    def setUp(self) -> None:
        self.client = Client()
        self.client.force_login(self.hr)
        device = TOTPDevice.objects.create(user=self.hr, name="test", confirmed=True)
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        self.client.post(reverse("expectations:draft_start"))

    @FUZZ
    @given(st.data())
    def test_hr_forms(self, data: st.DataObject) -> None:
        page_name, action_name = data.draw(st.sampled_from(FORMS))
        page = reverse(page_name)
        html = self.client.get(page).content.decode()
        names = sorted(set(NAME.findall(html)) - {"csrfmiddlewaretoken"})
        assert names, page
        result: Any = self.client.post(reverse(action_name), data.draw(post_data(names)))
        assert result.status_code < 500, (action_name, result.status_code)
        for shown in (result, self.client.get(page)):
            assert SCRIPT not in shown.content.decode(errors="replace"), action_name
