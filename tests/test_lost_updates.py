"""Two browsers saving the same object: the stale save is refused with a message, the
stored version is unchanged, and what the person typed is still in the form."""

import re

from django.urls import reverse

from aktiv.assessments.models import Response
from aktiv.reflections.models import Worksheet

from .factories import submitted_response


def token(page: str) -> str:
    match = re.search(r'name="edited_at" value="([^"]+)"', page)
    assert match, "the form carries no edit token"
    return match.group(1)


def test_worksheet_stale_save_is_refused(org, login):
    first, second = login(org.employee), login(org.employee)
    first.post(reverse("reflections:start", args=["tre-sporsmal"]))
    sheet = Worksheet.objects.get(person=org.employee)
    url = reverse("reflections:save", args=[sheet.uuid])
    old = token(first.get(sheet.get_absolute_url()).content.decode())
    stale_page_token = token(second.get(sheet.get_absolute_url()).content.decode())
    assert old == stale_page_token

    first.post(url, {"who": "Fra første vindu", "save": "1", "edited_at": old})
    result = second.post(url, {"who": "Fra andre vindu", "save": "1", "edited_at": old})
    assert result.status_code == 409
    page = result.content.decode()
    assert "Arket er endret et annet sted" in page
    assert "Fra andre vindu" in page  # what was typed is kept in the form
    assert "Fra første vindu" in page  # and the newer saved version is shown
    sheet.refresh_from_db()
    assert sheet.data["who"] == "Fra første vindu"

    # Saving again with the fresh token is a deliberate choice and goes through.
    second.post(url, {"who": "Fra andre vindu", "save": "1", "edited_at": token(page)})
    sheet.refresh_from_db()
    assert sheet.data["who"] == "Fra andre vindu"


def test_draft_answers_stale_save_is_refused(org, login):
    client = login(org.employee)
    client.post(reverse("assessments:start", args=["aktivt-medarbeiderskap"]))
    draft = Response.objects.get(person=org.employee)
    url = reverse("assessments:answer", args=[draft.uuid])
    old = token(client.get(draft.get_absolute_url()).content.decode())
    client.post(url, {"item-selvledelse-1": "5", "save": "1", "edited_at": old})
    result = client.post(url, {"item-selvledelse-1": "1", "save": "1", "edited_at": old})
    assert result.status_code == 409
    page = result.content.decode()
    assert "etter at du åpnet denne siden" in page
    assert re.search(r'name="item-selvledelse-1" value="1"[^>]*checked', page)
    assert Response.objects.get(pk=draft.pk).answers_by_item() == {"selvledelse-1": 5}


def test_focus_areas_stale_save_is_refused(org, login):
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    client = login(org.employee)
    old = token(client.get(response.get_absolute_url()).content.decode())
    choice = {
        "development_1": "selvledelse-1",
        "development_2": "selvledelse-2",
        "strength_1": "med-ledelse-1",
        "strength_2": "med-ledelse-2",
    }
    url = reverse("assessments:focus", args=[response.uuid])
    assert client.post(url, choice | {"edited_at": old}).status_code == 302
    changed = choice | {"development_1_note": "Min nye plan", "edited_at": old}
    result = client.post(url, changed)
    assert result.status_code == 409
    assert "Min nye plan" in result.content.decode()
    assert list(response.focus_areas.values_list("note", flat=True)) == ["", "", "", ""]
