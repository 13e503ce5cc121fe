"""What axe cannot decide, checked in Chromium where a machine can (issue #13, docs/
accessibility.md): reflow at 320 CSS pixels (WCAG 1.4.10, the same as 1280 px zoomed to
400 %; 200 % zoom is 640 px and reflows the same way), and a visible focus that starts at the
skip link and is never hidden under the header (2.4.7, 2.4.11). Screenshots land in
test-artifacts/e2e/ as the record of the check, in nynorsk and English."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, ViewportSize, expect

from aktiv.people.models import Person

from .test_assessment_flow import NORA, SIGRID, PageChecker, log_in

NARROW: ViewportSize = {"width": 320, "height": 720}
PAGES = [
    ("home", reverse("home")),
    ("assessments", reverse("assessments:index")),
    ("instrument", reverse("assessments:instrument", args=["aktivt-medarbeiderskap"])),
    ("tools", reverse("reflections:index")),
    ("three-questions", reverse("reflections:tool", args=["tre-sporsmal"])),
    ("career-position", reverse("reflections:tool", args=["karriereposisjon"])),
    ("conversations", reverse("conversations:index")),
    ("my-data", reverse("audit:my_data")),
    ("statement", reverse("accessibility:statement")),
]
# A leader's own pages: the team with its tables, the team's pulse, the feedback rounds.
LEADER_PAGES = [
    ("team", reverse("team")),
    ("team-pulse", reverse("pulse:team")),
    ("feedback", reverse("feedback:mine")),
    ("upward", reverse("feedback:upward")),
    ("conversations", reverse("conversations:index")),
    ("goals", reverse("goals:tree")),
]


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def widest(page: Page) -> list[str]:
    """The innermost elements that stick out past the window's right edge."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(
                c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 3)
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                 + ' «' + (e.textContent || '').trim().slice(0, 30) + '»')"""
    )
    return found


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("who", "language"),
    [("nora", "nn"), ("nora", "en"), ("sigrid", "nb"), ("sigrid", "nn")],
)
def test_pages_reflow_at_320_pixels(
    page: Page, demo, artifacts: Path, who: str, language: str
) -> None:
    checker = PageChecker(page, artifacts)
    email, first_name, pages = {
        "nora": (NORA, "Nora", PAGES),
        "sigrid": (SIGRID, "Sigrid", LEADER_PAGES),
    }[who]
    log_in(page, checker, email, first_name)
    Person.objects.filter(email=email).update(language=language)
    page.set_viewport_size(NARROW)
    wide = []
    for name, path in pages:
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", language)
        shot = artifacts / f"reflow-320-{who}-{language}-{name}.png"
        page.screenshot(path=shot, full_page=True)
        if (extra := overflow(page)) > 0:
            wide.append(f"{name} ({path}): {extra} px too wide: {widest(page)}")
    assert not wide, "Sideways scrolling at 320 px:\n" + "\n".join(wide)


@pytest.mark.e2e
def test_focus_starts_at_the_skip_link_and_stays_visible(page: Page, demo, artifacts: Path) -> None:
    checker = PageChecker(page, artifacts)
    log_in(page, checker, NORA, "Nora")
    Person.objects.filter(email=NORA).update(language="nn")
    page.goto(reverse("home"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    header_bottom = page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().bottom"
    )
    hidden = []
    for step in range(25):
        page.keyboard.press("Tab")
        box = page.evaluate(
            """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
                       const s = getComputedStyle(e);
                       return {tag: e.tagName, top: r.top, bottom: r.bottom,
                               outline: s.outlineStyle, width: s.outlineWidth,
                               shadow: s.boxShadow}; }"""
        )
        if box["tag"] == "BODY":
            break
        page.screenshot(path=artifacts / f"focus-nn-{step:02d}.png")
        if box["outline"] == "none" and box["shadow"] == "none":
            hidden.append(f"step {step}: {box['tag']} has no visible focus indicator")
        if box["bottom"] <= header_bottom and box["top"] >= 0 and step > 0:
            # Scrolled under a header only matters when the header stays on screen.
            sticky = page.evaluate(
                "getComputedStyle(document.querySelector('.site-header')).position"
            )
            if sticky in ("sticky", "fixed"):
                hidden.append(f"step {step}: {box['tag']} is under the header")
    assert not hidden, "\n".join(hidden)
