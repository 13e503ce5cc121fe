"""Every form, fed random and hostile input (hypothesis): never a server error, nothing
stored when the input is refused, and whatever is stored is shown escaped."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.people.models import Person
from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet

SCRIPT = "<script>alert(1)</script>"
hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=30),
    st.just(SCRIPT),
    st.just("x" * 20_000),
    st.just("\x00\x01\x1b[31m"),
    st.just("' OR 1=1; --"),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(["", " ", "1", "5", "100", "-1", "3.7", "1e9", "NaN", "on", "true"]),
)


def post_data(field_names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    """Known field names with hostile values (some left out, some repeated), plus junk."""
    known = st.dictionaries(
        st.sampled_from(field_names),
        st.one_of(hostile_text, st.lists(hostile_text, max_size=3)),
        max_size=len(field_names),
    )
    junk = st.dictionaries(st.text(min_size=1, max_size=12), hostile_text, max_size=3)
    return st.tuples(known, junk).map(lambda pair: pair[1] | pair[0])


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class FormFuzz(TestCase):
    leader: Person
    person: Person

    @classmethod
    def setUpTestData(cls) -> None:
        cls.leader = Person.objects.create_user("leder@example.no", "x", full_name="Lena Leder")
        cls.person = Person.objects.create_user(
            "fuzz@example.no", "x", full_name="Frida Fuzz", leader=cls.leader
        )

    def setUp(self) -> None:
        self.client = Client()
        self.client.force_login(self.person)

    def check_page(self, result: Any) -> None:
        assert result.status_code < 500, result.status_code
        body = result.content.decode(errors="replace")
        assert SCRIPT not in body, "user input shown unescaped"

    @FUZZ
    @given(st.data())
    def test_self_assessment_answers(self, data: st.DataObject) -> None:
        instrument = definitions.latest("aktivt-medarbeiderskap")
        draft = Response.objects.create(
            person=self.person, instrument_key=instrument.key, instrument_version=1
        )
        names = [f"item-{i.key}" for i in instrument.items] + ["save", "submit", "edited_at"]
        result = self.client.post(
            reverse("assessments:answer", args=[draft.uuid]), data.draw(post_data(names))
        )
        self.check_page(result)
        stored = Response.objects.get(pk=draft.pk)
        if result.status_code != 302:
            assert stored.status == "draft"
        assert all(1 <= v <= 5 for v in stored.answers_by_item().values())
        draft.delete()

    @FUZZ
    @given(st.data())
    def test_focus_areas(self, data: st.DataObject) -> None:
        instrument = definitions.latest("karrierebevissthet")
        response = Response.objects.create(
            person=self.person,
            instrument_key=instrument.key,
            instrument_version=1,
            status="submitted",
            submitted_at="2026-01-01T10:00:00Z",
        )
        names = [
            f"{k}_{n}{s}"
            for k in ("development", "strength")
            for n in (1, 2)
            for s in ("", "_note")
        ]
        values = data.draw(post_data([*names, "edited_at"]))
        # Valid item keys now and then, so the save path is reached too.
        if data.draw(st.booleans()):
            keys = [i.key for i in instrument.items]
            values |= {name: keys[n] for n, name in enumerate(names[::2])}
        result = self.client.post(reverse("assessments:focus", args=[response.uuid]), values)
        self.check_page(result)
        if result.status_code != 302:
            assert not response.focus_areas.exists()
        else:
            self.check_page(self.client.get(response.get_absolute_url()))
        response.delete()

    @FUZZ
    @given(st.data())
    def test_every_worksheet(self, data: st.DataObject) -> None:
        tool = data.draw(st.sampled_from(registry.available_to(is_leader=False)))
        sheet = Worksheet.objects.create(person=self.person, tool_key=tool.key, data={})
        form = tool.form_class(tool=tool, person=self.person)
        names = [*form.fields, "save", "done", "edited_at"]
        result = self.client.post(
            reverse("reflections:save", args=[sheet.uuid]), data.draw(post_data(names))
        )
        self.check_page(result)
        stored = Worksheet.objects.get(pk=sheet.pk)
        if result.status_code != 302:
            assert stored.data == {} and stored.status == "draft"
        else:
            self.check_page(self.client.get(sheet.get_absolute_url()))
        sheet.delete()

    @FUZZ
    @given(st.data())
    def test_login_and_password_reset(self, data: st.DataObject) -> None:
        anonymous = Client()
        login = data.draw(post_data(["username", "password", "next"]))
        self.check_page(anonymous.post(reverse("login"), login))
        reset = data.draw(post_data(["email"]))
        self.check_page(anonymous.post(reverse("password_reset"), reset))
