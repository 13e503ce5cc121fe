"""The insights app's background job (run by `aktiv worker`'s sweep): freeze each closed
quarter's figures once, so they never change again and the HR pages read a few rows."""

import logging

from django_tasks import task

from .figures import closed_quarters_freeze

logger = logging.getLogger(__name__)


@task()
def freeze_quarters() -> int:
    frozen = closed_quarters_freeze()
    if frozen:
        logger.info("Froze the figures of %s instrument quarters", frozen)
    return frozen
