"""The export's own pages, for the HR person who asked for it only: anyone else, HR or not,
gets the same 404 as for a job that does not exist."""

from __future__ import annotations

from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from aktiv.lib.permissions import hr_required
from aktiv.lib.typing import AuthedRequest

from .. import exports, services
from ..models import ExportJob


def export_requested(
    request: AuthedRequest, kind: str, params: dict[str, str], file_format: str
) -> HttpResponse:
    """What every export button does once its view has checked the parameters: queue the
    job and send HR to its page. The file is never built in the request."""
    job = services.export_job_start(
        requester=request.user, kind=kind, params=params, file_format=file_format
    )
    return redirect("insights:export_job", uuid=job.uuid)


def _page_of(job: ExportJob) -> str:
    """The page the file was asked for from, with the same choices."""
    chosen = {key: value for key, value in job.params.items() if value}
    return reverse(exports.KINDS[job.kind].page) + (f"?{urlencode(chosen)}" if chosen else "")


@hr_required
@require_GET
def export_job(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """ "Lager filen …" while the worker builds it (polled by HTMX), then the download."""
    jobs = ExportJob.objects.requested_by(request.user).defer("content")
    job = get_object_or_404(jobs, uuid=uuid)
    context = {"job": job, "title": exports.KINDS[job.kind].title, "page": _page_of(job)}
    if request.htmx:
        return render(request, "insights/export_job.html#status", context)
    return render(request, "insights/export_job.html", context)


@hr_required
@require_GET
def export_file(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The finished file, as the exports have always been sent; a file no longer kept
    sends HR to the job's page, which says so."""
    job = get_object_or_404(ExportJob.objects.requested_by(request.user), uuid=uuid)
    if job.status != ExportJob.Status.DONE:
        return redirect("insights:export_job", uuid=job.uuid)
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


@hr_required
@require_POST
def export_again(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """ "Prøv igjen" after a failure, "Lag filen på nytt" once it is deleted: the same
    export with the same choices, as a new job."""
    jobs = ExportJob.objects.requested_by(request.user).defer("content")
    job = get_object_or_404(jobs, uuid=uuid)
    if job.status not in (ExportJob.Status.FAILED, ExportJob.Status.EXPIRED):
        return redirect("insights:export_job", uuid=job.uuid)
    return redirect("insights:export_job", uuid=services.export_job_again(job=job).uuid)
