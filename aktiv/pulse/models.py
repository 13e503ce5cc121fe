"""The team pulse (PRODUCT.md 2.5): rounds HR schedules, anonymous answers, and the record
that a person has answered a round; and the sick-leave figures HR imports per unit.

Anonymous by construction (docs/privacy.md, "The team pulse"): an `Answer` has no person, no
time and no key shared with anything about a person, only the round, the unit the respondent
belonged to when they answered, and the values. `Participation` says only that a person
answered a round, so nobody answers twice; it shares no key with the answers. Both use random
UUIDs as primary keys (no sequence), and each submission rewrites its unit's answers of the
round in a random order (`services.pulse_submit`), so neither the order of the rows nor the
database's own row ids (SQLite's rowid, PostgreSQL's physical order) say which answer came
last."""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiv.people.models import Person, Unit


class RoundQuerySet(models.QuerySet["Round"]):
    def open_on(self, day: date) -> RoundQuerySet:
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def closed_before(self, day: date) -> RoundQuerySet:
        """Rounds whose answers are final: only these are ever shown as figures."""
        return self.filter(closes_on__lt=day)


class Round(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("navn"), max_length=200)
    pulse_version = models.PositiveSmallIntegerField(_("versjon av pulsen"), default=1)
    opens_on = models.DateField(_("åpner"))
    closes_on = models.DateField(_("stenger"))
    # None chosen: the whole organisation.
    units = models.ManyToManyField(
        Unit, blank=True, related_name="pulse_rounds", verbose_name=_("enheter")
    )
    invited_at = models.DateTimeField(_("invitasjon sendt"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    created_at = models.DateTimeField(_("opprettet"), default=timezone.now)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("pulsrunde")
        verbose_name_plural = _("pulsrunder")
        ordering = ["-closes_on", "-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="pulse_round_closes_after_it_opens",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_open(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on

    def is_closed(self, day: date) -> bool:
        return self.closes_on < day


class Participation(models.Model):
    """This person has answered this round. Nothing else: no time, no unit, no answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="pulse_participations"
    )

    class Meta:
        verbose_name = _("deltakelse i puls")
        verbose_name_plural = _("deltakelser i puls")
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="pulse_answered_once")
        ]

    def __str__(self) -> str:
        return str(self.round)


class Answer(models.Model):
    """One respondent's answers to one round: no person, no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    values = models.JSONField(default=dict)  # {item key: 1–5}

    class Meta:
        verbose_name = _("anonymt pulssvar")
        verbose_name_plural = _("anonyme pulssvar")

    def __str__(self) -> str:
        return str(self.round)


class SickLeave(models.Model):
    """Sick-leave figures for one unit and one month or quarter, as HR imported them."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="sick_leave")
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"))
    possible_days = models.DecimalField(_("mulige dagsverk"), max_digits=10, decimal_places=1)
    self_certified_days = models.DecimalField(
        _("tapte dagsverk, egenmeldt"), max_digits=10, decimal_places=1
    )
    doctor_certified_days = models.DecimalField(
        _("tapte dagsverk, legemeldt"), max_digits=10, decimal_places=1
    )
    # From the file when it has the column; the gate estimates it otherwise (results.people_in).
    head_count = models.PositiveIntegerField(_("antall ansatte"), null=True, blank=True)

    class Meta:
        verbose_name = _("sykefravær")
        verbose_name_plural = _("sykefravær")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "starts_on", "ends_on"], name="sick_leave_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.starts_on:%Y-%m}"


class Snapshot(models.Model):
    """The worker's computation of every closed round's and every quarter's sick-leave
    figures, through the gates over the whole unit tree, kept per unit so that a page reads
    the units it shows. `fingerprint` sums up what went in (the tree, the threshold, the
    closed rounds, the sick leave): a page uses the snapshot only while
    that is still what the database holds."""

    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("beregnede pulstall")
        verbose_name_plural = _("beregnede pulstall")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M}"


class SnapshotRow(models.Model):
    """One unit's (or, with no unit, the whole organisation's) figures in a snapshot: per
    round whether it is shown and its means; per quarter the helsenærvær line."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    unit = models.ForeignKey(Unit, null=True, on_delete=models.CASCADE, related_name="+")
    rounds = models.JSONField(default=dict)  # {round id: [shown, respondents, {driver: mean}]}
    health = models.JSONField(default=list)  # the lines of results.HealthLine, as lists

    class Meta:
        verbose_name = _("beregnede pulstall for en enhet")
        verbose_name_plural = _("beregnede pulstall for enheter")
        indexes = [models.Index(fields=["snapshot", "unit"])]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.unit_id}"
