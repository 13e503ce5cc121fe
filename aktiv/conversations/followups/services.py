"""Phase 2 writes: planning, moving and holding follow-ups, the employee's preparation, the
agenda, notes and agreed actions. Each function checks who acts and what is allowed, then
saves in one transaction; a refusal raises ValidationError and changes nothing.

E-mails are enqueued inside the same transaction: with the database task backend the queued
task commits, or rolls back, together with the change it is about."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.lib.dates import months_between, next_working_day, same_weekday_months_later
from aktiv.notifications.models import Kind
from aktiv.people.models import Person
from aktiv.reflections.models import PendingAgendaItem

from .. import notices, rules, tasks
from ..models import AgendaItem, AgreedAction, ConversationRecord, FollowUp, LeaderNote
from ..services import MAX_PERIOD_YEARS
from .questions import KEYS

DURATIONS = (15, 30, 45, 60, 75, 90, 120)
LOCATION_MAX = 200
ANSWER_MAX = 5000
AGENDA_TEXT_MAX = 2000
ACTION_TEXT_MAX = 500
NOTES_MAX = 20_000
SUPPORT_MAX = 10_000


# Checks -----------------------------------------------------------------------------------


def _require_planned(follow_up: FollowUp) -> None:
    if follow_up.status == FollowUp.Status.HELD:
        raise ValidationError(_("Samtalen er allerede gjennomført."))
    if follow_up.status == FollowUp.Status.CANCELLED:
        raise ValidationError(_("Samtalen er avlyst."))


def _require_not_cancelled(follow_up: FollowUp) -> None:
    if follow_up.status == FollowUp.Status.CANCELLED:
        raise ValidationError(_("Samtalen er avlyst."))


def _check_time(record: ConversationRecord, scheduled_at: datetime) -> None:
    """A meeting lies ahead, and inside the record's period."""
    if scheduled_at <= timezone.now():
        raise ValidationError(_("Tidspunktet har allerede vært. Velg et tidspunkt fram i tid."))
    rules.require_in_period(
        record,
        timezone.localtime(scheduled_at).date(),
        message=_("Velg et tidspunkt i perioden «%(name)s», fra %(start)s til %(end)s."),
    )


def _check_due(record: ConversationRecord, due_on: date) -> None:
    """A due date lies from today on, and inside the record's period."""
    if due_on < timezone.localdate():
        raise ValidationError(
            {"due_on": _("Fristen har allerede vært. Velg en dato fra i dag av.")}
        )
    rules.require_in_period(
        record,
        due_on,
        field="due_on",
        message=_("Velg en frist i perioden «%(name)s», fra %(start)s til %(end)s."),
    )


def _check_details(duration_minutes: int, location: str) -> None:
    if duration_minutes not in DURATIONS:
        raise ValidationError(
            _("Velg en varighet: %(choices)s minutter.")
            % {"choices": ", ".join(str(d) for d in DURATIONS)}
        )
    if len(location) > LOCATION_MAX:
        raise ValidationError(_("Stedet kan ha høyst %(max)s tegn.") % {"max": LOCATION_MAX})


def _check_length(text: str, maximum: int) -> str:
    text = text.strip()
    if len(text) > maximum:
        raise ValidationError(_("Teksten kan ha høyst %(max)s tegn.") % {"max": maximum})
    return text


def _check_text(text: str, maximum: int, empty_message: str) -> str:
    text = _check_length(text, maximum)
    if not text:
        raise ValidationError(empty_message)
    return text


# Scheduling -------------------------------------------------------------------------------


def _planned_days(record: ConversationRecord) -> set[date]:
    return {
        timezone.localtime(moment).date()
        for moment in record.follow_ups.exclude(status=FollowUp.Status.CANCELLED).values_list(
            "scheduled_at", flat=True
        )
    }


@transaction.atomic
def follow_ups_plan(
    *,
    record: ConversationRecord,
    first_at: datetime,
    actor: Person,
    duration_minutes: int = 45,
    location: str = "",
) -> list[FollowUp]:
    """Follow-ups in the period's rhythm from `first_at` until the period ends, skipping
    days that already have one. Returns the new ones (none when every day was taken).

    The series is counted before it is made: one meeting every `followup_interval_months`
    from the first one's month to the period's last (and never beyond MAX_PERIOD_YEARS, also
    for a period stored before periods were bounded), so no end date plans thousands."""
    rules.require_party(record, actor)
    _check_time(record, first_at)
    _check_details(duration_minutes, location)
    taken = _planned_days(record)
    period, step = record.period, record.period.followup_interval_months
    months = months_between(timezone.localtime(first_at).date(), period.ends_on)
    planned = []
    for n in range(min(months, 12 * MAX_PERIOD_YEARS) // step + 1):
        # The leader's weekday and time each month, on the next working day when that one
        # is a weekend day or a holiday.
        moment = next_working_day(same_weekday_months_later(first_at, n * step))
        day = timezone.localtime(moment).date()
        if day > period.ends_on:
            break
        if day in taken:
            continue
        planned.append(
            FollowUp.objects.create(
                record=record,
                scheduled_at=moment,
                duration_minutes=duration_minutes,
                location=location.strip(),
            )
        )
    for follow_up in planned:
        tasks.send_invitation.enqueue(str(follow_up.uuid))
    if planned:
        notices.follow_up_changed(planned[0], actor, Kind.FOLLOW_UP_PLANNED)
    return planned


@transaction.atomic
def follow_up_add(
    *,
    record: ConversationRecord,
    scheduled_at: datetime,
    duration_minutes: int,
    location: str,
    actor: Person,
) -> FollowUp:
    """One extra follow-up, outside the rhythm."""
    rules.require_party(record, actor)
    _check_time(record, scheduled_at)
    _check_details(duration_minutes, location)
    if record.follow_ups.filter(scheduled_at=scheduled_at, status=FollowUp.Status.PLANNED).exists():
        raise ValidationError(_("Det er allerede planlagt en samtale på dette tidspunktet."))
    follow_up = FollowUp.objects.create(
        record=record,
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        location=location.strip(),
    )
    tasks.send_invitation.enqueue(str(follow_up.uuid))
    notices.follow_up_changed(follow_up, actor, Kind.FOLLOW_UP_PLANNED)
    return follow_up


@transaction.atomic
def follow_up_move(
    *,
    follow_up: FollowUp,
    scheduled_at: datetime,
    duration_minutes: int,
    location: str,
    actor: Person,
) -> bool:
    """New time, duration or place; both get an updated invitation. Returns whether
    anything changed."""
    record = follow_up.record
    rules.require_party(record, actor)
    _require_planned(follow_up)
    _check_details(duration_minutes, location)
    location = location.strip()
    unchanged = (follow_up.scheduled_at, follow_up.duration_minutes, follow_up.location) == (
        scheduled_at,
        duration_minutes,
        location,
    )
    if unchanged:
        return False
    if scheduled_at != follow_up.scheduled_at:
        _check_time(record, scheduled_at)
        # The reminder to prepare belongs to the new time.
        follow_up.reminder_sent_at = None
    follow_up.scheduled_at = scheduled_at
    follow_up.duration_minutes = duration_minutes
    follow_up.location = location
    follow_up.sequence += 1
    follow_up.save(
        update_fields=[
            "scheduled_at",
            "duration_minutes",
            "location",
            "sequence",
            "reminder_sent_at",
            "updated_at",
        ]
    )
    tasks.send_invitation.enqueue(str(follow_up.uuid))
    notices.follow_up_changed(follow_up, actor, Kind.FOLLOW_UP_MOVED)
    return True


def next_planned(record: ConversationRecord) -> FollowUp | None:
    return record.follow_ups.upcoming().first()


@transaction.atomic
def follow_up_cancel(*, follow_up: FollowUp, actor: Person) -> FollowUp | None:
    """Cancel; calendars get a cancellation. The agenda moves on to the next planned
    follow-up, which is returned (None when there is none and the points stay here)."""
    record = follow_up.record
    rules.require_party(record, actor)
    _require_planned(follow_up)
    follow_up.status = FollowUp.Status.CANCELLED
    follow_up.sequence += 1
    follow_up.save(update_fields=["status", "sequence", "updated_at"])
    successor = next_planned(record)
    if successor is not None:
        follow_up.agenda.update(follow_up=successor)
    tasks.send_cancellation.enqueue(str(follow_up.uuid))
    notices.follow_up_changed(follow_up, actor, Kind.FOLLOW_UP_CANCELLED)
    return successor


@transaction.atomic
def follow_up_hold(*, follow_up: FollowUp, actor: Person) -> None:
    rules.require_party(follow_up.record, actor)
    _require_planned(follow_up)
    agenda_collect_pending(follow_up=follow_up)
    follow_up.status = FollowUp.Status.HELD
    follow_up.held_at = timezone.now()
    follow_up.save(update_fields=["status", "held_at", "updated_at"])


# Preparation ------------------------------------------------------------------------------


@transaction.atomic
def follow_up_prepare(
    *, follow_up: FollowUp, answers: dict[str, str], ready: bool, actor: Person
) -> None:
    """The employee's answers to the six questions, as a draft or marked ready ("klar").
    The first time it is marked ready, the leader is told by e-mail."""
    rules.require_employee(follow_up.record, actor, _("Bare medarbeideren forbereder samtalen."))
    _require_planned(follow_up)
    if unknown := set(answers) - set(KEYS):
        raise ValidationError(
            _("Ukjente spørsmål i forberedelsen: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    cleaned = {key: answers.get(key, "").strip() for key in KEYS}
    if any(len(text) > ANSWER_MAX for text in cleaned.values()):
        raise ValidationError(_("Hvert svar kan ha høyst %(max)s tegn.") % {"max": ANSWER_MAX})
    if ready and not any(cleaned.values()):
        raise ValidationError(
            _("Svar på minst ett av spørsmålene før du markerer forberedelsen som klar.")
        )
    agenda_collect_pending(follow_up=follow_up)
    follow_up.preparation = {key: text for key, text in cleaned.items() if text}
    fields = ["preparation", "updated_at"]
    newly_ready = ready and follow_up.prepared_at is None
    if newly_ready:
        follow_up.prepared_at = timezone.now()
        fields.append("prepared_at")
    follow_up.save(update_fields=fields)
    if newly_ready:
        tasks.send_ready_notice.enqueue(str(follow_up.uuid))
        notices.follow_up_changed(follow_up, actor, Kind.PREPARATION_READY)


# Agenda -----------------------------------------------------------------------------------


def agenda_collect_pending(*, follow_up: FollowUp) -> int:
    """Take the employee's pending "bestille ledelse" items onto their next planned
    follow-up with their current leader, once: each is marked handled as it moves. Returns
    how many moved."""
    record = follow_up.record
    if follow_up.status != FollowUp.Status.PLANNED or not record.is_current_pair:
        return 0
    pending = PendingAgendaItem.pending_for(record.employee)
    if not pending.exists():  # the common case costs a read, not a write transaction
        return 0
    with transaction.atomic():
        upcoming = next_planned(record)
        if upcoming is None or upcoming.pk != follow_up.pk:
            return 0
        items = list(pending.select_for_update().order_by("created_at"))
        AgendaItem.objects.bulk_create(
            AgendaItem(
                follow_up=follow_up,
                source=AgendaItem.Source.REFLECTION,
                added_by_id=record.employee_id,
                text=item.text,
            )
            for item in items
        )
        PendingAgendaItem.objects.filter(
            pk__in=[item.pk for item in items], handled_at__isnull=True
        ).update(handled_at=timezone.now())
    return len(items)


@transaction.atomic
def agenda_item_add(*, follow_up: FollowUp, text: str, actor: Person) -> AgendaItem:
    record = follow_up.record
    rules.require_party(record, actor)
    _require_planned(follow_up)
    text = _check_text(text, AGENDA_TEXT_MAX, _("Skriv hva du vil ta opp."))
    source = (
        AgendaItem.Source.EMPLOYEE if actor.pk == record.employee_id else AgendaItem.Source.LEADER
    )
    return AgendaItem.objects.create(follow_up=follow_up, source=source, added_by=actor, text=text)


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: Person) -> None:
    """The one who put a point on the agenda may take it off before the meeting."""
    rules.require_party(item.follow_up.record, actor)
    if item.added_by_id != actor.pk:
        raise ValidationError(_("Bare den som satte punktet på agendaen, kan fjerne det."))
    _require_planned(item.follow_up)
    item.delete()


# In the meeting ---------------------------------------------------------------------------


@transaction.atomic
def follow_up_notes_save(*, follow_up: FollowUp, shared_notes: str, actor: Person) -> None:
    rules.require_party(follow_up.record, actor)
    _require_not_cancelled(follow_up)
    follow_up.shared_notes = _check_length(shared_notes, NOTES_MAX)
    follow_up.save(update_fields=["shared_notes", "updated_at"])


@transaction.atomic
def follow_up_support_save(*, follow_up: FollowUp, text: str, actor: Person) -> None:
    """The leader's answer to "Hva kan jeg gjøre for at du skal lykkes?"."""
    rules.require_leader(follow_up.record, actor)
    _require_not_cancelled(follow_up)
    follow_up.leader_support = _check_length(text, SUPPORT_MAX)
    follow_up.save(update_fields=["leader_support", "updated_at"])


@transaction.atomic
def leader_note_save(*, follow_up: FollowUp, text: str, actor: Person) -> LeaderNote:
    """The leader's private note: shown to no one else in the product, but part of the
    employee's data export (PRODUCT.md section 3)."""
    rules.require_leader(follow_up.record, actor)
    note, _created = LeaderNote.objects.select_for_update().get_or_create(
        follow_up=follow_up, defaults={"author": actor}
    )
    note.text = _check_length(text, NOTES_MAX)
    note.author = actor
    note.save()
    return note


@transaction.atomic
def agreed_action_add(
    *,
    follow_up: FollowUp,
    text: str,
    owner: Person,
    due_on: date | None,
    actor: Person,
) -> AgreedAction:
    record = follow_up.record
    rules.require_party(record, actor)
    _require_not_cancelled(follow_up)
    if not record.is_party(owner):
        raise ValidationError(_("Tiltaket må eies av medarbeideren eller lederen."))
    text = _check_text(text, ACTION_TEXT_MAX, _("Skriv hva dere ble enige om."))
    if due_on is not None:
        _check_due(record, due_on)
    action = AgreedAction.objects.create(
        record=record,
        follow_up=follow_up,
        text=text,
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    notices.action_assigned(action, actor)
    return action


@transaction.atomic
def agreed_action_done(*, action: AgreedAction, done: bool, actor: Person) -> None:
    """Mark an agreed action done, or open it again."""
    rules.require_party(action.record, actor)
    if done == (action.done_at is not None):
        return
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])


def meeting_end(follow_up: FollowUp) -> datetime:
    return follow_up.scheduled_at + timedelta(minutes=follow_up.duration_minutes)
