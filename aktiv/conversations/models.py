"""The employee conversation (seed 003, PRODUCT.md 2.3): a period, and for each
leader–employee pair one record that holds the three phases of that year.

Only the two people party to a record see its content. A change of leader starts a new
record with the new leader; the old one stays with the old pair."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Avg, Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.lib.dates import start_of_today
from aktiv.lib.memo import forget, per_request


class Role(models.TextChoices):
    """A party's side of a conversation record."""

    EMPLOYEE = "employee", _("Medarbeider")
    LEADER = "leader", _("Leder")


PERIOD_MEMO = "conversations.Period.current"


class PeriodQuerySet(models.QuerySet["Period"]):
    def current(self, today: date | None = None) -> Period | None:
        if today is None and not self.query.has_filters():
            # Several cards of one page ask for it: once a request (aktiv.lib.memo).
            return per_request((PERIOD_MEMO, self.db), lambda: self.current(timezone.localdate()))
        today = today or timezone.localdate()
        return self.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()


class Period(models.Model):
    """A year (by default) of goals, follow-ups and evaluation, set up by HR."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=100)
    starts_on = models.DateField(_("starter"))
    ends_on = models.DateField(_("slutter"))
    followup_interval_months = models.PositiveSmallIntegerField(
        _("oppfølging hver … måned"), default=1
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("påminnelse om forberedelse, dager før"), default=3
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("periode")
        verbose_name_plural = _("perioder")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(followup_interval_months__gte=1, followup_interval_months__lte=12),
                name="period_interval_1_to_12",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        forget((PERIOD_MEMO, self._state.db))

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        db = self._state.db
        deleted = super().delete(*args, **kwargs)
        forget((PERIOD_MEMO, db))
        return deleted

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class RecordQuerySet(models.QuerySet["ConversationRecord"]):
    def visible_to(self, viewer: Any) -> RecordQuerySet:
        """The employee's own records, every one (older pairs' as read-only history), and the
        records a leader is party to while the pair is live. A former leader keeps nothing,
        and a new leader inherits nothing: the pair, not the role, opens a record."""
        if not viewer.is_authenticated or not viewer.is_active:
            return self.none()
        return self.filter(Q(employee=viewer) | (Q(leader=viewer) & self.live_q()))

    @staticmethod
    def live_q(prefix: str = "") -> Q:
        """The pair still stands: the leader leads the employee, and both are active."""
        return Q(
            **{
                f"{prefix}employee__leader": models.F(f"{prefix}leader"),
                f"{prefix}employee__is_active": True,
                f"{prefix}leader__is_active": True,
            }
        )

    def live(self) -> RecordQuerySet:
        return self.filter(self.live_q())

    def as_leader(self, viewer: Any) -> RecordQuerySet:
        return self.visible_to(viewer).filter(leader=viewer)

    def as_employee(self, viewer: Any) -> RecordQuerySet:
        return self.visible_to(viewer).filter(employee=viewer)

    def with_progress(self) -> RecordQuerySet:
        """Counts of each record's goals, follow-ups and open actions, and the agreed goals'
        mean progress: one query for a list of records."""
        return self.annotate(
            agreed_goals=Count("goals", filter=Q(goals__state="agreed"), distinct=True),
            proposed_goals=Count("goals", filter=Q(goals__state="proposed"), distinct=True),
            progress=Avg("goals__progress", filter=Q(goals__state="agreed")),
            held=Count("follow_ups", filter=Q(follow_ups__status="held"), distinct=True),
            last_held=Max("follow_ups__held_at"),
            open_actions=Count("actions", filter=Q(actions__done_at__isnull=True), distinct=True),
        )


class ConversationRecord(models.Model):
    """One leader–employee pair in one period: phase 1 (goals in partnership), phase 2
    (follow-ups) and phase 3 (evaluation and learning)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="records")
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_records"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="led_conversation_records"
    )
    # Phase 1: what the two clarified together besides the goals.
    tasks_and_roles = models.TextField(
        _("viktigste oppgaver, ansvar og roller"), blank=True, max_length=10_000
    )
    expectations_note = models.TextField(_("forventninger"), blank=True, max_length=10_000)
    goal_conversation_held_on = models.DateField(_("målsamtale holdt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        ordering = ["-period__starts_on", "employee__full_name"]
        verbose_name = _("samtalemappe")
        verbose_name_plural = _("samtalemapper")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "employee", "leader"], name="record_one_per_pair_and_period"
            ),
            models.CheckConstraint(
                condition=~Q(employee=models.F("leader")), name="record_leader_is_not_employee"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.employee} / {self.leader}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:record", args=[self.uuid])

    def is_party(self, person: Any) -> bool:
        return person.pk in (self.employee_id, self.leader_id)

    def data_subject(self) -> Any:
        """The employee: a leader's reads of the record are logged for them to see."""
        return self.employee

    def role_of(self, person: Any) -> Role:
        """The party's side; callers have the record from a lookup scoped to its parties."""
        if person.pk == self.employee_id:
            return Role.EMPLOYEE
        if person.pk == self.leader_id:
            return Role.LEADER
        raise ValueError("not a party to this record")

    @property
    def is_current_pair(self) -> bool:
        """Whether the pair still stands (a new leader starts a new record): the leader leads
        the employee and both are active. Only a live pair's record can be written to, and
        only a live pair gets e-mail about it."""
        return (
            self.employee.leader_id == self.leader_id
            and self.employee.is_active
            and self.leader.is_active
        )


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def visible_to(self, viewer: Any) -> FollowUpQuerySet:
        return self.filter(record__in=ConversationRecord.objects.visible_to(viewer))

    def live(self) -> FollowUpQuerySet:
        """Follow-ups of pairs that still stand (not a former pair's history)."""
        return self.filter(RecordQuerySet.live_q("record__"))

    def upcoming(self) -> FollowUpQuerySet:
        """Planned from the start of today on, soonest first: the one meaning of "next
        follow-up" on every page, in reminders and for the agenda's carry-over."""
        return self.filter(
            status=FollowUp.Status.PLANNED, scheduled_at__gte=start_of_today()
        ).order_by("scheduled_at")

    def next_per_record(self) -> dict[int, FollowUp]:
        """Each record's next follow-up among these, in one query."""
        following: dict[int, FollowUp] = {}
        for follow_up in self.upcoming():
            following.setdefault(follow_up.record_id, follow_up)
        return following


class FollowUp(models.Model):
    """One structured follow-up (oppfølgingssamtale), by default monthly. The employee
    carries the preparation: the six questions of seed 003."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        HELD = "held", _("Gjennomført")
        CANCELLED = "cancelled", _("Avlyst")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(
        ConversationRecord, on_delete=models.CASCADE, related_name="follow_ups"
    )
    scheduled_at = models.DateTimeField(_("tidspunkt"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighet (minutter)"), default=45)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    # The employee's preparation: answers to the six questions, keyed q1..q6.
    preparation = models.JSONField(_("forberedelse"), default=dict, blank=True)
    prepared_at = models.DateTimeField(_("forberedelse klar"), null=True, blank=True)
    shared_notes = models.TextField(_("felles notater"), blank=True, max_length=20_000)
    leader_support = models.TextField(
        _("Hva kan jeg gjøre for at du skal lykkes?"), blank=True, max_length=10_000
    )
    held_at = models.DateTimeField(_("gjennomført"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    ready_notice_sent_at = models.DateTimeField(null=True, blank=True)
    # The calendar invitation's SEQUENCE (RFC 5545): raised on every move or cancellation,
    # so calendars replace the earlier invitation instead of keeping both.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_at"]
        verbose_name = _("oppfølgingssamtale")
        verbose_name_plural = _("oppfølgingssamtaler")
        indexes = [models.Index(fields=["status", "scheduled_at"])]

    def __str__(self) -> str:
        return f"{self.record.employee} {self.scheduled_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:follow_up", args=[self.uuid])

    def data_subject(self) -> Any:
        return self.record.employee

    @property
    def is_prepared(self) -> bool:
        return self.prepared_at is not None


class LeaderNote(models.Model):
    """The leader's private note on one follow-up. Not shown to anyone else in the product;
    included in the employee's data export, since the law gives them access to it."""

    follow_up = models.OneToOneField(FollowUp, on_delete=models.CASCADE, related_name="leader_note")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("private notater"), blank=True, max_length=20_000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lederens private notat")
        verbose_name_plural = _("lederens private notater")

    def __str__(self) -> str:
        return f"note {self.follow_up_id}"


class AgendaItem(models.Model):
    class Source(models.TextChoices):
        EMPLOYEE = "employee", _("Medarbeider")
        LEADER = "leader", _("Leder")
        REFLECTION = "reflection", _("Bestilt ledelse")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="agenda")
    source = models.CharField(max_length=12, choices=Source.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("sak"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("sak på agendaen")
        verbose_name_plural = _("saker på agendaen")

    def __str__(self) -> str:
        return self.text[:60]


class AgreedActionQuerySet(models.QuerySet["AgreedAction"]):
    def visible_to(self, viewer: Any) -> AgreedActionQuerySet:
        return self.filter(record__in=ConversationRecord.objects.visible_to(viewer))

    def live(self) -> AgreedActionQuerySet:
        """Actions of pairs that still stand (not a former pair's history)."""
        return self.filter(RecordQuerySet.live_q("record__"))

    def open(self) -> AgreedActionQuerySet:
        return self.filter(done_at__isnull=True)

    def overdue(self, today: date | None = None) -> AgreedActionQuerySet:
        """Not done, and the due date has passed (an action due today is not overdue yet)."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class AgreedAction(models.Model):
    """Something agreed in a conversation, with an owner and a due date; it stays on the
    agenda of each follow-up until done."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(ConversationRecord, on_delete=models.CASCADE, related_name="actions")
    follow_up = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.CharField(_("tiltak"), max_length=500)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="owned_actions"
    )
    due_on = models.DateField(_("frist"), null=True, blank=True)
    done_at = models.DateTimeField(_("fullført"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgreedActionQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "due_on", "created_at"]
        verbose_name = _("avtalt tiltak")
        verbose_name_plural = _("avtalte tiltak")

    def __str__(self) -> str:
        return self.text[:60]


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def visible_to(self, viewer: Any) -> EvaluationQuerySet:
        return self.filter(record__in=ConversationRecord.objects.visible_to(viewer))


class Evaluation(models.Model):
    """Phase 3, the evaluation and learning conversation (evaluerings- og læringssamtale):
    each agreed goal assessed by both, independently; what was achieved, learned and
    mobilised; then confirmed by both, after which it is read-only until both reopen it."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        WAITING = "waiting", _("Venter på den andre")
        SUBMITTED = "submitted", _("Begge har levert")
        CONFIRMED = "confirmed", _("Bekreftet av begge")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.OneToOneField(
        ConversationRecord, on_delete=models.CASCADE, related_name="evaluation"
    )
    held_on = models.DateField(_("samtalen ble holdt"), null=True, blank=True)
    results = models.TextField(_("Resultater og andre bidrag"), blank=True, max_length=10_000)
    learning = models.TextField(_("Hva har jeg lært?"), blank=True, max_length=10_000)
    competence_note = models.TextField(
        _("Kompetanse som er tatt i bruk eller utviklet"), blank=True, max_length=10_000
    )
    employee_submitted_at = models.DateTimeField(null=True, blank=True)
    leader_submitted_at = models.DateTimeField(null=True, blank=True)
    employee_confirmed_at = models.DateTimeField(null=True, blank=True)
    leader_confirmed_at = models.DateTimeField(null=True, blank=True)
    reopen_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluerings- og læringssamtale")
        verbose_name_plural = _("evaluerings- og læringssamtaler")

    def __str__(self) -> str:
        return f"{self.record}"

    def get_absolute_url(self) -> str:
        return reverse("conversations:evaluation", args=[self.record.uuid])

    def submitted_at(self, role: str) -> datetime | None:
        return self.employee_submitted_at if role == Role.EMPLOYEE else self.leader_submitted_at

    def confirmed_at(self, role: str) -> datetime | None:
        return self.employee_confirmed_at if role == Role.EMPLOYEE else self.leader_confirmed_at

    @property
    def both_submitted(self) -> bool:
        return self.employee_submitted_at is not None and self.leader_submitted_at is not None

    @property
    def is_confirmed(self) -> bool:
        """Confirmed by both: read-only until both agree to reopen it."""
        return self.employee_confirmed_at is not None and self.leader_confirmed_at is not None

    @property
    def status(self) -> str:
        if self.is_confirmed:
            return self.Status.CONFIRMED
        if self.both_submitted:
            return self.Status.SUBMITTED
        if self.employee_submitted_at or self.leader_submitted_at:
            return self.Status.WAITING
        return self.Status.NOT_STARTED


class GoalAssessmentQuerySet(models.QuerySet["GoalAssessment"]):
    def visible_to(self, viewer: Any) -> GoalAssessmentQuerySet:
        """A party's own assessments; the other party's only once both have submitted, so
        neither is swayed by the other's before writing their own."""
        records = ConversationRecord.objects.visible_to(viewer)
        own = Q(evaluation__record__employee=viewer, author_role=GoalAssessment.Role.EMPLOYEE) | Q(
            evaluation__record__leader=viewer, author_role=GoalAssessment.Role.LEADER
        )
        both = Q(
            evaluation__employee_submitted_at__isnull=False,
            evaluation__leader_submitted_at__isnull=False,
        )
        return self.filter(evaluation__record__in=records).filter(own | both)


class GoalAssessment(models.Model):
    """One party's assessment of one agreed personal goal."""

    Role = Role

    class Rating(models.TextChoices):
        ACHIEVED = "achieved", _("Oppnådd")
        PARTLY = "partly", _("Delvis oppnådd")
        NOT = "not", _("Ikke oppnådd")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assessments")
    goal = models.ForeignKey(
        "goals.PersonalGoal", on_delete=models.CASCADE, related_name="assessments"
    )
    author_role = models.CharField(max_length=10, choices=Role.choices)
    rating = models.CharField(_("vurdering"), max_length=10, choices=Rating.choices, blank=True)
    comment = models.TextField(_("kommentar"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GoalAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["goal__kind", "goal__created_at", "author_role"]
        verbose_name = _("vurdering av et mål")
        verbose_name_plural = _("vurderinger av mål")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "goal", "author_role"], name="assessment_one_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.author_role} {self.rating}"


class CalendarFeed(models.Model):
    """A person's calendar subscription (webcal/ICS): a secret address that works without
    signing in. Only the token's SHA-256 is stored, so the database alone opens no feed;
    renewing replaces it and revoking deletes it."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnement")

    def __str__(self) -> str:
        return f"{self.person}"
