"""End to end, in Debian's Chromium: Sigrid Bakken reads her team's upward feedback beside
her own view, answers a report's 180° request and puts the differences on the agenda, then
opens a new round; Nora Haugen answers it anonymously. Every page is checked with axe-core
(WCAG 2.1 A and AA) and for sideways scrolling, and photographed into
test-artifacts/e2e/feedback/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.feedback import definitions
from aktiv.feedback.models import UpwardParticipation, UpwardRound, UpwardSubmission, ViewRequest
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem

from .test_assessment_flow import NORA, SIGRID, PageChecker, choose, log_in, log_out


@pytest.mark.e2e
def test_upward_feedback_and_the_180_view(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "feedback"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    sigrid = Person.objects.get(email=SIGRID)
    waiting = ViewRequest.objects.waiting().get(leader=sigrid)

    # 1) Sigrid opens her team page and follows the link to the closed round.
    page.goto("/")
    log_in(page, checker, SIGRID, "Sigrid")
    page.goto("/team/")
    checker.check("team")
    page.get_by_role("link", name="Tilbakemelding oppover: teamets syn på deg").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilbakemelding oppover")
    expect(page.get_by_role("table")).to_contain_text("Min leder er en god rollemodell")
    # The wide drawing of the chart; the narrow one (for phones) is hidden here.
    expect(page.locator("svg:visible")).to_have_count(1)
    checker.check("upward-round")

    # 2) The 180° request waiting for her: the form, no answers of the employee's.
    page.goto("/team/")
    page.get_by_role("link", name=waiting.employee.full_name).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("180°: mitt syn og lederens syn")
    expect(page.get_by_role("heading", name="Side om side")).to_have_count(0)
    checker.check("view-form")
    for item in definitions.one_eighty().items:
        choose(page, item.text, 2)
    page.get_by_role("button", name="Lever mitt syn").click()
    expect(page.get_by_role("heading", name="Side om side")).to_be_visible()
    checker.check("view-side-by-side")
    page.get_by_role("button", name="Sett forskjellene på agendaen").click()
    expect(page.get_by_text("Forskjellene står på agendaen")).to_be_visible()
    checker.check("view-on-agenda")
    assert PendingAgendaItem.pending_for(waiting.employee).filter(text__contains="180°").exists()

    # 3) She opens a new round from her upward page.
    page.goto("/tilbakemelding/oppover/")
    checker.check("upward")
    page.get_by_role("button", name="Åpne en ny runde og inviter medarbeiderne").click()
    expect(page.get_by_text("Den er åpen.")).to_be_visible()
    checker.check("upward-round-open")
    round = UpwardRound.objects.open().get(leader=sigrid)
    log_out(page)

    # 4) Nora answers it, anonymously.
    log_in(page, checker, NORA, "Nora")
    page.goto("/tilbakemelding/")
    checker.check("mine")
    page.get_by_role("link", name="Gi tilbakemelding – anonymt").click()
    checker.check("answer-upward")
    for item in definitions.upward().items:
        choose(page, item.text, 4)
    page.get_by_role("button", name="Lever anonymt").click()
    expect(page).to_have_url(re.compile(r"/tilbakemelding/$"))
    expect(page.get_by_text("Du har svart i denne runden. Takk!")).to_be_visible()
    checker.check("mine-answered")
    nora = Person.objects.get(email=NORA)
    assert UpwardParticipation.objects.filter(round=round, person=nora).exists()
    assert UpwardSubmission.objects.filter(round=round).count() == 1

    checker.assert_clean()
