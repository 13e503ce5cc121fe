"""The workshop mode's background job (run by `aktiv worker`'s periodic sweep)."""

import logging

from django_tasks import task

from .services import workshops_sweep_run

logger = logging.getLogger(__name__)


@task()
def workshops_sweep() -> int:
    """Close workshops whose code has expired; delete answers past the retention period."""
    closed, deleted = workshops_sweep_run()
    if closed or deleted:
        logger.info("Workshops: closed %s, deleted %s answers", closed, deleted)
    return deleted
