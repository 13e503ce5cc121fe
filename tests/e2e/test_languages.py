"""End to end, in Debian's Chromium (issue #13): Nora switches Aktiv to nynorsk and then to
English under *Mine data*; every page she then visits says so in `<html lang>` and passes axe
(WCAG 2.1 A/AA and 2.2 AA). An anonymous visitor whose browser asks for English reads the
accessibility statement in English.

The pages are found by URL, not by their words: the words are the translators' (the
catalogues' own tests check them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from aktiv.home.demo import DEMO_PASSWORD
from aktiv.people.models import Person

from .test_assessment_flow import NORA, PageChecker, log_in

PAGES = [
    ("home", reverse("home")),
    ("assessments", reverse("assessments:index")),
    ("instrument", reverse("assessments:instrument", args=["aktivt-medarbeiderskap"])),
    ("tools", reverse("reflections:index")),
    ("three-questions", reverse("reflections:tool", args=["tre-sporsmal"])),
    ("conversations", reverse("conversations:index")),
    ("learning", reverse("learning:catalogue")),
    ("my-data", reverse("audit:my_data")),
    ("statement", reverse("accessibility:statement")),
]


def choose_language(page: Page, language: str) -> None:
    page.goto(reverse("audit:my_data"))
    page.locator("#id_language").select_option(language)
    page.locator(f'form[action="{reverse("language_set")}"] button[type="submit"]').click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.e2e
def test_nynorsk_and_english_pages_pass_axe(page: Page, demo, artifacts: Path) -> None:
    checker = PageChecker(page, artifacts)
    log_in(page, checker, NORA, "Nora")
    for language in ("nn", "en"):
        choose_language(page, language)
        assert Person.objects.get(email=NORA).language == language
        for name, path in PAGES:
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            checker.check(f"{language}-{name}")
    checker.assert_clean()


@pytest.mark.e2e
def test_the_choice_follows_the_person_to_another_device(
    browser: Browser, page: Page, demo, e2e_server: str, artifacts: Path
) -> None:
    checker = PageChecker(page, artifacts)
    log_in(page, checker, NORA, "Nora")
    choose_language(page, "nn")
    # A phone whose browser asks for English: still nynorsk once Nora has signed in.
    phone = browser.new_context(base_url=e2e_server, locale="en-GB")
    other = phone.new_page()
    try:
        other.goto(reverse("login"))
        expect(other.locator("html")).to_have_attribute("lang", "en")
        other.locator("#id_username").fill(NORA)
        other.locator("#id_password").fill(DEMO_PASSWORD)
        other.locator("form button[type='submit']").click()
        other.goto(reverse("home"))
        expect(other.locator("html")).to_have_attribute("lang", "nn")
    finally:
        phone.close()


@pytest.mark.e2e
def test_an_english_browser_reads_the_statement_in_english(
    browser: Browser, e2e_server: str, transactional_db: None, artifacts: Path
) -> None:
    context = browser.new_context(base_url=e2e_server, locale="en-GB")
    page = context.new_page()
    try:
        checker = PageChecker(page, artifacts)
        page.goto(reverse("accessibility:statement"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        checker.check("en-anonymous-statement")
        checker.assert_clean()
    finally:
        context.close()
