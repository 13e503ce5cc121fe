"""Fixtures for the end-to-end tests: a live Django server with the demo organisation,
Debian's Chromium driven by Playwright, and an axe-core check for every page visited."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test.utils import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from aktiv.home.demo import DemoLogin, load_demo

# Playwright's sync API runs an asyncio event loop in the test's thread; Django would then
# refuse the ORM calls the test makes to set up and check data.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

# What axe checks on every page an end-to-end test visits: WCAG 2.0 and 2.1 A and AA (the
# 47 criteria of forskrift om universell utforming av IKT-løsninger) and the criteria WCAG
# 2.2 added at AA (issue #13). Zero violations in every language.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def e2e_server(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> str:
    """The live server's base URL.

    Tests run with DEBUG off, so with the production settings, which redirect every
    plain-HTTP request to HTTPS. The live server speaks plain HTTP only, so the redirect is
    turned off while the server builds its middleware (SecurityMiddleware reads
    SECURE_SSL_REDIRECT once, when it is made) and nowhere else: other tests keep the
    production settings. Secure cookies stay on; Chromium accepts them from localhost."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        url = str(request.getfixturevalue("live_server").url)
    with (
        django_db_blocker.unblock(),
        urllib.request.urlopen(f"{url}/logg-inn/") as probe,  # noqa: S310 (a local URL)
    ):
        if probe.url != f"{url}/logg-inn/":
            pytest.fail(
                f"The live server redirected {url}/logg-inn/ to {probe.url}: it was started "
                "before e2e_server could turn SECURE_SSL_REDIRECT off.",
                pytrace=False,
            )
    return url


@pytest.fixture
def demo(transactional_db: None) -> list[DemoLogin]:
    """The demo organisation (Fjordvik kommune) with its year of history."""
    return load_demo()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the end-to-end tests drive Debian's Chromium. "
            "Run `make browser` (or `make test`, which installs it) - never "
            "`playwright install`.",
            pytrace=False,
        )
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def context(browser: Browser, e2e_server: str) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=e2e_server, locale="nb-NO", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/e2e/ (git-ignored), emptied of the last run's screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("axe-violations.txt")]:
        old.unlink()
    return ARTIFACTS
