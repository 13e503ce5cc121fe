import logging

from django_tasks import task

from .privacy import retention_apply

logger = logging.getLogger(__name__)


@task()
def apply_retention() -> int:
    """Run by the worker's periodic sweep: old conversation content goes when its time is up."""
    deleted = retention_apply()
    if deleted:
        logger.info("Retention: deleted %s conversation records", deleted)
    return deleted
