"""End to end, in Debian's Chromium: a leader's team page and HR's participation figures,
each checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.conversations.models import Period
from aktiv.people.models import Person, Unit

from .test_assessment_flow import MARTE, NORA, SIGRID, PageChecker, log_in, log_out, main_nav


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
    reports = list(sigrid.active_direct_reports())
    triage = page.get_by_role("table", name="Medarbeiderne dine, de som trenger deg mest først")
    rows = page.locator("table.triage tbody tr")  # the caption names the filter
    expect(rows).to_have_count(len(reports))
    for report in reports:
        expect(triage.get_by_role("link", name=report.full_name, exact=True)).to_be_visible()
    # The most urgent first: the first row carries an urgent flag, linking to where it is fixed.
    expect(rows.first.locator(".flag-alert").first).to_be_visible()
    expect(page.get_by_role("heading", name="Teamet samlet (anonymt)")).to_be_visible()
    # Seven people have answered in the demo: the team's means are shown, as a table.
    expect(page.get_by_role("table").nth(1)).to_be_visible()
    checker.check("team")
    # Filtering by a flag is a plain link: only the reports with that flag remain.
    filters = page.get_by_role("navigation", name="Vis bare")
    chip = filters.locator("a.flag-alert").first
    count = int(chip.locator(".count").inner_text())
    chip.click()
    expect(page).to_have_url(re.compile(r"/team/\?flagg=[a-z-]+$"))
    expect(filters.locator("[aria-current=page]")).to_have_count(1)
    expect(rows).to_have_count(count)
    checker.check("team-filtered")
    flag = rows.first.locator(".flag-alert").first
    href = flag.get_attribute("href") or ""
    flag.click()
    expect(page).to_have_url(re.compile(re.escape(href.split("#")[0])))
    checker.check("team-flag-target")
    # On a phone the table becomes cards, and no page is wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/team/")
    expect(rows.first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checker.check("team-phone")
    page.goto("/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("region", name="Mitt team")).to_contain_text("Venter på deg")
    checker.check("home-leader-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    # Nora's Min side: her next follow-up, her actions and what Sigrid promised her.
    log_in(page, checker, NORA, "Nora")
    expect(page.get_by_role("region", name="Neste oppfølgingssamtale")).to_be_visible()
    expect(page.get_by_role("region", name="Målene mine")).to_be_visible()
    expect(page.get_by_role("region", name="Tiltakene mine")).to_be_visible()
    expect(page.get_by_role("region", name="Dette har Sigrid lovet deg")).to_be_visible()
    checker.check("home-employee")
    log_out(page)

    log_in(page, checker, MARTE, "Marte")
    main_nav(page).get_by_role("link", name="HR").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("HR")
    checker.check("hr-home")
    page.get_by_role("link", name="Egenvurderinger per enhet (anonymt)").click()
    expect(page.get_by_role("img").first).to_be_visible()
    checker.check("figures")
    # A third level, so that a unit on the page has units under it to open.
    sector = Unit.objects.get(name="Oppvekst og kultur")
    Unit.objects.create(name="Fjordvik skole", parent=sector)
    page.goto("/innsikt/deltakelse/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deltakelse i medarbeidersamtalen")
    table = page.get_by_role("table", name="Deltakelse per enhet")
    expect(table.get_by_role("rowheader", name="Fjordvik kommune")).to_be_visible()
    expect(table).to_contain_text("Oppvekst og kultur")
    checker.check("participation")
    expect(table).not_to_contain_text("Fjordvik skole")
    opener = table.get_by_role("link", name="Vis enhetene under")
    expect(opener).to_have_count(1)
    opener.click()
    expect(table.get_by_role("rowheader", name="Fjordvik skole")).to_be_visible()
    expect(opener).to_have_count(0)
    # Opened in place by HTMX: still the whole organisation's page.
    expect(page).to_have_url(re.compile(r"/innsikt/deltakelse/$"))
    expect(table.get_by_role("rowheader", name="Fjordvik kommune")).to_be_visible()
    expect(table.locator("th.depth-2")).to_have_count(1)
    checker.check("participation-opened")
    page.get_by_label("Søk etter leder (navn)").fill("Sigrid")
    page.get_by_role("button", name="Søk").click()
    leaders = page.get_by_role("table", name="Deltakelse per leder")
    expect(leaders.get_by_role("rowheader")).to_have_count(1)
    expect(leaders).to_contain_text("Sigrid Bakken")
    checker.check("participation-search")
    checker.assert_clean()
