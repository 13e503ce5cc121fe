"""Writes to one record's goal conversation (seed 003, phase 1: goals in partnership). Each
checks who may do it and validates first, then saves in one transaction, so a refused change
leaves nothing behind.

A personal goal moves draft → proposed → agreed. Only the employee writes its text and
proposes it; only the leader agrees it or sends it back with a comment. An agreed goal that
the employee edits is proposed again until the leader agrees the change. Every step is kept
as a PersonalGoalRevision, with a snapshot of the goal as it stood."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiv.audit.models import AccessLogEntry
from aktiv.audit.services import access_log
from aktiv.conversations.models import ConversationRecord
from aktiv.goals.models import Goal, PersonalGoal, PersonalGoalRevision
from aktiv.goals.services import check_title
from aktiv.lib.validation import check_lengths
from aktiv.notifications.models import Kind
from aktiv.people.models import Person

from .. import notices, rules

# Personal goals --------------------------------------------------------------------------


class Event:
    """What happened at a step in a personal goal's history (kept in the snapshot)."""

    CREATED = "created"
    EDITED = "edited"
    PROPOSED = "proposed"
    SENT_BACK = "sent_back"
    AGREED = "agreed"
    REVISED = "revised"
    PROGRESS = "progress"

    LABELS = {
        CREATED: gettext_lazy("skrev utkastet"),
        EDITED: gettext_lazy("endret forslaget"),
        PROPOSED: gettext_lazy("foreslo målet"),
        SENT_BACK: gettext_lazy("sendte målet tilbake"),
        AGREED: gettext_lazy("avtalte målet"),
        REVISED: gettext_lazy("foreslo en endring av det avtalte målet"),
        PROGRESS: gettext_lazy("satte framdriften"),
    }


# The parts of a goal the two agree on; a change to any of them needs the leader's agreement.
AGREED_FIELDS = ("kind", "title", "description", "success_measure", "serves")


def serves_choices(record: ConversationRecord) -> list[Goal]:
    """The goals a personal goal may serve: those the employee sees, in the record's period."""
    return list(
        Goal.objects.visible_to(record.employee)
        .filter(period=record.period_id)
        .select_related("unit")
        .order_by("level", "unit__name", "title")
    )


def personal_goal_snapshot(goal: PersonalGoal) -> dict[str, Any]:
    serves = goal.serves
    return {
        "kind": goal.kind,
        "title": goal.title,
        "description": goal.description,
        "success_measure": goal.success_measure,
        "serves": str(serves.uuid) if serves else None,
        "serves_title": serves.title if serves else "",
        "progress": goal.progress,
    }


def _record_step(goal: PersonalGoal, actor: Person, event: str, comment: str = "") -> None:
    PersonalGoalRevision.objects.create(
        goal=goal,
        state=goal.state,
        snapshot=personal_goal_snapshot(goal) | {"event": event},
        comment=comment,
        changed_by=actor,
    )
    # The leader acting on the employee's goal changes the employee's data: logged.
    access_log(
        actor=actor,
        subject=goal.record.employee,
        obj=goal,
        action=AccessLogEntry.Action.CHANGE,
    )


def _check_employee(record: ConversationRecord, actor: Person) -> None:
    rules.require_employee(
        record, actor, _("Bare medarbeideren skriver og foreslår sine egne mål.")
    )


def _check_leader(record: ConversationRecord, actor: Person) -> None:
    rules.require_leader(
        record, actor, _("Bare lederen kan avtale et mål eller sende det tilbake.")
    )


def _check_state(goal: PersonalGoal, *allowed: str) -> None:
    if goal.state not in allowed:
        raise ValidationError(
            _("Det går ikke nå: målet har status «%(state)s».")
            % {"state": goal.get_state_display()}
        )


def _apply_fields(goal: PersonalGoal, fields: dict[str, Any]) -> None:
    """Validate and set the employee's text and link."""
    kind = fields["kind"]
    if kind not in PersonalGoal.Kind.values:
        raise ValidationError(_("Velg om målet er faglig eller personlig."))
    title = check_title(fields["title"])
    description, measure = fields.get("description", ""), fields.get("success_measure", "")
    check_lengths(PersonalGoal, title=title, description=description, success_measure=measure)
    serves = fields.get("serves")
    if serves is not None and serves.pk not in {g.pk for g in serves_choices(goal.record)}:
        raise ValidationError(
            _(
                "Et mål kan bare tjene organisasjonens mål eller målene til din egen enhet "
                "i samme periode."
            )
        )
    goal.kind, goal.title, goal.description = kind, title, description
    goal.success_measure, goal.serves = measure, serves


@transaction.atomic
def personal_goal_create(
    *, record: ConversationRecord, actor: Person, propose: bool = False, **fields: Any
) -> PersonalGoal:
    """The employee drafts a goal (and proposes it at once if they want)."""
    _check_employee(record, actor)
    goal = PersonalGoal(record=record)
    _apply_fields(goal, fields)
    goal.save()
    _record_step(goal, actor, Event.CREATED)
    if propose:
        personal_goal_propose(goal=goal, actor=actor)
    return goal


@transaction.atomic
def personal_goal_edit(
    *, goal: PersonalGoal, actor: Person, propose: bool = False, **fields: Any
) -> PersonalGoal:
    """The employee changes a draft (and proposes it if they want), or a proposal the
    leader has not agreed yet."""
    _check_employee(goal.record, actor)
    _check_state(goal, PersonalGoal.State.DRAFT, PersonalGoal.State.PROPOSED)
    _apply_fields(goal, fields)
    goal.save()
    if goal.state == PersonalGoal.State.PROPOSED:
        _record_step(goal, actor, Event.EDITED)
    elif propose:
        personal_goal_propose(goal=goal, actor=actor)
    return goal


@transaction.atomic
def personal_goal_revise(*, goal: PersonalGoal, actor: Person, **fields: Any) -> PersonalGoal:
    """The employee changes an agreed goal: it is proposed again until the leader agrees."""
    _check_employee(goal.record, actor)
    _check_state(goal, PersonalGoal.State.AGREED)
    before = personal_goal_snapshot(goal)
    _apply_fields(goal, fields)
    if personal_goal_snapshot(goal) == before:
        raise ValidationError(_("Du har ikke endret noe i det avtalte målet."))
    goal.state = PersonalGoal.State.PROPOSED
    goal.save()
    _record_step(goal, actor, Event.REVISED)
    return goal


@transaction.atomic
def personal_goal_propose(*, goal: PersonalGoal, actor: Person) -> PersonalGoal:
    _check_employee(goal.record, actor)
    _check_state(goal, PersonalGoal.State.DRAFT)
    goal.state = PersonalGoal.State.PROPOSED
    goal.save()
    _record_step(goal, actor, Event.PROPOSED)
    notices.goal_changed(goal.record, goal.uuid, actor, Kind.GOAL_PROPOSED)
    return goal


@transaction.atomic
def personal_goal_agree(*, goal: PersonalGoal, actor: Person) -> PersonalGoal:
    _check_leader(goal.record, actor)
    _check_state(goal, PersonalGoal.State.PROPOSED)
    goal.state = PersonalGoal.State.AGREED
    goal.agreed_at = timezone.now()
    goal.leader_comment = ""
    goal.save()
    _record_step(goal, actor, Event.AGREED)
    notices.goal_changed(goal.record, goal.uuid, actor, Kind.GOAL_AGREED)
    return goal


@transaction.atomic
def personal_goal_send_back(*, goal: PersonalGoal, actor: Person, comment: str) -> PersonalGoal:
    """The leader returns a proposal to the employee's drafts, saying what to look at."""
    _check_leader(goal.record, actor)
    _check_state(goal, PersonalGoal.State.PROPOSED)
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Skriv en kommentar, så medarbeideren vet hva som bør endres."))
    check_lengths(PersonalGoal, leader_comment=comment)
    goal.state = PersonalGoal.State.DRAFT
    goal.leader_comment = comment
    goal.save()
    _record_step(goal, actor, Event.SENT_BACK, comment=comment)
    notices.goal_changed(goal.record, goal.uuid, actor, Kind.GOAL_SENT_BACK)
    return goal


@transaction.atomic
def personal_goal_progress(*, goal: PersonalGoal, actor: Person, progress: int) -> PersonalGoal:
    """Either party records how far an agreed goal has come."""
    rules.require_party(goal.record, actor, _("Bare de to i samtalen kan registrere framdrift."))
    _check_state(goal, PersonalGoal.State.AGREED)
    if not 0 <= progress <= 100:
        raise ValidationError(_("Framdriften må være et tall fra 0 til 100."))
    goal.progress = progress
    goal.save()
    _record_step(goal, actor, Event.PROGRESS)
    return goal


@transaction.atomic
def personal_goal_delete(*, goal: PersonalGoal, actor: Person) -> None:
    """The employee may throw away a goal that was never agreed; an agreed goal is part of
    what the two agreed, and stays."""
    _check_employee(goal.record, actor)
    if goal.agreed_at is not None:
        raise ValidationError(_("Et mål som har vært avtalt, kan ikke slettes."))
    goal.delete()


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


CHANGE_LABELS = {
    "kind": gettext_lazy("Type"),
    "title": gettext_lazy("Mål"),
    "description": gettext_lazy("Beskrivelse"),
    "success_measure": gettext_lazy("Slik ser vi framdrift"),
    "serves_title": gettext_lazy("Tjener målet"),
}


def personal_goal_changes(
    goal: PersonalGoal, revisions: list[PersonalGoalRevision]
) -> list[Change]:
    """What the employee has changed since the goal was last agreed (empty when it is
    agreed, or never was)."""
    if goal.state == PersonalGoal.State.AGREED:
        return []
    agreed = [r for r in revisions if r.snapshot.get("event") == Event.AGREED]
    if not agreed:
        return []
    before, now = agreed[-1].snapshot, personal_goal_snapshot(goal)
    kinds = dict(PersonalGoal.Kind.choices)
    changes = []
    for key, label in CHANGE_LABELS.items():
        old, new = before.get(key, ""), now.get(key, "")
        if key == "serves_title" and before.get("serves") == now.get("serves"):
            continue
        if old != new:
            if key == "kind":
                old, new = kinds.get(old, old), kinds.get(new, new)
            changes.append(Change(str(label), str(old), str(new)))
    return changes


# The goal conversation record (phase 1) ---------------------------------------------------


def _check_party(record: ConversationRecord, actor: Person) -> None:
    rules.require_party(record, actor, _("Bare de to i samtalen kan endre samtalemappen."))


@transaction.atomic
def record_notes_save(
    *, record: ConversationRecord, actor: Person, tasks_and_roles: str, expectations_note: str
) -> ConversationRecord:
    """What the two clarified besides the goals: tasks, responsibilities and roles, and
    expectations."""
    _check_party(record, actor)
    check_lengths(
        ConversationRecord, tasks_and_roles=tasks_and_roles, expectations_note=expectations_note
    )
    record.tasks_and_roles = tasks_and_roles
    record.expectations_note = expectations_note
    record.save(update_fields=["tasks_and_roles", "expectations_note", "updated_at"])
    return record


@transaction.atomic
def record_goal_conversation_held(
    *, record: ConversationRecord, actor: Person, held_on: date | None
) -> ConversationRecord:
    """Either party notes the day the goal conversation was held (or clears it)."""
    _check_party(record, actor)
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Datoen kan ikke være fram i tid.")})
    if held_on is not None:
        rules.require_in_period(record, held_on, field="held_on")
    # A queryset update leaves updated_at alone: it is the edit token of the notes, and
    # setting the date should not make the other party's open notes look stale.
    ConversationRecord.objects.filter(pk=record.pk).update(goal_conversation_held_on=held_on)
    record.goal_conversation_held_on = held_on
    return record
