"""End to end, in Debian's Chromium: HR's organisation page opens a unit's children by HTMX
and filters the people by a unit from the table; the person form takes a unit's path and the
leader's e-mail address. Each page checked with axe-core, at 1280 and 390 pixels wide."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.people.models import Person, Unit

from .test_assessment_flow import MARTE, PageChecker, log_in, main_nav


@pytest.mark.e2e
def test_organisation_tree_people_filter_and_person_form(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "organisation"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    parent = Unit.objects.filter(parent__parent__isnull=True, parent__isnull=False).first()
    assert parent is not None
    Unit.objects.create(name="Avdeling nord", parent=parent)
    nora = Person.objects.filter(unit=parent, is_active=True).first()
    assert nora is not None

    log_in(page, checker, MARTE, "Marte")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/organisasjon/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjonen")
        checker.check(f"organisation-{width}")
        opener = page.get_by_role("link", name=f"Vis enhetene under {parent.parent} / {parent}")
        opener.click()
        expect(page.get_by_role("rowheader", name="Avdeling nord")).to_be_visible()
        expect(opener).to_have_count(0)
        expect(page).to_have_url(re.compile(r"/organisasjon/$"))  # by HTMX, in place
        checker.check(f"organisation-opened-{width}")
        page.get_by_role("link", name=f"Vis personer i {parent.parent} / {parent}").first.click()
        expect(page.get_by_text(f"Personer i {parent.parent} / {parent}, med")).to_be_visible()
        expect(page.get_by_role("link", name=nora.full_name)).to_be_visible()
        checker.check(f"organisation-people-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Finn en enhet (navn)").fill("nord")
    page.get_by_role("button", name="Finn").click()
    found = page.get_by_role("list", name="Enheter som passer")
    expect(found).to_contain_text(f"{parent.parent} / {parent} / Avdeling nord")
    checker.check("organisation-unit-found-1280")
    found.get_by_role("link", name="Vis personer").click()
    expect(page.get_by_text("Ingen personer passer med søket.")).to_be_visible()
    page.goto(f"/organisasjon/?unit={parent.uuid}")
    page.get_by_role("link", name=nora.full_name).click()
    expect(page.get_by_label("Enhet", exact=True)).to_have_value(f"{parent.parent} / {parent}")
    page.get_by_label("Lederens e-post").fill("ingen@fjordvik.example")
    page.get_by_role("button", name="Lagre").click()
    refused = "Ingen person har e-postadressen «ingen@fjordvik.example»"
    expect(page.locator("#id_leader_error")).to_have_text(re.compile(re.escape(refused)))
    checker.check("person-refused-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/organisasjon/personer/ny/")
    checker.check("person-new-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/organisasjon/personer/ny/")
    checker.check("person-new-1280")
    assert main_nav(page).is_visible()
    checker.assert_clean()
