"""End to end, in Debian's Chromium: an employee takes "Egenevaluering av aktivt
medarbeiderskap", chooses development areas and strengths, and shares the result with her
leader; the leader reads it; HR can neither find nor open it.

Every page visited is checked with axe-core against WCAG 2.1 A and AA and 2.2 AA and photographed
into test-artifacts/e2e/. Accessibility violations are collected over the whole flow and
fail the test at the end with one readable list, so one run reports every page."""

from __future__ import annotations

import re
from base64 import b32decode
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_otp.oath import TOTP
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, expect

from aktiv.assessments import definitions
from aktiv.assessments.models import FocusArea, Response
from aktiv.audit.models import AccessLogEntry
from aktiv.home.demo import DEMO_PASSWORD
from aktiv.people.models import Person

from .conftest import AXE_OPTIONS

INSTRUMENT_KEY = "aktivt-medarbeiderskap"
INSTRUMENT_TITLE = "Egenevaluering av aktivt medarbeiderskap"
NORA = "nora.haugen@fjordvik.example"
SIGRID = "sigrid.bakken@fjordvik.example"
MARTE = "marte.lunde@fjordvik.example"

# axe is injected with page.evaluate, which runs through the DevTools protocol and is not
# subject to the page's Content Security Policy (script-src 'self'), so the context needs
# no bypass_csp: the pages are checked under the CSP they really have.
AXE = Axe()

# What Nora answers, in the instrument's order. Means: Selvledelse 12/3 = 4,0,
# Med-ledelse 7/3 = 2,3, Medarbeiderledelse 14/3 = 4,7.
ANSWERS = {
    "selvledelse-1": 4,
    "selvledelse-2": 4,
    "selvledelse-3": 4,
    "med-ledelse-1": 2,
    "med-ledelse-2": 3,
    "med-ledelse-3": 2,
    "medarbeiderledelse-1": 5,
    "medarbeiderledelse-2": 5,
    "medarbeiderledelse-3": 4,
}
EXPECTED_MEANS = {"selvledelse": "4,0", "med-ledelse": "2,3", "medarbeiderledelse": "4,7"}
# Aktiv proposes the two lowest scores as development areas and the two highest of the rest
# as strengths, ties broken by the instrument's order.
PROPOSED = {
    "development_1": "med-ledelse-1",
    "development_2": "med-ledelse-3",
    "strength_1": "medarbeiderledelse-1",
    "strength_2": "medarbeiderledelse-2",
}
# Nora keeps three proposals and swaps her second development area.
CHOSEN = PROPOSED | {"development_2": "selvledelse-2"}
NOTES = {
    "development_1": "E2E-notat: Jeg ber Sigrid om en fast ukentlig prat om prioriteringer.",
    "development_2": "E2E-notat: Jeg melder meg på kurs i prosjektledelse før sommeren.",
    "strength_1": "E2E-notat: Jeg tar ansvar for at nye kolleger blir godt mottatt.",
    "strength_2": "",
}


PHONE_WIDTH = 390


class PageChecker:
    """Runs axe on each page visited, photographs it, and notes script errors and Content
    Security Policy violations the browser reports."""

    def __init__(self, page: Page, directory: Path) -> None:
        self.page = page
        self.directory = directory
        self.visited = 0
        self.violations: list[str] = []
        self.browser_errors: list[str] = []
        self.overflows: list[str] = []
        page.on("pageerror", self._page_error)
        page.on("console", self._console)

    def _page_error(self, error: Error) -> None:
        self.browser_errors.append(f"{self.page.url}: JavaScript error: {error}")

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.browser_errors.append(f"{self.page.url}: {message.text}")

    def check(self, name: str) -> None:
        """Call after every navigation: screenshot plus axe (WCAG 2.1 A/AA and 2.2 AA)."""
        page = self.page
        page.wait_for_load_state("load")
        self.visited += 1
        page.screenshot(path=self.directory / f"{self.visited:02d}-{name}.png", full_page=True)
        results = AXE.run(page, options=AXE_OPTIONS)
        for violation in results.response["violations"]:
            targets = "; ".join(
                " ".join(str(part) for part in node["target"]) for node in violation["nodes"]
            )
            self.violations.append(
                f"- {name} ({page.url}): {violation['id']} [{violation['impact']}] "
                f"{violation['help']} -> {targets}"
            )
        self._check_width(name)
        # Written as the flow goes, so a functional failure later still leaves the report.
        self._write_report()

    def _check_width(self, name: str) -> None:
        """No page scrolls sideways: not in a 1280-pixel window, not on a 390-pixel phone
        (wide tables scroll inside their own region instead)."""
        page = self.page
        size = page.viewport_size or {"width": 1280, "height": 900}
        for width in (size["width"], PHONE_WIDTH):
            page.set_viewport_size({"width": width, "height": size["height"]})
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                self.overflows.append(f"- {name} ({page.url}): {scroll} px wide at {width} px")
        page.set_viewport_size(size)

    def _write_report(self) -> None:
        report = "\n".join(self.violations)
        (self.directory / "axe-violations.txt").write_text(report + "\n" if report else "")

    def assert_clean(self) -> None:
        """Call at the end of the flow."""
        if self.browser_errors:
            pytest.fail("The browser reported errors:\n" + "\n".join(self.browser_errors))
        if self.overflows:
            pytest.fail("Pages wider than the window:\n" + "\n".join(self.overflows))
        if self.violations:
            pytest.fail(
                f"axe found WCAG 2.1 A/AA or 2.2 AA violations ({self.visited} pages checked):\n"
                + "\n".join(self.violations)
            )


def one_decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


def signed_change(current: str, previous: str) -> str:
    change = Decimal(current.replace(",", ".")) - Decimal(previous.replace(",", "."))
    if change == 0:
        return "±0,0"
    return ("+" if change > 0 else "−") + one_decimal(abs(change))


def dimension_means(response: Response, instrument: definitions.Instrument) -> dict[str, str]:
    """Each dimension's mean, computed here from the stored answers, as shown (one decimal)."""
    values: dict[str, list[int]] = {d.key: [] for d in instrument.dimensions}
    for answer in response.answers.all():
        values[answer.dimension_key].append(answer.value)
    return {key: one_decimal(Decimal(sum(v)) / len(v)) for key, v in values.items()}


def norwegian_date(response: Response) -> str:
    assert response.submitted_at is not None
    with translation.override("nb"):
        return date_format(timezone.localtime(response.submitted_at), "j. F Y")


def main_nav(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Hovedmeny")


def expect_message(scope: Page | Locator, text: str) -> None:
    expect(scope.get_by_role("status").filter(has_text=text)).to_be_visible()


def choose(page: Page, statement: str, value: int) -> None:
    """Click the visible number like a user; the radio input lies transparent above it."""
    question = page.get_by_role("group", name=statement, exact=True)
    choice = question.locator("label.scale-choice").filter(
        has_text=re.compile(rf"^\s*{value}(\s|$)")
    )
    choice.click()
    expect(choice.get_by_role("radio")).to_be_checked()
    expect(question.get_by_role("radio", checked=True)).to_have_count(1)


def set_up_second_factor(page: Page, checker: PageChecker, email: str) -> None:
    """HR must add an authenticator before anything else; the test plays the phone app."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Slå på totrinnsinnlogging")
    expect(page.get_by_role("img", name="QR-kode")).to_be_visible()
    checker.check("twofactor-setup")
    # The key as the page shows it for typing into an app by hand (nothing is stored yet).
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    code = TOTP(key, 30, 0, 6).token()
    page.get_by_role("textbox", name="Kode").fill(f"{code:06d}")
    page.get_by_role("button", name="Bekreft og slå på").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reservekodene dine")
    expect(page.locator(".codes li")).to_have_count(10)
    checker.check("twofactor-codes")
    page.get_by_role("link", name="Jeg har tatt vare på kodene").click()


def log_in(page: Page, checker: PageChecker, email: str, first_name: str) -> None:
    if not page.url.endswith("/logg-inn/"):
        page.goto("/logg-inn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i Aktiv")
    checker.check(f"login-{first_name.lower()}")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if Person.objects.get(email=email).is_hr:
        set_up_second_factor(page, checker, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hei, {first_name}")
    expect(main_nav(page).get_by_role("link", name="Min side")).to_have_attribute(
        "aria-current", "page"
    )
    checker.check(f"home-{first_name.lower()}")


def log_out(page: Page) -> None:
    page.get_by_role("banner").get_by_role("button", name="Logg ut").click()
    expect(page).to_have_url(re.compile(r"/logg-inn/$"))
    expect(main_nav(page)).to_have_count(0)


@pytest.mark.e2e
def test_employee_shares_self_assessment_with_leader_and_hr_cannot_see_it(
    page: Page, demo, artifacts: Path
) -> None:
    checker = PageChecker(page, artifacts)
    instrument = definitions.latest(INSTRUMENT_KEY)
    nora = Person.objects.get(email=NORA)
    sigrid = Person.objects.get(email=SIGRID)
    marte = Person.objects.get(email=MARTE)
    assert nora.leader == sigrid
    assert marte.is_hr and not marte.is_leader
    earlier = list(
        Response.objects.submitted()
        .filter(person=nora, instrument_key=INSTRUMENT_KEY)
        .order_by("-submitted_at")
    )
    assert earlier, "the demo should give Nora earlier responses, so a change is shown"
    previous_means = dimension_means(earlier[0], instrument)

    # 1) Nora logs in.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/logg-inn/\?next=/$"))
    log_in(page, checker, NORA, "Nora")

    # 2) She finds the instrument and starts a new response.
    main_nav(page).get_by_role("link", name="Verktøy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verktøy")
    checker.check("assessments")
    page.get_by_role("link", name=INSTRUMENT_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(INSTRUMENT_TITLE)
    expect(page.get_by_role("table", name=re.compile("^Dine leverte svar"))).to_be_visible()
    checker.check("instrument")
    page.get_by_role("button", name="Ta egenvurderingen på nytt").click()
    expect(page).to_have_url(re.compile(r"/egenvurderinger/svar/[0-9a-f-]{36}/$"))
    response_url = urlsplit(page.url).path
    response = Response.objects.get(uuid=response_url.split("/")[-2])
    assert response.person == nora
    assert response.status == Response.Status.DRAFT
    checker.check("answer")

    # Answer every item by clicking the number shown on its round button; submitting with
    # the last one open first shows the error summary and keeps the other answers.
    *first_items, last_item = instrument.items
    for item in first_items:
        choose(page, item.text, ANSWERS[item.key])
    page.get_by_role("button", name="Lever og se resultatet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Noe må rettes")
    expect(summary).to_contain_text("1 mangler svar")
    expect(summary.get_by_role("link", name=last_item.text)).to_have_attribute(
        "href", "#q-item-" + last_item.key
    )
    expect(page.get_by_role("radio", checked=True)).to_have_count(len(first_items))
    checker.check("answer-missing-one")
    choose(page, last_item.text, ANSWERS[last_item.key])
    page.get_by_role("button", name="Lever og se resultatet").click()

    # 3) The result.
    expect(page).to_have_url(re.compile(re.escape(response_url) + "$"))
    expect_message(page, "Egenvurderingen er levert. Her er resultatet.")
    checker.check("result")
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert response.submitted_at is not None
    assert {a.item_key: a.value for a in response.answers.all()} == ANSWERS
    expect(page.get_by_text(f"Levert {norwegian_date(response)}")).to_be_visible()

    table = page.get_by_role(
        "table", name="Gjennomsnitt per dimensjon og endring siden forrige gang"
    )
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Dimensjon", "Snitt", "Forrige", "Endring"]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(instrument.dimensions))
    for row, dimension in zip(rows.all(), instrument.dimensions, strict=True):
        mean, before = EXPECTED_MEANS[dimension.key], previous_means[dimension.key]
        expect(row.get_by_role("rowheader")).to_have_text(dimension.title)
        expect(row.get_by_role("cell")).to_have_text([mean, before, signed_change(mean, before)])
    assert [d.title for d in instrument.dimensions] == [
        "Selvledelse",
        "Med-ledelse",
        "Medarbeiderledelse",
    ]

    # Drawn twice (lib/charts.py): the wide drawing here, the narrow one on a phone.
    chart = page.locator("figure svg:visible")
    expect(chart).to_have_count(1)
    expect(chart).to_have_class(re.compile(r"\bchart-wide\b"))
    expect(chart).to_have_attribute("role", "img")
    chart_title = chart.locator("title").text_content() or ""
    assert chart_title.startswith("Gjennomsnitt per dimensjon"), chart_title
    expect(page.get_by_role("img", name=chart_title, exact=True)).to_be_visible()
    for mean in EXPECTED_MEANS.values():
        expect(chart).to_contain_text(mean)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    phone_chart = page.locator("figure svg:visible")
    expect(phone_chart).to_have_count(1)
    expect(phone_chart).to_have_class(re.compile(r"\bchart-narrow\b"))
    expect(page.get_by_role("img", name=chart_title, exact=True)).to_be_visible()
    if size:
        page.set_viewport_size(size)

    answers_table = page.get_by_role("table", name="Svar per utsagn, 1–5")
    for item in instrument.items:
        expect(answers_table.get_by_role("row").filter(has_text=item.text)).to_contain_text(
            str(ANSWERS[item.key])
        )

    # 4) "Anbefalt prosess": the proposals are preselected; Nora changes one and writes.
    process = page.locator("#prosess")
    expect(process.get_by_role("heading", name="Anbefalt prosess")).to_be_visible()
    selects = {
        "development_1": process.get_by_label("Utviklingsområde 1", exact=True),
        "development_2": process.get_by_label("Utviklingsområde 2", exact=True),
        "strength_1": process.get_by_label("Styrke 1", exact=True),
        "strength_2": process.get_by_label("Styrke 2", exact=True),
    }
    for name, select in selects.items():
        expect(select).to_have_value(PROPOSED[name])
    new_item = instrument.item(CHOSEN["development_2"])
    selects["development_2"].select_option(label=f"{new_item.text} ({ANSWERS[new_item.key]})")
    for name, note in NOTES.items():
        process.locator(f"#id_{name}_note").fill(note)
    process.get_by_role("button", name="Lagre utviklingsområder og styrker").click()
    expect(page).to_have_url(re.compile(re.escape(response_url) + "#prosess$"))
    expect_message(page, "Utviklingsområder og styrker er lagret.")
    checker.check("result-focus-saved")

    page.reload()
    expect(page.locator(".messages")).to_have_count(0)
    for name, select in selects.items():
        expect(select).to_have_value(CHOSEN[name])
        expect(process.locator(f"#id_{name}_note")).to_have_value(NOTES[name])
    stored = {
        f"{area.kind}_{area.position}": (area.item_key, area.note)
        for area in FocusArea.objects.filter(response=response)
    }
    assert stored == {name: (CHOSEN[name], NOTES[name]) for name in CHOSEN}

    # 5) She shares it with her leader, then logs out.
    sharing = page.locator("#deling")
    expect(sharing).to_contain_text("Dette er privat.")
    # Sharing is done in place with HTMX (the plain POST fallback is for browsers without
    # JavaScript): Chromium runs htmx under the CSP, so the request must be htmx's.
    with page.expect_response(
        lambda answer: (
            answer.url.endswith(f"{response_url}deling/") and answer.request.method == "POST"
        )
    ) as shared:
        sharing.get_by_role("button", name="Del med Sigrid Bakken").click()
    assert shared.value.request.headers.get("hx-request") == "true"
    assert shared.value.status == 200
    notice = "Delt med Sigrid Bakken. Du kan trekke delingen tilbake når du vil."
    expect(sharing).to_contain_text(notice)
    # The page's standing live region announces it; focus stays on the swapped-in button.
    expect(page.locator("#live-status[role=status]")).to_have_text(notice)
    expect(sharing).to_contain_text("Delt med Sigrid Bakken siden")
    expect(sharing.get_by_role("button", name="Trekk tilbake delingen")).to_be_focused()
    checker.check("result-shared")
    response.refresh_from_db()
    assert response.shared_with == sigrid
    assert response.shared_at is not None
    log_out(page)

    # 6) Sigrid finds the newest shared response in her team and reads Nora's notes.
    log_in(page, checker, SIGRID, "Sigrid")
    shared_count = Response.objects.shared_with_leader(sigrid).count()
    expect(page.get_by_role("region", name="Mitt team")).to_contain_text(
        f"{shared_count} egenvurdering"
    )
    main_nav(page).get_by_role("link", name="Mitt team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt team")
    checker.check("team")
    card = page.locator("table.triage tbody tr").filter(
        has=page.get_by_role("link", name="Nora Haugen", exact=True)
    )
    expect(card).to_have_count(1)
    expect(card.locator(".flag-info")).to_contain_text(re.compile("nylig delt med deg", re.I))
    newest = card.locator(".shared-list li").first
    expect(newest).to_contain_text(INSTRUMENT_TITLE)
    expect(newest).to_contain_text(f"levert {norwegian_date(response)}")
    expect(newest.get_by_role("link")).to_have_attribute("href", response_url)
    newest.get_by_role("link", name=INSTRUMENT_TITLE).click()
    expect(page).to_have_url(re.compile(re.escape(response_url) + "$"))
    expect(page.get_by_text("Delt med deg av Nora Haugen")).to_be_visible()
    checker.check("result-as-leader")
    focus_list = page.locator("#prosess dl")
    development_1 = instrument.item(CHOSEN["development_1"])
    expect(focus_list).to_contain_text(f"Utviklingsområde 1: {development_1.text}")
    expect(focus_list).to_contain_text(NOTES["development_1"])
    expect(focus_list).to_contain_text(f"Utviklingsområde 2: {new_item.text}")
    expect(focus_list).to_contain_text(NOTES["development_2"])
    expect(page.locator("#deling")).to_have_count(0)  # only the owner shares or withdraws
    expect(page.locator("#prosess form")).to_have_count(0)
    assert AccessLogEntry.objects.filter(
        actor=sigrid,
        subject=nora,
        action=AccessLogEntry.Action.READ,
        object_uuid=response.uuid,
    ).exists()
    log_out(page)

    # 7) Marte (HR, not a leader) has no team page and cannot open Nora's response.
    log_in(page, checker, MARTE, "Marte")
    expect(page.get_by_text("Du har HR-rollen.")).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Mitt team")).to_have_count(0)
    marte_pages = [page.content()]
    main_nav(page).get_by_role("link", name="Verktøy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verktøy")
    checker.check("assessments-hr")
    marte_pages.append(page.content())
    for url, name in ((response_url, "response-as-hr-404"), ("/team/", "team-as-hr-404")):
        answer = page.goto(url)
        assert answer is not None and answer.status == 404, (url, answer and answer.status)
        expect(page.get_by_role("heading", level=1)).to_have_text("Siden finnes ikke")
        checker.check(name)
        marte_pages.append(page.content())
    for html in marte_pages:
        for note in filter(None, NOTES.values()):
            assert note not in html
        assert "Nora Haugen" not in html
    assert not AccessLogEntry.objects.filter(actor=marte).exists()

    checker.assert_clean()
