"""HR keeps the catalogue and the dimension → sessions mapping; nobody else can."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.learning.models import LearningSession, Recommendation
from tests.conftest import client_for

NOT_HR = ("employee", "leader", "colleague", "other_leader", "other_employee", "admin")


@pytest.fixture
def delegering(db) -> LearningSession:
    return LearningSession.objects.get(title="Delegering")


def edit_url(session: LearningSession) -> str:
    return reverse("learning:session_edit", args=[session.uuid])


def values(session: LearningSession, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": session.title,
        "job": session.job,
        "duration_minutes": session.duration_minutes,
        "description": session.description,
        "link": session.link,
    }
    return {**data, **changes}


def snapshot(session: LearningSession) -> tuple[object, ...]:
    session.refresh_from_db()
    return (session.title, session.job, session.duration_minutes, session.link, session.updated_at)


def test_hr_sets_a_link_and_edits_a_session(org, delegering):
    client = client_for(org.hr)
    assert client.get(edit_url(delegering)).status_code == 200
    result = client.post(
        edit_url(delegering),
        values(
            delegering,
            title="Delegering i praksis",
            duration_minutes="18",
            link="https://laering.example.no/delegering",
        ),
    )
    assert result.status_code == 302 and result["Location"] == reverse("learning:manage")
    delegering.refresh_from_db()
    assert delegering.title == "Delegering i praksis"
    assert delegering.duration_minutes == 18
    assert delegering.link == "https://laering.example.no/delegering"
    entry = ActionEntry.objects.get(action="learning_session_change")
    assert entry.actor == org.hr and entry.object_uuid == delegering.uuid


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"duration_minutes": "30"}, "duration_minutes", "mellom 15 og 25 minutter"),
        ({"duration_minutes": "14"}, "duration_minutes", "mellom 15 og 25 minutter"),
        ({"duration_minutes": "tjue"}, "duration_minutes", "mellom 15 og 25 minutter"),
        ({"link": "javascript:alert(1)"}, "link", "https:// eller http://"),
        ({"link": "JavaScript:alert(1)//https://x"}, "link", "https:// eller http://"),
        ({"link": "data:text/html,<b>x</b>"}, "link", "https:// eller http://"),
        ({"link": "ftp://filer.example.no/okt"}, "link", "https:// eller http://"),
        ({"link": "laering.example.no/okt"}, "link", "https:// eller http://"),
        ({"title": ""}, "title", "Skriv en tittel"),
        ({"title": "   "}, "title", "Skriv en tittel"),
        ({"job": "lunch"}, "job", "Velg en av de fire lederjobbene"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_changes(
    org, delegering, changes, field, message
):
    before = snapshot(delegering)
    result = client_for(org.hr).post(edit_url(delegering), values(delegering, **changes))
    assert result.status_code == 400
    page = result.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page  # the message sits at the field
    assert snapshot(delegering) == before
    assert not ActionEntry.objects.exists()


def test_a_refused_edit_shows_the_stored_title_not_the_typed_one(org, delegering):
    page = client_for(org.hr).post(
        edit_url(delegering), values(delegering, title="Nytt navn", duration_minutes="30")
    )
    lead = re.search(r'<p class="lead">(.*?)</p>', page.content.decode())
    assert lead and lead.group(1) == "Delegering"


def test_hr_adds_the_organisations_own_session(org):
    client = client_for(org.hr)
    result = client.post(
        reverse("learning:manage"),
        {
            "title": "Budsjett for ledere",
            "job": "deliver",
            "duration_minutes": "20",
            "description": "Slik leser du budsjettet.",
            "link": "",
        },
    )
    assert result.status_code == 302
    own = LearningSession.objects.get(title="Budsjett for ledere")
    assert own.created_by == org.hr and own.order == 7 and own.is_active
    assert ActionEntry.objects.filter(action="learning_session_create", actor=org.hr).exists()
    page = client.get(reverse("learning:catalogue")).content.decode()
    assert "Budsjett for ledere" in page


def test_adding_a_bad_session_is_refused(org):
    result = client_for(org.hr).post(
        reverse("learning:manage"),
        {"title": "", "job": "deliver", "duration_minutes": "30", "link": "javascript:alert(1)"},
    )
    assert result.status_code == 400
    page = result.content.decode()
    assert "Skriv en tittel" in page
    assert "mellom 15 og 25 minutter" in page
    assert "https:// eller http://" in page
    assert LearningSession.objects.count() == 33


def test_hr_hides_and_shows_a_session(org, delegering):
    client = client_for(org.hr)
    url = reverse("learning:session_active", args=[delegering.uuid])
    assert client.post(url, {"action": "deactivate"}).status_code == 302
    delegering.refresh_from_db()
    assert not delegering.is_active
    assert "<h3>Delegering</h3>" not in client.get(reverse("learning:catalogue")).content.decode()
    assert "Skjult" in client.get(reverse("learning:manage")).content.decode()
    client.post(url, {"action": "activate"})
    delegering.refresh_from_db()
    assert delegering.is_active
    actions = list(ActionEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["learning_session_deactivate", "learning_session_activate"]


def test_a_stale_edit_is_refused_and_keeps_the_typed_text(org, delegering):
    first, second = client_for(org.hr), client_for(org.hr)
    token = re.search(
        r'name="edited_at" value="([^"]+)"', first.get(edit_url(delegering)).content.decode()
    )
    assert token
    first.post(
        edit_url(delegering), values(delegering, title="Fra første", edited_at=token.group(1))
    )
    result = second.post(
        edit_url(delegering), values(delegering, title="Fra andre", edited_at=token.group(1))
    )
    assert result.status_code == 409
    assert "Fra andre" in result.content.decode()
    delegering.refresh_from_db()
    assert delegering.title == "Fra første"


def test_hr_edits_the_mapping_of_a_dimension(org):
    client = client_for(org.hr)
    url = reverse("learning:mapping_edit", args=["maktdeling"])
    page = client.get(url).content.decode()
    delegering = LearningSession.objects.get(title="Delegering")
    assert f'value="{delegering.uuid}" checked' in page
    chosen = LearningSession.objects.filter(
        title__in=["Konflikthåndtering", "Tillitsbasert ledelse"]
    )
    result = client.post(url, {"sessions": [str(s.uuid) for s in chosen]})
    assert result.status_code == 302
    mapped = Recommendation.objects.get(dimension_key="maktdeling").sessions.all()
    assert set(mapped) == set(chosen)
    assert ActionEntry.objects.filter(action="learning_recommendation_set").count() == 1


def test_the_mapping_refuses_unknown_sessions_and_dimensions(org):
    client = client_for(org.hr)
    url = reverse("learning:mapping_edit", args=["maktdeling"])
    before = set(Recommendation.objects.get(dimension_key="maktdeling").sessions.all())
    result = client.post(url, {"sessions": ["00000000-0000-0000-0000-000000000000"]})
    assert result.status_code == 400
    assert "finnes ikke" in result.content.decode()
    assert set(Recommendation.objects.get(dimension_key="maktdeling").sessions.all()) == before
    assert client.get(reverse("learning:mapping_edit", args=["ukjent"])).status_code == 404


def test_the_manage_page_costs_the_same_however_many_sessions(org, django_assert_num_queries):
    client = client_for(org.hr)
    client.get(reverse("learning:manage"))  # the first request also writes the session
    with django_assert_num_queries(8) as seeded:
        page = client.get(reverse("learning:manage")).content.decode()
    for title in ("Selvledelse", "Kompetansebevissthet", "Relasjonelle lederferdigheter"):
        assert title in page
    for n in range(20):
        LearningSession.objects.create(
            title=f"Egen økt {n}", job="deliver", duration_minutes=20, created_by=org.hr
        )
    with django_assert_num_queries(len(seeded.captured_queries)):
        page = client.get(reverse("learning:manage")).content.decode()
    assert "Egen økt 19" in page


@pytest.mark.parametrize("persona", NOT_HR)
def test_no_one_but_hr_can_manage(org, delegering, persona):
    client = client_for(getattr(org, persona))
    before = snapshot(delegering)
    mapping = reverse("learning:mapping_edit", args=["maktdeling"])
    for url in (reverse("learning:manage"), edit_url(delegering), mapping):
        assert client.get(url).status_code == 404
    bad = values(delegering, title="Kapret", link="https://evil.example")
    assert client.post(edit_url(delegering), bad).status_code == 404
    assert client.post(reverse("learning:manage"), bad).status_code == 404
    active_url = reverse("learning:session_active", args=[delegering.uuid])
    assert client.post(active_url, {"action": "deactivate"}).status_code == 404
    assert client.post(mapping, {"sessions": []}).status_code == 404
    assert snapshot(delegering) == before and delegering.is_active
    assert LearningSession.objects.count() == 33
    assert Recommendation.objects.get(dimension_key="maktdeling").sessions.exists()
    assert "Forvalt katalogen" not in client.get(reverse("learning:catalogue")).content.decode()


def test_a_megabyte_description_is_refused_and_nothing_stored(org, delegering):
    """Once stored as typed: a description is one or two sentences, at most 1000 characters."""
    client = client_for(org.hr)
    huge = "x" * 1_000_000
    new = {"title": "Stor", "job": "deliver", "duration_minutes": "20", "description": huge}
    result = client.post(reverse("learning:manage"), new)
    assert result.status_code == 400
    assert "Teksten kan ha høyst 1000 tegn. Den har nå 1000000." in result.content.decode()
    assert not LearningSession.objects.filter(title="Stor").exists()
    assert LearningSession.objects.count() == 33
    before = snapshot(delegering)
    result = client.post(edit_url(delegering), values(delegering, description=huge))
    assert result.status_code == 400
    assert "Teksten kan ha høyst 1000 tegn. Den har nå 1000000." in result.content.decode()
    assert snapshot(delegering) == before
    assert len(LearningSession.objects.get(pk=delegering.pk).description) < 1000
    assert not ActionEntry.objects.exists()
