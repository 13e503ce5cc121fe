"""The people app's background jobs (run by `aktiv worker`): the retention period, and the
notice to an old e-mail address that someone changed it."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .languages import speaking_to
from .models import EmailChange
from .privacy import login_history_prune, retention_apply

logger = logging.getLogger(__name__)


@task()
def apply_retention() -> int:
    """Run by the worker's periodic sweep: old conversation content goes when its time is up,
    and so does login history older than LOGIN_HISTORY_DAYS."""
    deleted = retention_apply()
    if deleted:
        logger.info("Retention: deleted %s conversation records", deleted)
    logins = login_history_prune()
    if logins:
        logger.info("Retention: deleted %s rows of login history", logins)
    # Checked import files kept for "Importer denne filen" go after an hour.
    from .organisation.services import staged_forget

    staged_forget()
    return deleted


@task()
def send_email_change_notice(change_uuid: str) -> None:
    """Tell the old address what changed, when and by whom, with the link that undoes it.
    Read afresh: a change already undone sends nothing."""
    change = (
        EmailChange.objects.select_related("person", "changed_by")
        .filter(uuid=change_uuid, undone_at__isnull=True)
        .first()
    )
    if change is None:
        return
    url = settings.SITE_URL + reverse("email_change_undo", args=[change.undo_token()])
    # In the language of the person the address belongs to.
    with speaking_to(change.person):
        context = {
            "change": change,
            "name": change.person.full_name,
            "by": change.changed_by.full_name if change.changed_by else "",
            "at": timezone.localtime(change.at),
            "hold_until": timezone.localtime(change.hold_until),
            "url": url,
        }
        subject = render_to_string("people/email/email_change_subject.txt", context)
        body = render_to_string("people/email/email_change.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[change.old_email]).send()


@task()
def run_import(job_uuid: str) -> None:
    """A large import file: checked and (when asked) imported, with progress on its page."""
    from .organisation.services import import_job_run

    import_job_run(job_uuid)
