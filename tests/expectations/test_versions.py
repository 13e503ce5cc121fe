"""Versioning of the expectations: drafts, publishing, immutability, the default texts."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.expectations.models import TEXT_MAX_LENGTH, ExpectationsVersion
from aktiv.expectations.services import (
    current_draft,
    current_published,
    draft_save,
    draft_start,
    self_check_questions,
    version_publish,
)

from ..conftest import client_for

TEXTS = {"of_leaders": "Lede.", "of_employees": "Medvirke.", "of_employer": "Legge til rette."}


def test_the_first_draft_starts_from_the_seed_texts(org):
    draft = draft_start(actor=org.hr)
    assert draft.number == 1 and not draft.is_published
    assert draft.of_leaders.startswith("Ledere har fire like viktige jobber")
    assert "1. Ledelse er å få jobben gjort" in draft.of_leaders
    assert "4. Ledelse er å utvikle eget lederskap" in draft.of_leaders
    assert "Forventninger til aktivt medarbeiderskap – tre lederoppgaver" in draft.of_employees
    assert "1. Medarbeidere må lede seg selv (selvledelse)" in draft.of_employees
    assert "3. Medarbeidere må utøve «medarbeiderledelse»" in draft.of_employees
    assert "istandsatt folk til å kunne etterleve" in draft.of_employer
    assert current_published() is None


def test_the_five_questions_are_the_seeds_word_for_word():
    questions = dict(self_check_questions())
    assert list(questions) == ["q1", "q2", "q3", "q4", "q5"]
    assert questions["q1"] == (
        "Er du eller medarbeiderne hos deg tilstrekkelig klar over hvilke forventninger som "
        "ligger i rollen som medarbeider?"
    )
    assert questions["q5"] == (
        "Har dere prosesser for å avklare mål og følge opp medarbeidere, som både er "
        "ansvarliggjørende og motiverende på de ansatte?"
    )


def test_publish_then_a_new_draft_copies_it_and_the_published_one_never_changes(org):
    first = draft_start(actor=org.hr)
    draft_save(draft=first, actor=org.hr, values=TEXTS)
    version_publish(draft=first, actor=org.hr)
    assert current_published() == first and current_draft() is None

    second = draft_start(actor=org.hr)
    assert second.number == 2 and second.of_leaders == "Lede."
    assert draft_start(actor=org.hr) == second  # one draft at a time
    draft_save(draft=second, actor=org.hr, values=TEXTS | {"of_leaders": "Lede bedre."})
    first.refresh_from_db()
    assert first.of_leaders == "Lede." and current_published() == first

    with pytest.raises(ValidationError):
        draft_save(draft=first, actor=org.hr, values=TEXTS | {"of_leaders": "Omskrevet"})
    with pytest.raises(ValidationError):
        version_publish(draft=first, actor=org.hr)
    first.refresh_from_db()
    assert first.of_leaders == "Lede."

    version_publish(draft=second, actor=org.hr)
    assert current_published() == second
    actions = list(ActionEntry.objects.filter(action="expectations_publish"))
    assert len(actions) == 2 and {a.actor for a in actions} == {org.hr}


def test_earlier_versions_stay_readable_to_everyone(org):
    first = draft_start(actor=org.hr)
    draft_save(draft=first, actor=org.hr, values=TEXTS)
    version_publish(draft=first, actor=org.hr)
    second = draft_start(actor=org.hr)
    draft_save(draft=second, actor=org.hr, values=TEXTS | {"of_leaders": "Ny tekst."})
    version_publish(draft=second, actor=org.hr)

    page = client_for(org.employee).get(reverse("expectations:version", args=[first.uuid]))
    assert page.status_code == 200
    assert "Lede." in page.content.decode() and "tidligere versjon" in page.content.decode()
    current = client_for(org.employee).get(reverse("expectations:current")).content.decode()
    assert "Ny tekst." in current and "Versjon 1" in current


def test_hr_edits_previews_and_publishes_in_the_browser_flow(org):
    hr = client_for(org.hr)
    assert hr.post(reverse("expectations:draft_start")).url == reverse("expectations:edit")
    draft = ExpectationsVersion.objects.get()
    token = draft.updated_at.isoformat()
    result = hr.post(reverse("expectations:edit"), TEXTS | {"edited_at": token, "preview": "1"})
    assert result.url == reverse("expectations:version", args=[draft.uuid])
    draft.refresh_from_db()
    preview = hr.get(result.url).content.decode()
    assert "Forhåndsvisning" in preview and "Legge til rette." in preview
    result = hr.post(
        reverse("expectations:publish", args=[draft.uuid]),
        {"edited_at": draft.updated_at.isoformat()},
    )
    assert result.url == reverse("expectations:manage")
    draft.refresh_from_db()
    assert draft.is_published
    # Publishing twice (a double click) changes nothing and says so.
    again = hr.post(reverse("expectations:publish", args=[draft.uuid]), follow=True)
    assert "allerede publisert" in again.content.decode()
    # With no draft, the edit page sends HR back to start one.
    assert hr.get(reverse("expectations:edit")).url == reverse("expectations:manage")


def test_user_text_is_escaped_and_kept_in_paragraphs(org):
    draft = draft_start(actor=org.hr)
    draft_save(
        draft=draft,
        actor=org.hr,
        values=TEXTS | {"of_leaders": "<script>alert(1)</script>\n\nAndre avsnitt"},
    )
    version_publish(draft=draft, actor=org.hr)
    page = client_for(org.employee).get(reverse("expectations:current")).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<p>Andre avsnitt</p>" in page


def test_publishing_with_an_empty_text_is_refused(org):
    draft = draft_start(actor=org.hr)
    draft_save(draft=draft, actor=org.hr, values=TEXTS | {"of_employer": "   "})
    draft.refresh_from_db()
    result = client_for(org.hr).post(
        reverse("expectations:publish", args=[draft.uuid]),
        {"edited_at": draft.updated_at.isoformat()},
    )
    assert result.status_code == 400
    assert "«Forventninger til arbeidsgiveren» er tom" in result.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published and current_published() is None


def test_an_oversized_text_is_refused_and_nothing_changes(org):
    draft = draft_start(actor=org.hr)
    before = draft.of_leaders
    result = client_for(org.hr).post(
        reverse("expectations:edit"),
        TEXTS
        | {"of_leaders": "x" * (TEXT_MAX_LENGTH + 1), "edited_at": draft.updated_at.isoformat()},
    )
    assert result.status_code == 400
    assert "Noe må rettes" in result.content.decode()
    draft.refresh_from_db()
    assert draft.of_leaders == before


def test_a_stale_save_is_refused_and_keeps_what_was_typed(org):
    draft = draft_start(actor=org.hr)
    stale = draft.updated_at.isoformat()
    draft_save(draft=draft, actor=org.hr, values=TEXTS | {"of_leaders": "Kollegaens tekst"})
    result = client_for(org.hr).post(
        reverse("expectations:edit"), TEXTS | {"of_leaders": "Min tekst", "edited_at": stale}
    )
    assert result.status_code == 409
    page = result.content.decode()
    assert "endret et annet sted" in page and "Min tekst" in page
    draft.refresh_from_db()
    assert draft.of_leaders == "Kollegaens tekst"
    # The fresh token is in the form: saving again is a deliberate choice and works.
    fresh = draft.updated_at.isoformat()
    assert fresh in page
    client_for(org.hr).post(
        reverse("expectations:edit"), TEXTS | {"of_leaders": "Min tekst", "edited_at": fresh}
    )
    draft.refresh_from_db()
    assert draft.of_leaders == "Min tekst"


def test_publishing_what_was_not_previewed_is_refused(org):
    draft = draft_start(actor=org.hr)
    previewed = draft.updated_at.isoformat()
    draft_save(draft=draft, actor=org.hr, values=TEXTS | {"of_leaders": "Endret etterpå"})
    result = client_for(org.hr).post(
        reverse("expectations:publish", args=[draft.uuid]), {"edited_at": previewed}
    )
    assert result.status_code == 409
    assert "Endret etterpå" in result.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize("persona", ["employee", "leader", "other_leader", "admin"])
def test_only_hr_sees_or_publishes_the_draft(org, persona):
    draft = draft_start(actor=org.hr)
    client = client_for(getattr(org, persona))
    assert client.get(reverse("expectations:version", args=[draft.uuid])).status_code == 404
    publish = client.post(
        reverse("expectations:publish", args=[draft.uuid]),
        {"edited_at": draft.updated_at.isoformat()},
    )
    assert publish.status_code == 404
    edit = client.post(reverse("expectations:edit"), TEXTS)
    assert edit.status_code == 404
    assert client.post(reverse("expectations:draft_start")).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published and draft.of_leaders != "Lede."
    assert ExpectationsVersion.objects.count() == 1
    assert client_for(org.hr).get(
        reverse("expectations:version", args=[draft.uuid])
    ).status_code == (200)


def test_the_service_refuses_an_oversized_text(org):
    draft = draft_start(actor=org.hr)
    with pytest.raises(ValidationError) as refused:
        draft_save(
            draft=draft, actor=org.hr, values=TEXTS | {"of_employer": "x" * (TEXT_MAX_LENGTH + 1)}
        )
    assert list(refused.value.message_dict) == ["of_employer"]
    draft.refresh_from_db()
    assert draft.of_employer != "x" * (TEXT_MAX_LENGTH + 1)
