"""HR's organisation pages: HR only, forms that refuse bad input with 400 and change nothing,
and a people list whose query count does not grow with the organisation."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktiv.people.models import ImportJob, Person, Unit
from aktiv.people.organisation import importer, views
from tests.conftest import client_for
from tests.factories import PersonFactory, UnitFactory

from .helpers import HEADER, csv_bytes, xlsx_bytes

REFUSED = ("employee", "leader", "other_leader", "admin")


def _pages(org) -> list[tuple[str, str]]:
    return [
        ("get", reverse("organisation:index")),
        ("get", reverse("organisation:unit_new")),
        ("get", reverse("organisation:unit_edit", args=[org.unit.uuid])),
        ("post", reverse("organisation:unit_delete", args=[org.unit.uuid])),
        ("get", reverse("organisation:person_new")),
        ("get", reverse("organisation:person_edit", args=[org.employee.uuid])),
        ("post", reverse("organisation:person_deactivate", args=[org.employee.uuid])),
        ("post", reverse("organisation:person_reactivate", args=[org.employee.uuid])),
        ("get", reverse("organisation:import")),
    ]


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_but_hr_gets_404(org, persona):
    client = client_for(getattr(org, persona))
    for method, url in _pages(org):
        assert getattr(client, method)(url).status_code == 404, url
    org.employee.refresh_from_db()
    assert org.employee.is_active


def test_anonymous_is_sent_to_login(org):
    client = client_for(None)
    for method, url in _pages(org):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_hr_sees_every_page(org):
    client = client_for(org.hr)
    for method, url in _pages(org):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_index_shows_the_tree_with_active_counts_and_people(org):
    child = UnitFactory.create(name="Barnehage", parent=org.unit)
    PersonFactory.create(full_name="Borte Borgersen", unit=child, is_active=False)
    org.employee.is_hr = True
    org.employee.save()
    page = client_for(org.hr).get(reverse("organisation:index")).content.decode()
    assert "Barnehage" in page and "Borte Borgersen" in page and "Deaktivert" in page
    assert "Oppvekst / Barnehage" in page
    assert "Lena Leder" in page  # the employee's leader column
    # Administrators are listed but only editable in the Django admin.
    assert reverse("organisation:person_edit", args=[org.admin.uuid]) not in page


def test_people_list_searches_and_filters_by_unit_with_its_children(org):
    child = UnitFactory.create(name="Barnehage", parent=org.other_unit)
    PersonFactory.create(full_name="Under Teknisk", unit=child)
    client = client_for(org.hr)
    page = client.get(reverse("organisation:index"), {"q": "KOLLEGA"}).content.decode()
    assert "Kari Kollega" in page and "Emma Medarbeider" not in page
    page = client.get(
        reverse("organisation:index"), {"unit": str(org.other_unit.uuid)}
    ).content.decode()
    assert "Under Teknisk" in page and "Ola Annen" in page and "Emma Medarbeider" not in page
    bad = client.get(reverse("organisation:index"), {"unit": "ikke-en-enhet"})
    assert bad.status_code == 400


def test_a_search_matching_more_than_the_limit_lists_the_first_and_asks_for_more(org, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_LIMIT", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for name in ("Anne Aas", "Berit Aas", "Cato Aas", "Dina Aas"):
        PersonFactory.create(full_name=name, unit=org.unit)
    client = client_for(org.hr)
    page = client.get(reverse("organisation:index"), {"q": "aas"}).content.decode()
    assert "Mer enn 3 personer passer med søket. Her er de 3 første" in page
    assert "Anne Aas" in page and "Berit Aas" in page and "Cato Aas" not in page
    assert "Side 1 av 2" in page
    last = client.get(reverse("organisation:index"), {"q": "aas", "side": "2"}).content.decode()
    assert "Cato Aas" in last and "Dina Aas" not in last  # the fourth match is past the limit
    assert 'rel="next"' not in last
    # Exactly the limit: counted as usual.
    monkeypatch.setattr(views, "SEARCH_LIMIT", 4)
    page = client.get(reverse("organisation:index"), {"q": "aas"}).content.decode()
    assert "Mer enn" not in page and "4 personer" in page
    # Without a search every person is counted and paged, however many.
    page = client.get(reverse("organisation:index")).content.decode()
    assert "Mer enn" not in page and f"{Person.objects.count()} personer" in page


def test_people_list_query_count_does_not_grow(org, django_assert_max_num_queries):
    client = client_for(org.hr)
    client.get(reverse("organisation:index"))  # warm the session
    for i in range(5):
        unit = UnitFactory.create(name=f"Enhet {i}", parent=org.unit)
        leader = PersonFactory.create(unit=unit)
        PersonFactory.create_batch(15, unit=unit, leader=leader)
    with django_assert_max_num_queries(14) as small:
        client.get(reverse("organisation:index"), {"side": "2"})
    for i in range(20):
        unit = UnitFactory.create(name=f"Mer {i}", parent=org.other_unit)
        PersonFactory.create_batch(10, unit=unit, leader=org.other_leader)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("organisation:index"), {"side": "2"})
    assert response.status_code == 200
    assert "Side 2 av" in response.content.decode()


def test_unit_create_refuses_a_duplicate_with_400(org):
    client = client_for(org.hr)
    url = reverse("organisation:unit_new")
    before = Unit.objects.count()
    response = client.post(url, {"name": "oppvekst", "parent": ""})
    assert response.status_code == 400
    assert "finnes allerede" in response.content.decode()
    assert Unit.objects.count() == before
    response = client.post(url, {"name": "Skole", "parent": "Oppvekst"})
    assert response.status_code == 302
    assert Unit.objects.get(name="Skole").parent == org.unit


def test_unit_edit_refuses_a_cycle_and_delete_refuses_a_unit_with_people(org):
    client = client_for(org.hr)
    child = UnitFactory.create(name="Skole", parent=org.unit)
    url = reverse("organisation:unit_edit", args=[org.unit.uuid])
    response = client.post(url, {"name": "Oppvekst", "parent": "Oppvekst / Skole"})
    assert response.status_code == 400
    assert "under seg selv" in response.content.decode()
    response = client.post(reverse("organisation:unit_delete", args=[org.unit.uuid]), follow=True)
    assert "underenheter" in response.content.decode()
    assert Unit.objects.filter(pk=org.unit.pk).exists()
    response = client.post(reverse("organisation:unit_delete", args=[child.uuid]))
    assert response.status_code == 302
    assert not Unit.objects.filter(pk=child.pk).exists()


def test_person_create_tells_hr_about_glemt_passordet(org):
    client = client_for(org.hr)
    data = {
        "full_name": "Nora Ny",
        "email": "Nora@Example.no",
        "unit": "Oppvekst",
        "leader": org.leader.email.upper(),
    }
    response = client.post(reverse("organisation:person_new"), data, follow=True)
    person = Person.objects.get(email="nora@example.no")
    assert person.leader == org.leader and not person.is_hr
    assert "Glemt passordet?" in response.content.decode()
    again = client.post(reverse("organisation:person_new"), data)
    assert again.status_code == 400
    assert "finnes allerede" in again.content.decode()


def test_person_edit_refuses_a_leader_ring_and_keeps_the_data(org):
    client = client_for(org.hr)
    data = {
        "full_name": "Lena Leder",
        "email": org.leader.email,
        "unit": "Oppvekst",
        "leader": org.employee.email,
    }
    response = client.post(reverse("organisation:person_edit", args=[org.leader.uuid]), data)
    assert response.status_code == 400
    assert "ring av ledere" in response.content.decode()
    org.leader.refresh_from_db()
    assert org.leader.leader is None


def test_hr_cannot_drop_their_own_role_or_deactivate_themselves(org):
    client = client_for(org.hr)
    data = {"full_name": "Hanne HR", "email": org.hr.email, "unit": "Oppvekst"}
    response = client.post(reverse("organisation:person_edit", args=[org.hr.uuid]), data)
    assert response.status_code == 400
    assert "egen HR-rolle" in response.content.decode()
    response = client.post(
        reverse("organisation:person_deactivate", args=[org.hr.uuid]), follow=True
    )
    assert "deaktivere deg selv" in response.content.decode()
    org.hr.refresh_from_db()
    assert org.hr.is_hr and org.hr.is_active


def test_deactivated_person_is_signed_out_at_their_next_request(org):
    employee = client_for(org.employee)
    assert employee.get(reverse("home")).status_code == 200
    hr = client_for(org.hr)
    response = hr.post(reverse("organisation:person_deactivate", args=[org.employee.uuid]))
    assert response.status_code == 302
    org.employee.refresh_from_db()
    assert not org.employee.is_active
    after = employee.get(reverse("home"))
    assert after.status_code == 302 and after["Location"].startswith(reverse("login"))
    hr.post(reverse("organisation:person_reactivate", args=[org.employee.uuid]))
    org.employee.refresh_from_db()
    assert org.employee.is_active


def test_administrators_cannot_be_edited_here(org):
    client = client_for(org.hr)
    for name in ("person_edit", "person_deactivate"):
        method = client.get if name == "person_edit" else client.post
        assert method(reverse(f"organisation:{name}", args=[org.admin.uuid])).status_code == 404


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_dry_run_then_apply_then_nothing_to_change(org):
    client = client_for(org.hr)
    url = reverse("organisation:import")
    data = csv_bytes(
        [HEADER, ["nora@fjordvik.no", "Nora", "Fjordvik / Skole", org.leader.email, ""]]
    )
    response = client.post(url, {"file": _upload("folk.csv", data), "action": "check"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "ingenting er lagret ennå" in page and "Fjordvik / Skole" in page
    assert not Person.objects.filter(email="nora@fjordvik.no").exists()
    response = client.post(url, {"file": _upload("folk.csv", data), "action": "apply"})
    assert "Importen er gjennomført" in response.content.decode()
    assert Person.objects.get(email="nora@fjordvik.no").leader == org.leader
    response = client.post(url, {"file": _upload("folk.csv", data), "action": "apply"})
    assert "0 endringer er gjort i alt" in response.content.decode()


def test_a_checked_file_is_kept_so_it_need_not_be_chosen_again(org):
    client = client_for(org.hr)
    data = csv_bytes(
        [HEADER, ["nora@fjordvik.no", "Nora", "Fjordvik / Skole", org.leader.email, ""]]
    )
    page = client.post(
        reverse("organisation:import"), {"file": _upload("folk.csv", data), "action": "check"}
    ).content.decode()
    assert "1 endring blir gjort i alt" not in page  # a person and two units: three
    assert "3 endringer blir gjort i alt" in page
    staged = re.search(r'action="(/organisasjon/import/[0-9a-f-]+/importer/)"', page)
    assert staged, "no 'Importer denne filen' form"
    assert not Person.objects.filter(email="nora@fjordvik.no").exists()
    # Another HR person cannot use it; the one who checked it imports it once.
    other_hr = PersonFactory.create(is_hr=True, unit=org.unit)
    assert client_for(other_hr).post(staged[1]).status_code == 302
    assert not Person.objects.filter(email="nora@fjordvik.no").exists()
    response = client.post(staged[1])
    assert "Importen er gjennomført" in response.content.decode()
    assert Person.objects.get(email="nora@fjordvik.no").leader == org.leader
    again = client.post(staged[1], follow=True).content.decode()
    assert "Filen er ikke lagret lenger" in again
    assert ImportJob.objects.exclude(data=b"").count() == 0


def test_a_typo_in_a_unit_or_a_second_tree_is_flagged_in_the_dry_run(org):
    root = Unit.objects.create(name="Fjordvik")
    Unit.objects.create(name="Oppvekst og kultur", parent=root)
    client = client_for(org.hr)
    data = csv_bytes(
        [
            HEADER,
            ["a@fjordvik.no", "A", "Fjordvik / Oppvekst og kultr", "", ""],
            ["b@fjordvik.no", "B", "Fjordvk", "", ""],
            ["c@fjordvik.no", "C", "Fjordvik / Helse", "", ""],
            ["d@fjordvik.no", "D", "Havnevesenet", "", ""],
        ]
    )
    page = client.post(
        reverse("organisation:import"), {"file": _upload("folk.csv", data), "action": "check"}
    ).content.decode()
    assert "Sjekk disse enhetene" in page
    assert "«Fjordvik / Oppvekst og kultr» ligner på «Fjordvik / Oppvekst og kultur»" in page
    assert "«Fjordvk» ligner på «Fjordvik»" in page
    assert "«Havnevesenet» blir en ny enhet øverst i treet" in page
    assert "Helse" not in page.split("Sjekk disse enhetene")[1].split("</ul>")[0]


def test_import_lists_bad_lines_with_400(org):
    data = xlsx_bytes([["email", "name", "unit"], ["x", "", "A//B"]])
    response = client_for(org.hr).post(
        reverse("organisation:import"), {"file": _upload("folk.xlsx", data), "action": "apply"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ingenting er endret" in page and "Navn mangler" in page and "tomt ledd" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bilde.png", b"\x89PNG\r\n", "CSV- eller XLSX-fil"),
        ("folk.xlsx", b"PK\x03\x04 broken", "ikke en gyldig XLSX-fil"),
        ("folk.csv", b"x" * (importer.MAX_BYTES + 1), "større enn 32 MB"),
    ],
)
def test_import_refuses_files_it_cannot_read_with_a_message(org, name, data, message):
    response = client_for(org.hr).post(
        reverse("organisation:import"), {"file": _upload(name, data), "action": "apply"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_import_without_a_file_is_a_400(org):
    response = client_for(org.hr).post(reverse("organisation:import"), {"action": "check"})
    assert response.status_code == 400
