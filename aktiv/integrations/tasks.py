"""The invitations, sent by the background worker (`aktiv worker`): each is claimed before
it goes, so nothing is sent twice; a failed send is released for the next run."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .invitations import claim, invitation_url, pending, release, sso_on
from .models import Invitation

logger = logging.getLogger(__name__)

BATCH = 500


def _message(invitation: Invitation) -> EmailMessage:
    person = invitation.person
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": person.full_name,
            "email": person.email,
            "url": invitation_url(person),
            "sso": sso_on(),
            "days": settings.INVITATION_DAYS,
        }
        subject = render_to_string("integrations/email/invitation_subject.txt", context)
        body = render_to_string("integrations/email/invitation.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])


@task()
def send_invitations() -> int:
    """Send every invitation not sent yet; returns how many went."""
    sent = 0
    while batch := list(pending()[:BATCH]):
        for invitation in batch:
            if not claim(invitation):
                continue
            try:
                _message(invitation).send()
            except Exception:
                release(invitation)
                logger.exception("Invitation to person %s not sent", invitation.person_id)
                return sent
            Invitation.objects.filter(pk=invitation.pk).update(times_sent=F("times_sent") + 1)
            sent += 1
    return sent
