"""A large import file goes to the worker: HR follows its progress page, which shows the
same report as a small file's (the first rows, every count, line-numbered errors)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aktiv.audit.models import ActionEntry
from aktiv.people.models import ImportJob, Person
from aktiv.people.organisation import importer, views
from aktiv.people.organisation.services import import_job_run

from ..conftest import client_for
from ..factories import PersonFactory
from .helpers import HEADER, csv_bytes

TOP = "Storby kommune"


@pytest.fixture
def large(monkeypatch, settings):
    """Files over 1 kB count as large here; the worker's task runs when queued."""
    monkeypatch.setattr(views, "LARGE_BYTES", 1024)
    monkeypatch.setattr(importer, "SHOWN", 20)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def organisation_file(people: int, *, bad_line: int | None = None) -> bytes:
    rows = [HEADER, ["sjef@storby.no", "Sjefen", TOP, "", ""]]
    for i in range(people - 1):
        leader = "sjef@storby.no" if i < 10 else f"p{i // 10 - 1}@storby.no"
        rows.append([f"p{i}@storby.no", f"Person {i}", f"{TOP} / Avdeling {i % 7}", leader, ""])
    if bad_line is not None:
        rows[bad_line - 1][0] = "ikke-en-adresse"
    return csv_bytes(rows)


def send(client, data: bytes, action: str, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("storby.csv", data, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("organisation:import"), {"file": upload, "action": action})


def test_a_large_file_is_imported_by_the_worker_with_a_progress_page(
    org, large, django_capture_on_commit_callbacks
):
    hr = client_for(org.hr)
    response = send(hr, organisation_file(300), "apply", django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:import_job", args=[job.uuid])
    assert job.status == ImportJob.Status.DONE and job.done == job.total == 300
    assert bytes(job.data) == b""  # the file is gone once the job has ended
    assert Person.objects.filter(email__endswith="@storby.no").count() == 300
    assert Person.objects.get(email="p25@storby.no").leader.email == "p1@storby.no"
    assert ActionEntry.objects.filter(action="person_import_create").count() == 300
    page = hr.get(response["Location"]).content.decode()
    assert "Importen er gjennomført" in page
    assert "og 280 til" in page  # the first 20 new people are listed, then the count
    assert "hx-trigger" not in page  # finished: the page stops polling


def test_a_large_dry_run_writes_nothing_and_names_the_bad_line(
    org, large, django_capture_on_commit_callbacks
):
    hr = client_for(org.hr)
    before = Person.objects.count()
    response = send(
        hr, organisation_file(300, bad_line=140), "check", django_capture_on_commit_callbacks
    )
    assert Person.objects.count() == before
    page = hr.get(response["Location"]).content.decode()
    assert "1 linje må rettes" in page
    assert '<th scope="row" class="num">140</th>' in page
    assert "ikke-en-adresse" in page


def test_the_progress_page_polls_while_the_job_runs_and_is_only_the_senders(org):
    job = ImportJob.objects.create(
        actor=org.hr, filename="storby.csv", apply=True, status="running", total=1000, done=400
    )
    url = reverse("organisation:import_job", args=[job.uuid])
    page = client_for(org.hr).get(url).content.decode()
    assert "400 av 1000 personer lagret" in page
    assert 'hx-trigger="every 2s"' in page and '<progress id="import-progress"' in page
    other_hr = PersonFactory.create(is_hr=True, unit=org.unit)
    assert client_for(other_hr).get(url).status_code == 404


def test_a_job_runs_once(org):
    job = ImportJob.objects.create(
        actor=org.hr, filename="storby.csv", data=organisation_file(30), apply=True
    )
    import_job_run(str(job.uuid))
    import_job_run(str(job.uuid))
    assert Person.objects.filter(email__endswith="@storby.no").count() == 30
    assert ActionEntry.objects.filter(action="person_import_create").count() == 30
