"""End to end, in Debian's Chromium: an employee places herself in the career quadrant
(Karriereposisjon) and fills KAN – LIKER – organisasjonens behov; then a leader starts,
finishes and reads every reflection tool a leader has, so tools added later are covered too.

Every page visited is checked with axe-core (WCAG 2.1 A and AA) and photographed, with the
same checker as test_assessment_flow.py; violations fail the test at the end in one list."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import fmean

import pytest
from playwright.sync_api import Locator, Page, expect

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.assessments.services import response_start, response_submit
from aktiv.goals.models import Goal
from aktiv.people.models import Person
from aktiv.reflections import registry
from aktiv.reflections.models import Worksheet

from .test_assessment_flow import (
    NORA,
    SIGRID,
    PageChecker,
    choose,
    expect_message,
    log_in,
    log_out,
    main_nav,
)

CAREER = registry.get("karriereposisjon")
CORE_AREA = registry.get("kan-liker")
# Used only when the demo gave Nora no "karrierebevissthet" response: dimension means
# 11/3, 3, 13/3 and (not counted) 2, so the proposal is 3,7.
AWARENESS_ANSWERS = dict(
    zip(
        [item.key for item in definitions.latest("karrierebevissthet").items],
        [4, 4, 3, 3, 3, 3, 5, 4, 4, 2, 2, 2],
        strict=True,
    )
)
# Nora's ratings of the five adaptability statements: mean 20/5 = 4,0.
RATINGS = [4, 4, 3, 5, 4]
MOVED_AWARENESS = "2.4"
LISTS = {
    "KAN – utdanning, erfaring, kvalifikasjoner": (
        "Barnehagelærer\nVeiledning av nyansatte\n  Språkarbeid  \n\nSpråkarbeid"
    ),
    "LIKER – interesser, motivasjon, personlighet": (
        "Veiledning av nyansatte\nMusikk og drama\nSpråkarbeid"
    ),
    "ORGANISASJONENS BEHOV – behov, mål og retning": (
        "Rekruttere fagfolk\nSpråkarbeid\nVeiledning av nyansatte"
    ),
}
CORE = ["Veiledning av nyansatte", "Språkarbeid"]
DONE_MESSAGE = "Arbeidsarket er ferdig og lagret i historikken din."
SAVED_MESSAGE = "Lagret. Du kan fortsette senere."


def one_decimal(value: float) -> str:
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded).replace(".", ",")


def awareness_proposal(nora: Person) -> str:
    """The proposal as Nora should see it, computed here from her stored answers: the mean
    of the first three dimension means of her latest response."""
    response = (
        Response.objects.submitted()
        .filter(person=nora, instrument_key="karrierebevissthet")
        .order_by("-submitted_at")
        .first()
    )
    if response is None:
        response = response_start(person=nora, instrument=definitions.latest("karrierebevissthet"))
        response_submit(response=response, answers=AWARENESS_ANSWERS)
    values: dict[str, list[int]] = {}
    for answer in response.answers.all():
        values.setdefault(answer.dimension_key, []).append(answer.value)
    dimensions = [d.key for d in response.instrument.dimensions][:3]
    return one_decimal(fmean(fmean(values[key]) for key in dimensions))


def open_tool(page: Page, checker: PageChecker, title: str, name: str) -> None:
    """From the Verktøy page to the tool's page, then start (or resume) a worksheet."""
    main_nav(page).get_by_role("link", name="Verktøy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verktøy")
    page.get_by_role("link", name=title, exact=True).click()
    start_from_tool_page(page, checker, title, name)


def start_from_tool_page(page: Page, checker: PageChecker, title: str, name: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    checker.check(f"{name}-tool")
    page.locator("main form.actions").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/verktoy/ark/[0-9a-f-]{36}/$"))
    expect(page.get_by_role("button", name="Marker som ferdig")).to_be_visible()
    checker.check(f"{name}-edit")


def number(locator: Locator, attribute: str) -> float:
    value = locator.get_attribute(attribute)
    assert value is not None and "," not in value, (attribute, value)
    return float(value)


def check_career_drawing(page: Page, awareness: float, adaptability: float) -> None:
    """The big point sits where the values say on the axes as drawn, and the text
    equivalent names the same quadrant."""
    svg = page.locator("svg.career-drawing")
    expect(page.get_by_role("img", name=re.compile(r"^Karriereposisjon: REAKTIV"))).to_be_visible()
    corners = svg.locator("polyline:not(.career-path)").get_attribute("points") or ""
    (left, top), _corner, (right, bottom) = (
        tuple(float(n) for n in point.split(",")) for point in corners.split()
    )
    point = svg.locator("g.career-current circle").first
    assert number(point, "cx") == pytest.approx(left + (adaptability - 1) / 4 * (right - left))
    assert number(point, "cy") == pytest.approx(bottom - (awareness - 1) / 4 * (bottom - top))
    # Low adaptability is left, high awareness is up: REAKTIV is the lower right.
    assert number(point, "cx") > (left + right) / 2 and number(point, "cy") > (top + bottom) / 2

    table = page.get_by_role("table", name="Plasseringer over tid")
    current = table.locator("tbody tr").last
    expect(current.get_by_role("rowheader")).to_contain_text("denne versjonen")
    expect(current.get_by_role("cell")).to_have_text(
        [re.compile(r"\d{4}"), one_decimal(awareness), one_decimal(adaptability), "REAKTIV"]
    )
    expect(page.locator("figure figcaption")).to_contain_text(
        "REAKTIV: Fleksibel, men liten bevissthet om egne ønsker og muligheter"
    )


def career_position(page: Page, checker: PageChecker, nora: Person) -> None:
    proposal = awareness_proposal(nora)
    open_tool(page, checker, CAREER.title, "karriereposisjon")
    expect(page.get_by_role("main")).to_contain_text("ikke en psykologisk test")
    expect(page.get_by_text(f"Forslag: {proposal}, fra egenvurderingen")).to_be_visible()

    for statement, value in zip(CAREER.content["statements"], RATINGS, strict=True):
        choose(page, statement["text"], value)
    page.get_by_label("Selvbevissthet (1,0–5,0)").fill(MOVED_AWARENESS)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect_message(page, SAVED_MESSAGE)
    expect(page.get_by_text("Forslag fra det du sist lagret: 4,0")).to_be_visible()
    expect(page.get_by_label("Selvbevissthet (1,0–5,0)")).to_have_value(MOVED_AWARENESS)
    checker.check("karriereposisjon-saved")

    page.get_by_role("button", name="Marker som ferdig").click()
    expect_message(page, DONE_MESSAGE)
    checker.check("karriereposisjon-done")
    sheet = Worksheet.objects.done().get(person=nora, tool_key=CAREER.key)
    assert sheet.data["position"] == {"self_awareness": 2.4, "adaptability": 4.0}
    assert sheet.data["proposed"]["self_awareness"] == float(proposal.replace(",", "."))
    assert sheet.data["quadrant"] == "reaktiv"
    check_career_drawing(page, 2.4, 4.0)


def core_area(page: Page, checker: PageChecker, nora: Person) -> None:
    open_tool(page, checker, CORE_AREA.title, "kan-liker")
    # The organisation's needs start from the goals of Nora's organisation and unit.
    needs = CORE_AREA.content["lists"][2]["heading"]
    first_goal = Goal.objects.filter(level="organisation").order_by("title").first()
    assert first_goal is not None
    expect(page.get_by_label(needs)).to_contain_text(first_goal.title)
    for label, text in LISTS.items():
        page.get_by_label(label).fill(text)
    # The boxes follow the lists as they are typed: the core is ticked before any save.
    # Each entry is offered once; empty lines and repeats are gone.
    boxes = page.get_by_role("group", name=CORE_AREA.content["core"]["question"])
    expect(boxes.get_by_role("checkbox")).to_have_count(5)
    # Let the last refresh settle before axe walks the page.
    page.wait_for_load_state("networkidle")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)
    checker.check("kan-liker-typed")
    for entry in CORE:
        boxes.get_by_role("checkbox", name=re.compile(rf"^{entry} ")).check()
    page.get_by_label("Hva betyr kjerneområdet for målene dine?").fill(
        "E2E: Jeg vil ha ansvar for veiledning og språkarbeid."
    )
    page.get_by_role("button", name="Marker som ferdig").click()
    expect_message(page, DONE_MESSAGE)
    checker.check("kan-liker-done")
    # The newest finished version: the demo may already hold earlier ones.
    sheet = (
        Worksheet.objects.done().filter(person=nora, tool_key=CORE_AREA.key).latest("completed_at")
    )
    assert sheet.data["can"] == ["Barnehagelærer", "Veiledning av nyansatte", "Språkarbeid"]
    assert sheet.data["core"] == CORE

    svg = page.locator("svg.venn-drawing")
    expect(svg.locator("circle.venn-circle")).to_have_count(3)
    for key in ("can", "like", "needs"):
        expect(svg.locator(f'circle.venn-circle[data-list="{key}"]')).to_have_count(1)
    for name in ("KAN", "LIKER", "ORGANISASJONENS BEHOV"):
        expect(svg.locator("text").filter(has_text=re.compile(rf"^{name}$"))).to_have_count(1)
    expect(svg.locator("g.venn-core text")).to_have_text(
        ["Kjerneområde –", "felles fokus her", *CORE]
    )
    expect(svg.locator('g.venn-list[data-list="can"] text')).to_have_text(["Barnehagelærer"])
    caption = page.locator("figure figcaption")
    expect(caption.locator(".venn-core-column li")).to_have_text(CORE)
    expect(caption.locator("li")).to_have_count(3 + 3 + 3 + 2)


def fill_what_is_open(page: Page) -> None:
    """Give every empty field in the worksheet form a value: a short text, the first
    choice of each radio or checkbox group and select, and numbers that fit the input (an
    even share of its maximum when it is one of several in a fieldset that add up)."""
    form = page.locator("form.worksheet-form")
    for field in form.locator("textarea:visible, input[type=text]:visible").all():
        if not field.input_value().strip():
            field.fill("E2E: kort svar")
    for kind in ("radio", "checkbox"):
        inputs = form.locator(f"input[type={kind}]")
        for name in set(inputs.evaluate_all("els => els.map(e => e.name)")):
            group = form.locator(f'input[type={kind}][name="{name}"]')
            if not any(box.is_checked() for box in group.all()):
                group.first.check()
    for select in form.locator("select:visible").all():
        if not select.input_value():
            values = select.locator("option").evaluate_all("os => os.map(o => o.value)")
            select.select_option(next(v for v in values if v))
    for field in form.locator("input[type=number]:visible").all():
        if field.input_value():
            continue
        low = float(field.get_attribute("min") or 0)
        high = float(field.get_attribute("max") or 5)
        siblings = field.evaluate(
            "e => (e.closest('fieldset') || e.parentElement)"
            ".querySelectorAll('input[type=number]').length"
        )
        value = high // siblings if high >= 100 else round((low + high) / 2)
        field.fill(str(int(value)))


def finish(page: Page, checker: PageChecker, name: str) -> None:
    """ "Marker som ferdig"; when refused, fill what is open and retry, saving first on the
    second round (a tool may offer choices only over what was saved)."""
    done = page.get_by_role("status").filter(has_text=DONE_MESSAGE)
    for attempt in range(3):
        with page.expect_navigation():
            page.get_by_role("button", name="Marker som ferdig").click()
        refused = page.get_by_role("alert").filter(has_text="Noe må rettes")
        expect(done.or_(refused)).to_be_visible()
        if done.is_visible():
            return
        checker.check(f"{name}-refused-{attempt + 1}")
        if attempt == 2:
            pytest.fail(f"{name}: marking done was refused: {refused.inner_text()}")
        fill_what_is_open(page)
        if attempt == 1:
            with page.expect_navigation():
                page.get_by_role("button", name="Lagre", exact=True).click()
            checker.check(f"{name}-saved")
            fill_what_is_open(page)


def every_leader_tool(page: Page, checker: PageChecker, sigrid: Person) -> None:
    tools = registry.available_to(is_leader=True)
    assert {CAREER.key, CORE_AREA.key} <= {t.key for t in tools}
    for tool in tools:
        name = f"leader-{tool.key}"
        page.goto(f"/verktoy/{tool.key}/")
        start_from_tool_page(page, checker, tool.title, name)
        finish(page, checker, name)
        expect(page.get_by_role("heading", level=1)).to_have_text(tool.title)
        expect(page.get_by_role("button", name="Marker som ferdig")).to_have_count(0)
        checker.check(f"{name}-done")
        assert Worksheet.objects.done().filter(person=sigrid, tool_key=tool.key).exists()


@pytest.mark.e2e
def test_employee_reflects_and_leader_finishes_every_tool(
    page: Page, demo, artifacts: Path
) -> None:
    # Its own folder, so the screenshots do not overwrite those of the assessment flow.
    directory = artifacts / "reflections"
    directory.mkdir(exist_ok=True)
    for old in directory.glob("*.png"):
        old.unlink()
    checker = PageChecker(page, directory)
    nora = Person.objects.get(email=NORA)
    sigrid = Person.objects.get(email=SIGRID)
    # Nora meets these tools for the first time here, whatever the demo gave her.
    Worksheet.objects.filter(person=nora).delete()
    Worksheet.objects.filter(person=sigrid).delete()
    assert sigrid.is_leader

    page.goto("/logg-inn/")
    log_in(page, checker, NORA, "Nora")
    career_position(page, checker, nora)
    core_area(page, checker, nora)
    log_out(page)

    log_in(page, checker, SIGRID, "Sigrid")
    every_leader_tool(page, checker, sigrid)

    checker.assert_clean()
