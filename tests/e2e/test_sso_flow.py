"""End to end, in Debian's Chromium: Kari signs in with single sign-on through a real
OpenID Connect provider on 127.0.0.1 (tests/oidc/provider.mjs): Aktiv's "Logg inn med",
the provider's own login and consent pages, and back to Min side; then she signs out of
Aktiv and, from the page Aktiv offers, out of the provider too.

Aktiv's pages are checked with axe-core (WCAG 2.1 A/AA) and photographed; the provider's
pages are the test provider's, not Aktiv's, and are only photographed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axes.models import AccessLog
from playwright.sync_api import Page, expect

from aktiv.people.models import SignInIdentity

from ..factories import PersonFactory
from ..oidc.fixtures import PASSWORD, PROVIDER_NAME
from .test_assessment_flow import PageChecker

pytestmark = pytest.mark.e2e


def test_sign_in_through_the_provider_lands_on_min_side(
    page: Page, transactional_db, sso, settings, e2e_server: str, artifacts: Path
) -> None:
    settings.OIDC_MATCH_EMAIL = True
    kari = PersonFactory.create(email="kari@aktiv.test", full_name="Kari Nordmann")
    checker = PageChecker(page, artifacts)

    page.goto("/logg-inn/")
    checker.check("sso-login")
    button = page.get_by_role("link", name=f"Logg inn med {PROVIDER_NAME}")
    expect(button).to_be_visible()
    button.click()

    # The provider's own pages.
    expect(page.get_by_role("heading", name="Testleverandør: logg inn")).to_be_visible()
    assert page.url.startswith(f"{sso.issuer}/interaction/")
    page.screenshot(path=artifacts / "sso-provider-login.png")
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn hos leverandøren").click()
    expect(page.get_by_role("heading", name="Testleverandør: samtykke")).to_be_visible()
    page.get_by_role("button", name="Godta").click()

    # Back in Aktiv, on Min side.
    expect(page).to_have_url(f"{e2e_server}/")
    expect(page.get_by_role("heading", level=1, name="Hei, Kari")).to_be_visible()
    checker.check("sso-min-side")
    assert SignInIdentity.objects.get(user=kari).subject == "oid-kari"
    assert AccessLog.objects.filter(username="kari@aktiv.test").exists()

    # Signing out of Aktiv offers the provider's sign-out.
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Du er logget ut av Aktiv")).to_be_visible()
    checker.check("sso-logged-out")
    page.get_by_role("link", name=f"Logg ut hos {PROVIDER_NAME} også").click()
    # oidc-provider's own confirmation page, then back to Aktiv's login page.
    page.locator("button[autofocus], button").first.click()
    # (with the `state` Aktiv sent along)
    expect(page).to_have_url(re.compile(re.escape(f"{e2e_server}/logg-inn/") + r"(\?.*)?$"))
    page.goto("/")
    expect(page.get_by_role("heading", level=1, name="Logg inn i Aktiv")).to_be_visible()
    checker.assert_clean()
