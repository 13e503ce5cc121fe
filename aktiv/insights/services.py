"""HR's exports, asked for in a request and built by the worker: the request checks the
parameters and queues a job (a few queries, whatever the size of the organisation); the
worker builds the file in the language of the person who asked and keeps it an hour."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation

from aktiv.audit.services import action_log
from aktiv.people.models import Person

from . import exports, tasks
from .models import ExportJob

# Rows of jobs (no file, only what was asked and when) are deleted after this many days.
KEEP_DAYS = 30


def export_job_start(
    *, requester: Person, kind: str, params: dict[str, str], file_format: str
) -> ExportJob:
    """Queue one export of a kind in exports.KINDS, with parameters the view has checked,
    written in the language the person reads Aktiv in. The action log keeps who took which
    file out of Aktiv, and when (the job itself is deleted after KEEP_DAYS)."""
    if kind not in exports.KINDS or file_format not in exports.FORMATS:
        raise ValueError(f"no export {kind}.{file_format}")
    job = ExportJob.objects.create(
        requester=requester,
        kind=kind,
        params=params,
        file_format=file_format,
        language=requester.preferred_language,
    )
    action_log(actor=requester, action=f"export_{kind}", obj=job)
    transaction.on_commit(lambda: tasks.build_export.enqueue(str(job.uuid)))
    return job


def export_job_again(*, job: ExportJob) -> ExportJob:
    """The same export once more (after a failure, or when the file has been deleted)."""
    return export_job_start(
        requester=job.requester, kind=job.kind, params=job.params, file_format=job.file_format
    )


def export_job_run(job_uuid: str) -> None:
    """The worker builds the job's file, once. A requester who is no longer active HR gets
    nothing: the job fails."""
    claimed = ExportJob.objects.filter(uuid=job_uuid, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("requester").get(uuid=job_uuid)
    mine = ExportJob.objects.filter(pk=job.pk)
    try:
        if not (job.requester.is_active and job.requester.is_hr):
            raise PermissionError("the requester is no longer active HR")
        kind = exports.KINDS[job.kind]
        with translation.override(job.language):
            sections, name = kind.build(job.params, timezone.localdate(job.created_at))
            content = exports.file_content(sections, job.file_format)
        mine.update(
            status=ExportJob.Status.DONE,
            content=content,
            content_type=exports.CONTENT_TYPES[job.file_format],
            file_name=f"{name}.{job.file_format}",
            finished_at=timezone.now(),
        )
    except Exception:
        mine.update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        raise


def export_jobs_expire() -> int:
    """The sweep: files made more than an hour ago are deleted, a job the worker never
    finished within the hour has failed, and old rows go. Says how many files it deleted."""
    now = timezone.now()
    hour_ago = now - timedelta(minutes=ExportJob.EXPIRE_MINUTES)
    expired = ExportJob.objects.filter(
        status=ExportJob.Status.DONE, finished_at__lt=hour_ago
    ).update(status=ExportJob.Status.EXPIRED, content=b"")
    ExportJob.objects.filter(
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING], created_at__lt=hour_ago
    ).update(status=ExportJob.Status.FAILED, finished_at=now)
    ExportJob.objects.filter(created_at__lt=now - timedelta(days=KEEP_DAYS)).delete()
    return expired
