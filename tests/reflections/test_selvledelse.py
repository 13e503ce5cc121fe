import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiv.conversations.models import AgendaItem
from aktiv.reflections.models import AGENDA_TEXT_MAX, PendingAgendaItem, Worksheet
from aktiv.reflections.services import worksheet_save


def start(client):
    client.post(reverse("reflections:start", args=["selvledelse"]))
    return Worksheet.objects.get(tool_key="selvledelse", status="draft")


def test_form_shows_seed_lists(org, login):
    client = login(org.employee)
    page = client.get(start(client).get_absolute_url()).content.decode()
    assert page.count('name="strengths"') == 7
    assert page.count('name="demanding"') == 8
    assert "«Bestille ledelse»" in page
    assert (
        "Forankring og involvering hos leder eller andre som har «aksjer» i dine oppgaver?" in page
    )
    assert "Hva kan jeg selv gjøre for å bli enda bedre på selvledelse?" in page
    assert "Hva trenger jeg eventuelt hjelp til?" in page


def test_done_with_help_brought_to_follow_up(org, login):
    client = login(org.employee)
    sheet = start(client)
    data = {
        "strengths": ["initiativ", "bestille-ledelse"],
        "demanding": ["prioritering"],
        "improve": "Planlegge uka på mandag",
        "help_needed": "Hjelp til å prioritere mellom prosjektene",
        "bring_to_follow_up": "on",
        "done": "1",
    }
    assert client.post(reverse("reflections:save", args=[sheet.uuid]), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_done
    assert sheet.data["strengths"] == ["initiativ", "bestille-ledelse"]
    item = PendingAgendaItem.objects.get(person=org.employee)
    assert item.text == "Hjelp til å prioritere mellom prosjektene" and item.source == sheet
    page = client.get(sheet.get_absolute_url()).content.decode()
    assert "Tatt med til neste oppfølgingssamtale." in page
    assert "Prioritering av oppgaver?" in page


def test_no_agenda_item_unless_asked(org, login):
    client = login(org.employee)
    sheet = start(client)
    client.post(
        reverse("reflections:save", args=[sheet.uuid]),
        {"strengths": ["initiativ"], "improve": "x", "help_needed": "Noe", "done": "1"},
    )
    assert Worksheet.objects.get(pk=sheet.pk).is_done
    assert not PendingAgendaItem.objects.exists()


def test_bring_without_text_is_refused(org, login):
    client = login(org.employee)
    sheet = start(client)
    result = client.post(
        reverse("reflections:save", args=[sheet.uuid]),
        {"strengths": ["initiativ"], "improve": "x", "bring_to_follow_up": "on", "done": "1"},
    )
    assert result.status_code == 400
    assert "Skriv hva du trenger hjelp til" in result.content.decode()
    assert not Worksheet.objects.get(pk=sheet.pk).is_done
    assert not PendingAgendaItem.objects.exists()


def test_unknown_choice_is_refused(org, login):
    client = login(org.employee)
    sheet = start(client)
    result = client.post(
        reverse("reflections:save", args=[sheet.uuid]), {"strengths": ["hacker"], "save": "1"}
    )
    assert result.status_code == 400
    assert Worksheet.objects.get(pk=sheet.pk).data == {}


def test_done_requires_a_strength_and_improvement(org, login):
    client = login(org.employee)
    sheet = start(client)
    result = client.post(reverse("reflections:save", args=[sheet.uuid]), {"done": "1"})
    assert result.status_code == 400
    assert result.content.decode().count("Fyll ut dette før du markerer arket som ferdig.") >= 2


def test_the_help_asked_for_fits_on_the_agenda(org, login):
    """It becomes a point on the next follow-up's agenda, with that point's limit."""
    assert AgendaItem._meta.get_field("text").max_length == AGENDA_TEXT_MAX
    client = login(org.employee)
    sheet = start(client)
    data = {
        "strengths": ["initiativ"],
        "improve": "Planlegge uka",
        "help_needed": "x" * (AGENDA_TEXT_MAX + 1),
        "bring_to_follow_up": "on",
        "done": "1",
    }
    result = client.post(reverse("reflections:save", args=[sheet.uuid]), data)
    assert result.status_code == 400
    assert "Teksten kan ha høyst 2000 tegn. Den har nå 2001." in result.content.decode()
    with pytest.raises(ValidationError, match="høyst 2000 tegn"):
        worksheet_save(
            worksheet=sheet,
            data={"help_needed": "x" * (AGENDA_TEXT_MAX + 1), "bring_to_follow_up": True},
            done=True,
        )
    sheet.refresh_from_db()
    assert not sheet.is_done and not PendingAgendaItem.objects.exists()
