"""End to end, in Debian's Chromium: a leader's team page and HR's participation figures,
each checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.conversations.models import Period
from aktiv.people.models import Person

from .test_assessment_flow import MARTE, SIGRID, PageChecker, log_in, log_out, main_nav


@pytest.mark.e2e
def test_team_page_and_hr_participation(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "insights"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    sigrid = Person.objects.get(email=SIGRID)
    assert Period.objects.current() is not None

    log_in(page, checker, SIGRID, "Sigrid")
    main_nav(page).get_by_role("link", name="Mitt team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt team")
    for report in sigrid.active_direct_reports():
        expect(page.get_by_role("heading", name=report.full_name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Teamet samlet (anonymt)")).to_be_visible()
    # Seven people have answered in the demo: the team's means are shown, as a table.
    expect(page.get_by_role("table").first).to_be_visible()
    checker.check("team")
    log_out(page)

    log_in(page, checker, MARTE, "Marte")
    main_nav(page).get_by_role("link", name="HR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR")
    checker.check("hr-home")
    page.get_by_role("link", name="Egenvurderinger per enhet (anonymt)").click()
    expect(page.get_by_role("img").first).to_be_visible()
    checker.check("figures")
    page.goto("/innsikt/deltakelse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deltakelse i medarbeidersamtalen")
    table = page.get_by_role("table", name="Deltakelse per enhet")
    expect(table.get_by_role("rowheader", name="Fjordvik kommune")).to_be_visible()
    expect(table).to_contain_text("Oppvekst og kultur")
    checker.check("participation")
    checker.assert_clean()
