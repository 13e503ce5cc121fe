"""The insights app's background jobs (run by `aktiv worker`'s sweep): freeze each closed
quarter's figures once, so they never change again and the HR pages read a few rows; and
recompute the current period's participation, which HR's page reads. And HR's exports: each
file built when asked for, and deleted an hour after."""

import logging

from django_tasks import task

from .figures import closed_figures_refresh, closed_quarters_freeze
from .overview import month_figures_refresh
from .participation import current_participation_refresh

logger = logging.getLogger(__name__)


@task()
def freeze_quarters() -> int:
    frozen = closed_quarters_freeze()
    if frozen:
        logger.info("Froze the figures of %s instrument quarters", frozen)
    return frozen


@task()
def refresh_figures() -> int:
    """Each frozen quarter's rows per unit, computed again when the unit tree or the
    threshold has changed since (HR's figures page reads them)."""
    done = closed_figures_refresh()
    if done:
        logger.info("Computed the unit figures of %s instrument quarters", done)
    return done


@task()
def refresh_participation() -> int:
    """The current period's participation figures, recomputed (a few grouped queries)."""
    return current_participation_refresh()


@task()
def refresh_month_figures() -> int:
    """HR's start page: the last twelve months' counts, recomputed."""
    return month_figures_refresh()


@task()
def build_export(job_uuid: str) -> None:
    """One of HR's exports, built while HR waits on the job's page."""
    from .services import export_job_run

    export_job_run(job_uuid)


@task()
def expire_exports() -> int:
    """Run by the sweep: finished files are deleted after an hour."""
    from .services import export_jobs_expire

    return export_jobs_expire()
