"""End to end, in Debian's Chromium: one whole cycle of the employee conversation for the
demo's Nora Haugen and her leader Sigrid Bakken. Nora proposes a goal and Sigrid agrees it;
Nora prepares a planned follow-up and marks it ready, Sigrid marks it held; then the
evaluation: both assess the goals on their own (neither sees the other's until both have
submitted), both confirm, and the summary downloads as a PDF.

Every page visited is checked with axe-core and photographed into test-artifacts/e2e/."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from aktiv.conversations.followups.services import follow_up_add
from aktiv.conversations.models import ConversationRecord, Evaluation, FollowUp, Period
from aktiv.conversations.services import period_create, record_for
from aktiv.people.models import Person

from .test_assessment_flow import NORA, SIGRID, PageChecker, expect_message, log_in, log_out

GOAL = "E2E: Lede overgangen til det nye fagsystemet"
NORA_SAYS = "E2E-vurdering fra Nora: godt i gang, men opplæringen gjenstår."
SIGRID_SAYS = "E2E-vurdering fra Sigrid: du har tatt ansvar og fått med deg hele teamet."
PREPARED = "E2E-forberedelse: planen for fagsystemet er klar."


def current_record(nora: Person) -> ConversationRecord:
    """Nora's record in the current period, made if the demo has none; no evaluation yet."""
    period = Period.objects.current()
    if period is None:
        today = timezone.localdate()
        period = period_create(
            name=f"E2E {today.year}",
            starts_on=today - timedelta(days=180),
            ends_on=today + timedelta(days=180),
            followup_interval_months=1,
            reminder_days_before=3,
            actor=Person.objects.filter(is_hr=True).first() or nora,
        )
    record = record_for(nora, period)
    assert record is not None
    Evaluation.objects.filter(record=record).delete()
    return record


def plan_follow_up(record: ConversationRecord) -> FollowUp:
    """A follow-up tomorrow at ten (or on the period's last day, if that is sooner)."""
    day = min(timezone.localdate() + timedelta(days=1), record.period.ends_on)
    when = timezone.make_aware(datetime.combine(day, time(10, 0)))
    if when <= timezone.now():
        when = timezone.now() + timedelta(minutes=30)
    return follow_up_add(
        record=record,
        scheduled_at=when,
        duration_minutes=45,
        location="E2E-rommet",
        actor=record.leader,
    )


def assess_every_goal(page: Page, own_rating: str, comment: str) -> None:
    """The E2E goal gets `own_rating` and a comment; any other agreed goal is rated too."""
    for article in page.locator("article.assessment").all():
        title = article.get_by_role("heading", level=3).inner_text()
        mine = GOAL in title
        article.get_by_label(own_rating if mine else "Oppnådd", exact=True).check()
        if mine:
            article.get_by_label(f"Din kommentar til «{GOAL}»").fill(comment)


def use_the_draft(page: Page, checker: PageChecker, who: str) -> None:
    """The year's draft (issue #16): offered with its sources, fills the form on request and
    stores nothing; its first source link opens."""
    draft = page.locator("#utkast")
    expect(draft.get_by_role("heading", name="Utkast fra året")).to_be_visible()
    expect(draft.locator("a.draft-source").first).to_be_visible()
    checker.check(f"cycle-evaluation-{who}-draft-offered")
    draft.get_by_role("link", name="Bruk utkastet").click()
    expect(page.get_by_role("status").filter(has_text="Ingenting er lagret")).to_be_visible()
    comment = goal_card(page).get_by_label(re.compile("Din kommentar"))
    expect(comment).to_contain_text("Framdrift nå:")
    checker.check(f"cycle-evaluation-{who}-draft-used")


def goal_card(page: Page) -> Locator:
    return page.locator("article.assessment").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(GOAL)))
    )


@pytest.mark.e2e
def test_a_whole_conversation_cycle(page: Page, demo, artifacts: Path) -> None:
    checker = PageChecker(page, artifacts)
    nora = Person.objects.get(email=NORA)
    sigrid = Person.objects.get(email=SIGRID)
    assert nora.leader == sigrid
    record = current_record(nora)
    follow_up = plan_follow_up(record)
    record_url = record.get_absolute_url()
    evaluation_url = f"{record_url}evaluering/"

    # 1) Nora proposes a goal.
    log_in(page, checker, NORA, "Nora")
    page.goto(record_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Min samtalemappe")
    expect(page.get_by_role("region", name="3 Evaluering og læring")).to_contain_text(
        "Ikke startet"
    )
    checker.check("cycle-record-nora")
    page.get_by_role("link", name="Mål, oppgaver og roller").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Målsamtalen")
    checker.check("cycle-goals-nora")
    new_goal = page.locator("#nytt-mal")
    new_goal.get_by_label("Faglig mål").check()
    new_goal.get_by_label("Mål", exact=True).fill(GOAL)
    new_goal.get_by_role("button", name="Lagre og foreslå for lederen").click()
    expect(page.get_by_role("heading", name=GOAL, level=3)).to_be_visible()
    checker.check("cycle-goal-proposed")
    log_out(page)

    # 2) Sigrid agrees it.
    log_in(page, checker, SIGRID, "Sigrid")
    page.goto(record_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Haugen")
    checker.check("cycle-record-sigrid")
    page.get_by_role("link", name="Mål, oppgaver og roller").click()
    page.get_by_role("button", name=f"Avtal målet – {GOAL}").click()
    expect(page.locator("article.goal").filter(has_text=GOAL)).to_contain_text("Avtalt")
    checker.check("cycle-goal-agreed")
    log_out(page)

    # 3) Nora prepares the follow-up and marks it ready, then assesses her goals.
    log_in(page, checker, NORA, "Nora")
    page.goto(follow_up.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppfølgingssamtale")
    checker.check("cycle-follow-up-nora")
    page.locator("#forberedelse textarea").first.fill(PREPARED)
    page.get_by_role("button", name="Lagre og marker som klar").click()
    expect_message(page, "Forberedelsen er klar.")
    checker.check("cycle-follow-up-ready")

    page.goto(evaluation_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluering og læring")
    checker.check("cycle-evaluation-nora-empty")
    use_the_draft(page, checker, "nora")
    assess_every_goal(page, "Delvis oppnådd", NORA_SAYS)
    page.get_by_role("button", name="Lever vurderingen").click()
    expect_message(page, "Vurderingen er levert.")
    expect(goal_card(page)).to_contain_text("Vises når dere begge har levert.")
    checker.check("cycle-evaluation-nora-submitted")
    log_out(page)

    # 4) Sigrid reads the preparation and marks the follow-up held; then her assessment,
    #    written without seeing Nora's.
    log_in(page, checker, SIGRID, "Sigrid")
    page.goto(follow_up.get_absolute_url())
    expect(page.locator("#forberedelse")).to_contain_text(PREPARED)
    checker.check("cycle-follow-up-sigrid")
    page.get_by_role("button", name="Marker som gjennomført").click()
    expect_message(page, "Samtalen er markert som gjennomført.")
    checker.check("cycle-follow-up-held")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.HELD

    page.goto(evaluation_url)
    expect(page.get_by_text("Nora Haugen leverte vurderingen")).to_be_visible()
    assert NORA_SAYS not in page.content()
    checker.check("cycle-evaluation-sigrid-before")
    use_the_draft(page, checker, "sigrid")
    assert NORA_SAYS not in page.content()
    assess_every_goal(page, "Oppnådd", SIGRID_SAYS)
    page.get_by_role("button", name="Lever vurderingen").click()
    expect_message(page, "Vurderingen er levert. Nå ser dere hverandres vurderinger.")
    card = goal_card(page)
    expect(card).to_contain_text(NORA_SAYS)
    expect(card.locator(".theirs")).to_contain_text("Delvis oppnådd")
    checker.check("cycle-evaluation-sigrid-both")
    page.get_by_label("Resultater og andre bidrag").fill("E2E: Fagsystemet er tatt i bruk.")
    page.get_by_role("button", name="Lagre oppsummeringen").click()
    expect_message(page, "Oppsummeringen er lagret.")
    page.get_by_role("button", name="Bekreft oppsummeringen").click()
    expect_message(page, "Du har bekreftet oppsummeringen.")
    checker.check("cycle-evaluation-sigrid-confirmed")
    log_out(page)

    # 5) Nora sees both assessments, confirms, and downloads the PDF.
    log_in(page, checker, NORA, "Nora")
    page.goto(evaluation_url)
    expect(goal_card(page)).to_contain_text(SIGRID_SAYS)
    expect(page.get_by_label("Resultater og andre bidrag")).to_have_value(
        "E2E: Fagsystemet er tatt i bruk."
    )
    expect(
        page.get_by_text("Oppdater kompetanseprofilen din i bredde og/eller spiss")
    ).to_be_visible()
    checker.check("cycle-evaluation-nora-both")
    page.get_by_role("button", name="Bekreft oppsummeringen").click()
    expect_message(page, "Dere har begge bekreftet oppsummeringen.")
    expect(page.get_by_role("table")).to_contain_text(SIGRID_SAYS)
    checker.check("cycle-evaluation-confirmed")
    evaluation = Evaluation.objects.get(record=record)
    assert evaluation.is_confirmed

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned oppsummeringen (PDF)").click()
    assert download.value.suggested_filename == "evaluering-nora-haugen-" + (
        record.period.name.lower().replace(" ", "-") + ".pdf"
    )
    saved = artifacts / "cycle-evaluation.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    answer = page.request.get(f"{evaluation_url}oppsummering.pdf")
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")

    page.goto(record_url)
    expect(page.get_by_role("region", name="3 Evaluering og læring")).to_contain_text(
        "Bekreftet av begge"
    )
    checker.check("cycle-record-done")
    checker.assert_clean()
