"""End to end, in Debian's Chromium: the inbox of the demo's employee and leader, opened
from the header's count, an item opened (read, and at the thing), all marked read, the
e-mail choices and the calendar subscription; each page checked with axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aktiv.notifications.models import Notification
from aktiv.people.models import Person

from .test_assessment_flow import NORA, SIGRID, PageChecker, log_in, log_out


@pytest.mark.e2e
def test_the_inbox(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "inbox"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    nora = Person.objects.get(email=NORA)
    unread = Notification.objects.for_person(nora).unread().count()
    assert unread >= 3

    log_in(page, checker, NORA, "Nora")
    header = page.locator("header")
    inbox_link = header.get_by_role("link", name=re.compile("^Varsler"))
    expect(inbox_link.locator(".count")).to_have_text(str(unread))
    inbox_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler")
    expect(page.locator(".inbox-unread")).to_have_count(unread)
    checker.check("inbox")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    checker.check("inbox-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Opening one marks it read and lands on the thing it is about.
    # (Earlier, read ones say the same: the demo year's goals were agreed months ago.)
    page.get_by_role("listitem").filter(has_text="Ny").get_by_role(
        "button", name="Sigrid Bakken har godkjent et mål."
    ).click()
    expect(page).to_have_url(re.compile(r"/mal/mappe/"))
    expect(inbox_link.locator(".count")).to_have_text(str(unread - 1))
    inbox_link.click()
    page.get_by_role("button", name="Merk alle som lest").click()
    expect(page.locator(".inbox-unread")).to_have_count(0)
    expect(inbox_link.locator(".count")).to_have_count(0)
    assert Notification.objects.for_person(nora).unread().count() == 0

    page.get_by_role("link", name="Velg hvilke varsler du får på e-post").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsler på e-post")
    checker.check("email-choices")
    group = page.get_by_role("group", name="Mål avtalt")
    group.get_by_label("Straks").check()
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("E-postvalgene er lagret.")).to_be_visible()

    page.goto("/mine-data/kalender/")
    page.get_by_role("button", name="Lag kalenderadresse").click()
    expect(page.get_by_role("textbox", name="Adresse")).to_have_value(
        re.compile(r"/kalender/.+\.ics$")
    )
    checker.check("calendar")
    log_out(page)

    log_in(page, checker, SIGRID, "Sigrid")
    page.locator("header").get_by_role("link", name=re.compile("^Varsler")).click()
    expect(
        page.get_by_role("button", name="Nora Haugen har forberedt seg til oppfølgingssamtalen.")
    ).to_be_visible()
    checker.check("inbox-leader")
    log_out(page)
