"""The answer to a visitor's feedback, sent by `aktiv worker` in the language the visitor read
the statement in."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Feedback


@task()
def send_feedback_reply(feedback_uuid: str) -> bool:
    feedback = Feedback.objects.filter(uuid=feedback_uuid, answered_at__isnull=False).first()
    if feedback is None or not feedback.email:
        return False
    with translation.override(feedback.language):
        context = {
            "feedback": feedback,
            "url": settings.SITE_URL + reverse("accessibility:statement"),
        }
        subject = render_to_string("accessibility/email/reply_subject.txt", context)
        body = render_to_string("accessibility/email/reply.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[feedback.email]).send()
    return True
