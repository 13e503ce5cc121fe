import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiv.competence.models import CompetenceArea, CompetenceChange
from aktiv.competence.services import area_add, profile_for

from ..conftest import client_for

AREA = {
    "name": "Veiledning av nyansatte",
    "kind": "depth",
    "level": "4",
    "evidence": "Har veiledet seks nyansatte",
    "acquired": "2025",
}


def test_add_area_and_see_it_in_depth(org, login):
    client = login(org.employee)
    assert client.post(reverse("competence:mine"), AREA).status_code == 302
    area = CompetenceArea.objects.get()
    assert (area.name, area.kind, area.level) == ("Veiledning av nyansatte", "depth", 4)
    page = client.get(reverse("competence:mine")).content.decode()
    depth = page.split('id="depth-heading"')[1].split('id="breadth-heading"')[0]
    assert "Veiledning av nyansatte" in depth and 'role="img" aria-label="Nivå 4 av 5"' in depth
    assert "lagt til" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Feltet er påkrevet."),
        ({"level": "6"}, "Velg et gyldig valg"),
        ({"level": "tre"}, "Velg et gyldig valg"),
        ({"kind": "alt"}, "Velg et gyldig valg"),
        ({"name": "x" * 201}, "Teksten kan ha høyst 200 tegn. Den har nå 201."),
        ({"evidence": "x" * 3001}, "Teksten kan ha høyst 3000 tegn. Den har nå 3001."),
    ],
)
def test_bad_input_is_refused(org, login, change, message):
    result = login(org.employee).post(reverse("competence:mine"), AREA | change)
    assert result.status_code == 400
    assert message in result.content.decode()
    assert not CompetenceArea.objects.exists()


def test_change_and_remove_keep_history(org, login):
    area = area_add(profile=profile_for(org.employee), values={**AREA, "level": 3})
    client = login(org.employee)
    page = client.get(reverse("competence:area_edit", args=[area.uuid])).content.decode()
    token = re.search(r'name="edited_at" value="([^"]+)"', page).group(1)
    client.post(
        reverse("competence:area_edit", args=[area.uuid]), AREA | {"level": "5", "edited_at": token}
    )
    stale = client.post(
        reverse("competence:area_edit", args=[area.uuid]), AREA | {"level": "1", "edited_at": token}
    )
    assert stale.status_code == 409 and "endret et annet sted" in stale.content.decode()
    assert CompetenceArea.objects.get(pk=area.pk).level == 5
    client.post(reverse("competence:area_remove", args=[area.uuid]))
    assert not CompetenceArea.objects.current().exists()
    assert list(CompetenceChange.objects.filter(area=area).values_list("action", flat=True)) == [
        "removed",
        "changed",
        "added",
    ]


def test_share_with_leader_and_refusals(org, login):
    profile = profile_for(org.employee)
    client = login(org.employee)
    page = client.post(
        reverse("competence:sharing"), {"action": "share"}, follow=True
    ).content.decode()
    assert "Legg til minst ett kompetanseområde" in page
    area_add(profile=profile, values={**AREA, "level": 4})
    client.post(reverse("competence:sharing"), {"action": "share"})
    profile.refresh_from_db()
    assert profile.shared_with == org.leader
    leader_page = client_for(org.leader).get(profile.get_absolute_url()).content.decode()
    assert (
        "Kompetanseprofilen til Emma Medarbeider" in leader_page
        and "Veiledning av nyansatte" in leader_page
    )
    assert "Legg til et kompetanseområde" not in leader_page
    # Worded for the reader, not the owner.
    assert "Emma Medarbeider har delt kompetanseprofilen sin med deg" in leader_page
    assert "Kompetansen din" not in leader_page
    assert (
        profile.get_absolute_url() in client_for(org.leader).get(reverse("team")).content.decode()
    )
    for person in (org.colleague, org.other_leader, org.hr, org.admin):
        assert client_for(person).get(profile.get_absolute_url()).status_code == 404
    area = CompetenceArea.objects.get()
    for person in (org.leader, org.colleague, org.hr):
        assert (
            client_for(person).post(reverse("competence:area_remove", args=[area.uuid])).status_code
            == 404
        )
    assert CompetenceArea.objects.current().count() == 1
    client.post(reverse("competence:sharing"), {"action": "withdraw"})
    assert client_for(org.leader).get(profile.get_absolute_url()).status_code == 404


def test_the_service_refuses_an_oversized_text(org):
    profile = profile_for(org.employee)
    values = {"name": "Veiledning", "kind": "depth", "level": 4, "evidence": "x" * 3001}
    with pytest.raises(ValidationError) as refused:
        area_add(profile=profile, values=values)
    assert list(refused.value.message_dict) == ["evidence"]
    assert not CompetenceArea.objects.exists()
