"""End to end, in Debian's Chromium: HR asks for an export, waits on the job's page while
the worker builds the file (the page updates itself through HTMX), and downloads it; each
state photographed on a wide screen and a phone and checked with axe-core."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from aktiv.insights.models import ExportJob
from aktiv.insights.services import export_job_run, export_jobs_expire

from .test_assessment_flow import MARTE, PageChecker, log_in

PHONE: ViewportSize = {"width": 390, "height": 844}
WIDE: ViewportSize = {"width": 1280, "height": 900}


def both_widths(page: Page, checker: PageChecker, name: str) -> None:
    checker.check(name)
    page.set_viewport_size(PHONE)
    checker.check(f"{name}-phone")
    page.set_viewport_size(WIDE)


@pytest.mark.e2e
def test_hr_waits_for_an_export_and_downloads_it(page: Page, demo, artifacts: Path) -> None:
    directory = artifacts / "exports"
    directory.mkdir(exist_ok=True)
    checker = PageChecker(page, directory)
    log_in(page, checker, MARTE, "Marte")
    page.goto("/innsikt/deltakelse/")
    checker.check("participation")
    page.get_by_role("button", name="Last ned (Excel)").click()
    # The live server has no worker: the job waits until the test runs it.
    expect(page).to_have_url(re.compile(r"/innsikt/eksport/[0-9a-f-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Nedlasting: Deltakelse")
    expect(page.get_by_role("heading", name="Lager filen …")).to_be_visible()
    expect(page.get_by_role("link", name="Last siden på nytt")).to_be_visible()
    both_widths(page, checker, "export-waiting")
    job = ExportJob.objects.get()
    export_job_run(str(job.uuid))
    # The page asks again every two seconds and shows the link without a reload.
    link = page.get_by_role("link", name="Last ned aktiv-deltakelse.xlsx")
    expect(link).to_be_visible()
    expect(page.get_by_role("heading", name="Lager filen …")).to_have_count(0)
    both_widths(page, checker, "export-done")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "aktiv-deltakelse.xlsx"
    # An hour later the sweep has deleted the file: the page says so and offers a new one.
    ExportJob.objects.update(finished_at=timezone.now() - timedelta(hours=2))
    export_jobs_expire()
    page.reload()
    expect(page.get_by_role("heading", name="Filen er slettet")).to_be_visible()
    both_widths(page, checker, "export-expired")
    page.get_by_role("button", name="Lag filen på nytt").click()
    expect(page.get_by_role("heading", name="Lager filen …")).to_be_visible()
    assert ExportJob.objects.filter(status=ExportJob.Status.QUEUED).count() == 1
    # Had the worker failed, the page says so and offers to try again.
    ExportJob.objects.filter(status=ExportJob.Status.QUEUED).update(status="failed")
    page.reload()
    expect(page.get_by_role("heading", name="Filen kunne ikke lages")).to_be_visible()
    expect(page.get_by_role("button", name="Prøv igjen")).to_be_visible()
    both_widths(page, checker, "export-failed")
    checker.assert_clean()
