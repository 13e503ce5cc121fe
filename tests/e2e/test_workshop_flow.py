"""End to end, in Debian's Chromium: Sigrid (a leader) runs a workshop. Three guests on
phones and Nora (signed in) join with the code; the participants' pages move to each step as
Sigrid opens it (HTMX polling), they answer, and the presenter view shows how many answered
and, from three answers, the group's distribution, never who answered what. Nora keeps her
answers in her own history. Sigrid closes the workshop and downloads the PDF.

Every page is checked with axe-core (WCAG 2.1 A and AA) and photographed; the presenter view's
screenshots are test-artifacts/e2e/workshop/*-present-*.png."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.people.models import Person
from aktiv.workshops.models import Participant, StepAnswer, Workshop

from .test_assessment_flow import NORA, SIGRID, PageChecker, choose, log_in

INSTRUMENT = definitions.latest("aktivt-medarbeiderskap")
QUESTION = "Jeg vet hva som forventes av meg i jobben"
PHONE: ViewportSize = {"width": 390, "height": 844}


def _phone(browser: Browser, base_url: str) -> BrowserContext:
    context = browser.new_context(base_url=base_url, locale="nb-NO", viewport=PHONE)
    context.set_default_timeout(15_000)
    return context


def _join(page: Page, checker: PageChecker, code: str, name: str) -> None:
    page.goto("/kurs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bli med i et kurs")
    checker.check(f"{name}-join")
    page.get_by_label("Kode").fill(code.lower())
    page.get_by_role("button", name="Bli med").click()
    expect(page.get_by_text("Vent til kursholderen åpner første steg")).to_be_visible()
    checker.check(f"{name}-waiting")


def _answer_instrument(page: Page, checker: PageChecker, name: str, value: int) -> None:
    # The page moves to the step by itself (HTMX polling), without a reload by the user.
    expect(page.get_by_role("heading", level=2, name=INSTRUMENT.title)).to_be_visible()
    checker.check(f"{name}-step-1")
    for item in INSTRUMENT.items:
        choose(page, item.text, value)
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_text("Takk, svaret ditt er med")).to_be_visible()
    checker.check(f"{name}-answered")


@pytest.mark.e2e
def test_a_facilitator_runs_a_workshop_with_phones(
    browser: Browser, page: Page, demo, artifacts: Path, e2e_server: str
) -> None:
    directory = artifacts / "workshop"
    directory.mkdir(exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    sigrid = PageChecker(page, directory)
    nora = Person.objects.get(email=NORA)
    kept_before = Response.objects.filter(person=nora).count()

    # 1) Sigrid opens a workshop from her tools page and adds two steps.
    page.goto("/")
    log_in(page, sigrid, SIGRID, "Sigrid")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Verktøy").click()
    page.get_by_role("link", name="Hold et kurs").click()
    sigrid.check("facilitator-mine")
    page.get_by_label("Tittel").fill("Ledersamling høst")
    page.get_by_label("Vis tall fra så mange svar").fill("3")
    page.get_by_role("button", name="Åpne kurset").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledersamling høst")
    page.get_by_label("Hva deltakerne skal svare på").select_option(label=INSTRUMENT.title)
    page.get_by_role("button", name="Legg til steget").click()
    page.get_by_label("Hva deltakerne skal svare på").select_option("scale")
    page.get_by_label("Eget spørsmål", exact=True).fill(QUESTION)
    page.get_by_role("button", name="Legg til steget").click()
    expect(page.locator("ol.steps li")).to_have_count(2)
    expect(page.get_by_role("img", name="QR-kode til kurset")).to_be_visible()
    sigrid.check("facilitator-control")
    workshop = Workshop.objects.get(title="Ledersamling høst")
    code = workshop.code
    expect(page.locator(".join-code").first).to_have_text(code)
    # The control page on a small phone: the long join link breaks instead of widening it.
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    if size:
        page.set_viewport_size(size)

    # 2) Three guests and Nora join on their phones.
    phones = []
    for index in range(3):
        context = _phone(browser, e2e_server)
        guest = context.new_page()
        checker = PageChecker(guest, directory / f"guest{index + 1}")
        checker.directory.mkdir(exist_ok=True)
        _join(guest, checker, code, f"guest{index + 1}")
        phones.append((context, guest, checker, f"guest{index + 1}"))
    nora_context = _phone(browser, e2e_server)
    nora_page = nora_context.new_page()
    nora_checker = PageChecker(nora_page, directory / "nora")
    nora_checker.directory.mkdir(exist_ok=True)
    log_in(nora_page, nora_checker, NORA, "Nora")
    _join(nora_page, nora_checker, code, "nora")
    assert Participant.objects.filter(workshop=workshop, person=None).count() == 3
    assert Participant.objects.filter(workshop=workshop, person=nora).count() == 1

    # 3) The presenter view, on the projector: nobody has answered yet.
    presenter_context = page.context
    presenter = presenter_context.new_page()
    present = PageChecker(presenter, directory)
    present.visited = 50
    presenter.goto(f"/kurs/{workshop.uuid}/vis/")
    expect(presenter.get_by_text(code).first).to_be_visible()

    # 4) Sigrid opens step 1; every phone moves to it by itself.
    page.get_by_role("button", name="Åpne steg 1").click()
    expect(page.get_by_text("Åpent nå")).to_be_visible()
    expect(presenter.locator("#live .answered")).to_have_text(["0 har svart"])
    present.check("present-empty")
    first_context, first, first_checker, first_name = phones[0]
    # A second tab on the first guest's phone, for replaying the answer later.
    replay = first_context.new_page()
    replay.goto(f"/kurs/k/{code}/")
    expect(replay.get_by_role("button", name="Send svaret")).to_be_visible()
    _answer_instrument(first, first_checker, first_name, 4)
    _, second, second_checker, second_name = phones[1]
    _answer_instrument(second, second_checker, second_name, 2)
    expect(presenter.locator("#live .answered")).to_have_text(["2 har svart"])
    expect(presenter.get_by_text("Svarene vises når minst 3 har svart")).to_be_visible()
    present.check("present-below-k")
    assert presenter.locator("table.distribution").count() == 0

    # Nora keeps hers in her own history.
    expect(nora_page.get_by_role("heading", level=2, name=INSTRUMENT.title)).to_be_visible()
    for item in INSTRUMENT.items:
        choose(nora_page, item.text, 3)
    nora_page.get_by_label("Lagre svarene i min egen historikk i Aktiv").check()
    nora_checker.check("nora-step-1")
    nora_page.get_by_role("button", name="Send svaret").click()
    expect(nora_page.get_by_text("Svaret er lagret i din historikk også")).to_be_visible()
    assert Response.objects.filter(person=nora).count() == kept_before + 1

    # Three have answered: the distribution is shown, live, and no name is on the screen.
    expect(presenter.locator("#live .answered")).to_have_text(["3 har svart"])
    table = presenter.locator("table.distribution")
    expect(table).to_be_visible()
    first_item = table.locator("tbody tr").first
    expect(first_item.locator("td.mean")).to_have_text("3,0")
    assert "Nora" not in presenter.locator("#live").inner_text()
    present.check("present-distribution")

    # The first guest sends the form again from the other tab: refused, nothing stored.
    stored = StepAnswer.objects.count()
    for item in INSTRUMENT.items:
        choose(replay, item.text, 1)
    replay.get_by_role("button", name="Send svaret").click()
    expect(replay.get_by_text("Du har allerede svart på dette steget")).to_be_visible()
    replay_checker = PageChecker(replay, directory / "guest1")
    replay_checker.check("guest1-replay-refused")
    replay_checker.assert_clean()
    assert StepAnswer.objects.count() == stored

    # 5) Step 2, the quick question: every phone moves on.
    page.get_by_role("button", name="Åpne steg 2").click()
    for _context, guest, checker, name in phones:
        expect(guest.get_by_role("heading", level=2, name=QUESTION)).to_be_visible()
        choose(guest, QUESTION, 5)
        guest.get_by_role("button", name="Send svaret").click()
        expect(guest.get_by_text("Takk, svaret ditt er med")).to_be_visible()
        checker.check(f"{name}-step-2")
    expect(presenter.locator("#live .answered")).to_have_text(["3 har svart"])
    expect(presenter.locator("td.mean")).to_have_text("5,0")
    present.check("present-question")

    # 6) Sigrid closes; phones are told, the figures stay, the PDF downloads.
    page.get_by_role("button", name="Avslutt kurset").click()
    expect(page.get_by_text("Resultatene er tatt vare på")).to_be_visible()
    sigrid.check("facilitator-closed")
    expect(phones[2][1].get_by_text("Dette kurset er avsluttet")).to_be_visible()
    phones[2][2].check("guest3-closed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned som PDF").click()
    assert re.match(r"kurs-ledersamling-hoest\.pdf", download.value.suggested_filename)
    download.value.save_as(artifacts / "workshop.pdf")

    for context, _guest, _checker, _name in phones:
        context.close()
    nora_context.close()
    for checker in [sigrid, present, nora_checker, *(c for *_rest, c, _n in phones)]:
        checker.assert_clean()
