"""What the conversation tells the other party (notifications): who, what kind and where,
never the content. Called by the services in their transaction."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from aktiv.notifications.models import Kind
from aktiv.notifications.services import notify
from aktiv.people.models import Person

from .models import AgreedAction, ConversationRecord, Evaluation, FollowUp


def other_party(record: ConversationRecord, actor: Person) -> Person:
    return record.leader if actor.pk == record.employee_id else record.employee


def goal_changed(record: ConversationRecord, goal_uuid: object, actor: Person, kind: Kind) -> None:
    notify(
        person=other_party(record, actor),
        kind=kind,
        url=reverse("conversations:record_goals", args=[record.uuid]),
        actor=actor,
        subject=goal_uuid,  # type: ignore[arg-type]
    )


def follow_up_changed(follow_up: FollowUp, actor: Person, kind: Kind) -> None:
    notify(
        person=other_party(follow_up.record, actor),
        kind=kind,
        url=follow_up.get_absolute_url(),
        actor=actor,
        subject=follow_up.uuid,
    )


def action_assigned(action: AgreedAction, actor: Person) -> None:
    notify(
        person=action.owner,
        kind=Kind.ACTION_ASSIGNED,
        url=_action_url(action),
        actor=actor,
        subject=action.uuid,
    )


def evaluation_submitted(evaluation: Evaluation, actor: Person) -> None:
    record = evaluation.record
    url = evaluation.get_absolute_url()
    notify(
        person=other_party(record, actor),
        kind=Kind.EVALUATION_SUBMITTED,
        url=url,
        actor=actor,
        subject=record.uuid,
    )
    if evaluation.both_submitted:
        for person in (record.employee, record.leader):
            notify(
                person=person,
                kind=Kind.EVALUATION_TO_CONFIRM,
                url=url + "#bekreft",
                subject=record.uuid,
                once_key=f"confirm:{evaluation.uuid}",
            )


def _action_url(action: AgreedAction) -> str:
    if action.follow_up is not None:
        return action.follow_up.get_absolute_url()
    return action.record.get_absolute_url()


def actions_sweep() -> int:
    """Each open action of a live pair is told to its owner once when its due date is at
    most two days away, and once when it is overdue. Returns how many were made."""
    today = timezone.localdate()
    live = AgreedAction.objects.live().select_related("owner", "follow_up", "record")
    soon = live.open().filter(due_on__gt=today, due_on__lte=today + timedelta(days=2))
    # Not every action overdue since the period began: a week back is enough to catch a
    # worker that was down.
    overdue = live.overdue(today).filter(due_on__gte=today - timedelta(days=7))
    made = 0
    for kind, prefix, actions in (
        (Kind.ACTION_DUE_SOON, "due", soon),
        (Kind.ACTION_OVERDUE, "overdue", overdue),
    ):
        for action in actions:
            key = f"{prefix}:{action.uuid}"
            url = _action_url(action)
            if notify(person=action.owner, kind=kind, url=url, subject=action.uuid, once_key=key):
                made += 1
    return made
