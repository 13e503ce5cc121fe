"""Asking for an export the way the pages' buttons do: a POST, the worker's task, the job's
page, then the file."""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from aktiv.insights.models import ExportJob

# The worker, run as soon as the request's transaction commits.
WORKER = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def ask(client: Client, name: str, data: dict[str, Any]) -> ExportJob:
    """The button: a POST that queues a job and sends HR to its page; the worker runs it."""
    with override_settings(TASKS=WORKER), TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse(name), data)
    assert response.status_code == 302, response.content
    job = ExportJob.objects.get(uuid=response["Location"].rstrip("/").split("/")[-1])
    assert response["Location"] == reverse("insights:export_job", args=[job.uuid])
    return job


def exported(client: Client, name: str, data: dict[str, Any]) -> Any:
    """The whole way: ask, open the job's page, follow its link to the file."""
    job = ask(client, name, data)
    page = client.get(reverse("insights:export_job", args=[job.uuid])).content.decode()
    link = reverse("insights:export_file", args=[job.uuid])
    assert ("Filen er klar" in page or "The file is ready" in page) and f'href="{link}"' in page
    assert "hx-trigger" not in page  # done: the page stops polling
    return client.get(link)
