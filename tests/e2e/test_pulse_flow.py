"""End to end, in Debian's Chromium: an employee answers the team pulse on a phone, the
leader reads the team's drivers and HR the organisation's, each page checked with axe-core
(WCAG 2.1 A/AA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.people.models import Person
from aktiv.pulse import definitions
from aktiv.pulse.models import Answer, Participation

from .test_assessment_flow import (
    MARTE,
    NORA,
    SIGRID,
    PageChecker,
    choose,
    log_in,
    log_out,
    main_nav,
)


@pytest.mark.e2e
def test_answering_the_pulse_and_reading_it(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "pulse"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    nora = Person.objects.get(email=NORA)
    answers_before = Answer.objects.count()

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, checker, NORA, "Nora")
    main_nav(page).get_by_role("link", name="Puls").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medarbeiderpuls")
    expect(page.get_by_text("uten navn, uten e-post og uten tidspunkt")).to_be_visible()
    checker.check("pulse-index")
    page.get_by_role("link", name="Svar nå (et par minutter)").click()
    checker.check("pulse-answer")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for n, item in enumerate(definitions.latest().items):
        choose(page, item.text, 1 + n % 5)
    page.get_by_role("button", name="Send svarene").click()
    expect(page.get_by_text("Takk! Svarene dine er lagret uten navn.")).to_be_visible()
    expect(page.get_by_text("Du har svart. Takk!")).to_be_visible()
    checker.check("pulse-answered")
    assert Answer.objects.count() == answers_before + 1
    assert Participation.objects.filter(person=nora).count() >= 1
    log_out(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, checker, SIGRID, "Sigrid")
    page.goto("/puls/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pulsen i teamet")
    expect(page.get_by_role("heading", name="Helsenærvær i enheten")).to_be_visible()
    checker.check("pulse-team")
    log_out(page)

    log_in(page, checker, MARTE, "Marte")
    page.goto("/puls/hr/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medarbeiderpuls")
    expect(page.get_by_role("img", name="Hele organisasjonen per runde")).to_be_visible()
    checker.check("pulse-hr")
    page.get_by_role("link", name="Helsenærvær: sykefravær ved siden av driverne").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helsenærvær")
    checker.check("pulse-health")
    page.get_by_role("link", name="Importer sykefravær").first.click()
    checker.check("pulse-import")
    checker.assert_clean()
