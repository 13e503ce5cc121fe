"""E-mails about upward rounds and 180° requests, sent by the background worker
(`aktiv worker`). Tasks read their object afresh, so a task queued before a close or a
withdrawal sends what is true when it runs. The e-mails carry no answers, only a link."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import UpwardParticipation, UpwardRound, ViewRequest

TEMPLATES = "feedback/email/"


def _message(name: str, to: list[str], **context: Any) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{TEMPLATES}{name}_subject.txt", context)
        body = render_to_string(f"{TEMPLATES}{name}.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=to, from_email=None)


@task()
def send_upward_invitations(round_uuid: str) -> int:
    """Invite the leader's active reports who have not answered the open round yet."""
    round = UpwardRound.objects.select_related("leader").filter(uuid=round_uuid).first()
    if round is None or not round.is_open:
        return 0
    answered = UpwardParticipation.objects.filter(round=round).values("person_id")
    reports = round.leader.active_direct_reports().exclude(pk__in=answered)
    url = settings.SITE_URL + "/tilbakemelding/"
    sent = 0
    for person in reports:
        _message(
            "upward_invitation", [person.email], person=person, leader=round.leader, url=url
        ).send()
        sent += 1
    return sent


@task()
def send_view_request_notice(request_uuid: str) -> bool:
    """Tell the leader they are asked (while the request waits), or the employee that the
    answers are ready (once the leader has answered)."""
    found = ViewRequest.objects.select_related("employee", "leader").filter(uuid=request_uuid)
    request = found.first()
    if request is None or request.employee.leader_id != request.leader_id:
        return False
    url = settings.SITE_URL + request.get_absolute_url()
    if request.is_answered:
        to, name = request.employee, "view_answered"
    else:
        to, name = request.leader, "view_requested"
    _message(name, [to.email], request=request, url=url).send()
    return True
