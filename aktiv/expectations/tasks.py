"""The expectations app's background job (run by `aktiv worker`'s sweep): count who has
acknowledged the current version, per unit, so HR's pages read a few stored rows."""

from django_tasks import task

from .services import acknowledgements_refresh


@task()
def refresh_acknowledgements() -> int:
    return acknowledgements_refresh()
