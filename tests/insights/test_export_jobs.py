"""HR's exports as jobs: the request only queues one, the worker builds the file in the
language of the person who asked, the job's page and its file are theirs alone, a failure
says so and offers to try again, and the file is deleted after an hour."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiv.insights import exports, tasks
from aktiv.insights.models import ExportJob
from aktiv.insights.services import export_job_run, export_jobs_expire
from aktiv.lib import hooks
from aktiv.people.models import Unit

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import ask, exported
from .test_figures import submitted_response

KEY = "aktivt-medarbeiderskap"
FIGURES = {"instrument": KEY, "format": "csv"}


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def answered(org, settings):
    settings.ANONYMITY_THRESHOLD = 3
    unit = Unit.objects.create(name="Skole")
    for _ in range(4):
        submitted_response(PersonFactory.create(unit=unit), KEY, 4)
    return unit


def test_the_request_only_queues_the_job(org, answered, monkeypatch):
    """The POST builds nothing (the worker has not run: the job waits, with no file), and
    its queries do not grow with the organisation."""

    def never(*args, **kwargs):
        raise AssertionError("the file was built in the request")

    monkeypatch.setattr(exports, "figures_sections", never)
    monkeypatch.setattr(exports, "to_csv", never)
    hr = client_for(org.hr)
    url = reverse("insights:export")
    hr.post(url, FIGURES)  # the session and the second factor, read once
    with CaptureQueriesContext(connection) as small:
        response = hr.post(url, FIGURES)
    for index in range(40):
        unit = Unit.objects.create(name=f"Enhet {index}", parent=answered)
        for _ in range(3):
            submitted_response(PersonFactory.create(unit=unit), KEY, 3)
    with CaptureQueriesContext(connection) as large:
        hr.post(url, FIGURES)
    assert len(large) == len(small) <= 12
    job = ExportJob.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])
    assert job.status == ExportJob.Status.QUEUED and bytes(job.content) == b""
    assert job.params == {"instrument": KEY, "quarter": ""} and job.requester == org.hr


def test_the_page_says_the_file_is_being_made_and_polls(org):
    job = ExportJob.objects.create(
        requester=org.hr, kind="figures", params={"instrument": KEY}, file_format="xlsx"
    )
    url = reverse("insights:export_job", args=[job.uuid])
    page = client_for(org.hr).get(url).content.decode()
    assert "Lager filen …" in page and "Excel-fil" in page
    assert 'hx-trigger="every 2s"' in page
    assert f'<a href="{url}">Last siden på nytt</a>' in page  # without JavaScript
    assert f'href="{reverse("insights:figures")}?instrument={KEY}"' in page
    assert reverse("insights:export_file", args=[job.uuid]) not in page
    # HTMX asks for the status alone.
    fragment = client_for(org.hr).get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="export-job"') and "<html" not in fragment
    assert "Det tar lengre tid enn vanlig" not in page
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    assert "Det tar lengre tid enn vanlig" in client_for(org.hr).get(url).content.decode()
    # A file asked for before it is made sends HR back to the page.
    early = client_for(org.hr).get(reverse("insights:export_file", args=[job.uuid]))
    assert early.status_code == 302 and early["Location"] == url


def test_the_job_and_its_file_are_only_the_requesters(org, answered):
    job = ask(client_for(org.hr), "insights:export", FIGURES)
    assert job.status == ExportJob.Status.DONE
    other_hr = PersonFactory.create(is_hr=True, unit=org.unit)
    for person in (other_hr, org.employee, org.leader, org.admin):
        client = client_for(person)
        for name in ("insights:export_job", "insights:export_file"):
            assert client.get(reverse(name, args=[job.uuid])).status_code == 404, (person, name)
        assert client.post(reverse("insights:export_again", args=[job.uuid])).status_code == 404
    assert ExportJob.objects.count() == 1


def test_hr_who_is_hr_no_longer_gets_nothing(org, answered):
    job = ExportJob.objects.create(
        requester=org.hr, kind="figures", params={"instrument": KEY}, file_format="csv"
    )
    org.hr.is_hr = False
    org.hr.save()
    with pytest.raises(PermissionError):
        export_job_run(str(job.uuid))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and bytes(job.content) == b""


def test_the_file_is_written_in_the_requesters_language(org, answered):
    org.hr.language = "en"
    org.hr.save()
    hr = client_for(org.hr)
    response = exported(hr, "insights:export", FIGURES)
    rows = rows_of(response.content)
    assert rows[1][:2] == ["Unit", "Responses"]
    participation = rows_of(
        exported(hr, "insights:participation_export", {"format": "csv"}).content
    )
    assert "Leader" in [row[0] for row in participation if row]
    assert "Medarbeidere" not in str(participation)  # the headers too, not only the first
    # The same export asked for in bokmål.
    org.hr.language = "nb"
    org.hr.save()
    assert rows_of(exported(hr, "insights:export", FIGURES).content)[1][:2] == ["Enhet", "Svar"]


def test_a_failed_job_says_so_and_tries_again(org, answered, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    hr = client_for(org.hr)
    monkeypatch.setitem(
        exports.KINDS, "figures", exports.ExportKind("Egenvurderinger", "insights:figures", broken)
    )
    job = ask(hr, "insights:export", FIGURES)  # the worker logs the error
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    page = hr.get(reverse("insights:export_job", args=[job.uuid])).content.decode()
    assert "Filen kunne ikke lages" in page and "Prøv igjen" in page
    assert "hx-trigger" not in page
    monkeypatch.undo()
    again = hr.post(reverse("insights:export_again", args=[job.uuid]))
    new = ExportJob.objects.exclude(pk=job.pk).get()
    assert again["Location"] == reverse("insights:export_job", args=[new.uuid])
    assert new.params == job.params and new.file_format == job.file_format
    export_job_run(str(new.uuid))
    assert hr.get(reverse("insights:export_file", args=[new.uuid])).status_code == 200


def test_the_file_is_deleted_after_an_hour_and_can_be_made_again(org, answered):
    hr = client_for(org.hr)
    job = ask(hr, "insights:export", FIGURES)
    assert export_jobs_expire() == 0  # a fresh file stays
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(minutes=61))
    assert tasks.expire_exports in hooks.sweep_tasks()
    assert export_jobs_expire() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and bytes(job.content) == b""
    url = reverse("insights:export_job", args=[job.uuid])
    page = hr.get(url).content.decode()
    assert "Filen er slettet" in page and "Lag filen på nytt" in page
    assert hr.get(reverse("insights:export_file", args=[job.uuid]))["Location"] == url
    again = hr.post(reverse("insights:export_again", args=[job.uuid]))
    assert again.status_code == 302 and ExportJob.objects.count() == 2


def test_the_sweep_fails_a_job_the_worker_never_finished_and_forgets_old_rows(org):
    stuck = ExportJob.objects.create(requester=org.hr, kind="participation", file_format="csv")
    old = ExportJob.objects.create(requester=org.hr, kind="participation", file_format="csv")
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(hours=2))
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    export_jobs_expire()
    assert ExportJob.objects.get().status == ExportJob.Status.FAILED


def test_a_job_runs_once(org, answered):
    job = ask(client_for(org.hr), "insights:export", FIGURES)
    finished = job.finished_at
    export_job_run(str(job.uuid))
    job.refresh_from_db()
    assert job.finished_at == finished


def test_a_get_on_the_old_export_urls_is_refused(org):
    for name in ("insights:export", "insights:participation_export"):
        assert client_for(org.hr).get(reverse(name), {"format": "csv"}).status_code == 405
    assert not ExportJob.objects.exists()


def test_every_export_is_in_the_action_log_with_who_asked(org, answered):
    """Who took which file out of Aktiv stays known after the job and its file are gone."""
    from aktiv.audit.models import ActionEntry

    job = ask(client_for(org.hr), "insights:export", FIGURES)
    ask(client_for(org.hr), "insights:participation_export", {"format": "csv"})
    entries = list(ActionEntry.objects.order_by("at", "pk"))
    assert [(e.actor, e.action) for e in entries] == [
        (org.hr, "export_figures"),
        (org.hr, "export_participation"),
    ]
    assert entries[0].object_uuid == job.uuid
    ExportJob.objects.all().delete()
    assert ActionEntry.objects.count() == 2
