"""The leader's team page (PRODUCT.md 2.4): one row per direct report with what needs the
leader's attention, most urgent first, each flag linking to where it is dealt with; each
report's goals, follow-ups and what they shared; and the team's anonymised self-assessment
figures. A fixed number of queries whatever the team's size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import fmean
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from aktiv.assessments import definitions
from aktiv.assessments.models import Response, ResponseShare
from aktiv.audit.models import AccessLogEntry
from aktiv.competence.models import CompetenceProfile
from aktiv.conversations.models import AgreedAction, ConversationRecord, FollowUp, Period
from aktiv.lib.anonymity import configured_threshold, gate
from aktiv.lib.dates import local_date
from aktiv.people.models import Person
from aktiv.reflections.models import Worksheet

from .figures import Window

# How long without a held follow-up before a report is flagged (seed 003: monthly by default).
NO_FOLLOW_UP_AFTER = timedelta(weeks=6)
# A preparation not marked ready this close to the meeting is flagged.
PREPARATION_DUE = timedelta(days=2)
# Something shared this recently is new.
NEW_SHARE_DAYS = 14
# The evaluation belongs to the end of the period: not started this close to it is flagged.
EVALUATION_DUE = timedelta(weeks=8)


@dataclass(frozen=True)
class SharedItem:
    title: str
    url: str
    when: datetime | None
    when_word: str  # "levert", "ferdig" or "endret", before the date
    shared_at: datetime | None = None


@dataclass(frozen=True)
class FlagKind:
    """One reason a report needs the leader's attention; `key` is its filter in the URL."""

    key: str
    label: str | Promise
    tone: str  # the flag's colour: "alert" (behind), "waiting" (the leader's turn) or "info"


NO_FOLLOW_UP = FlagKind("ingen-oppfolging", gettext_lazy("Ingen oppfølging på seks uker"), "alert")
NOT_PLANNED = FlagKind("ikke-planlagt", gettext_lazy("Ingen oppfølging planlagt"), "alert")
NOT_PREPARED = FlagKind("ikke-forberedt", gettext_lazy("Forberedelsen er ikke klar"), "alert")
OVERDUE = FlagKind("tiltak-over-fristen", gettext_lazy("Tiltak over fristen"), "alert")
GOALS_TO_APPROVE = FlagKind("mal-til-godkjenning", gettext_lazy("Mål til godkjenning"), "waiting")
EVALUATION_WAITING = FlagKind(
    "evaluering-venter", gettext_lazy("Evalueringen venter på deg"), "waiting"
)
EVALUATION_NOT_STARTED = FlagKind(
    "evaluering-ikke-startet", gettext_lazy("Evalueringen er ikke startet"), "waiting"
)
PREPARATION_READY = FlagKind("forberedelse-klar", gettext_lazy("Forberedelse klar"), "waiting")
NEW_SHARE = FlagKind("nylig-delt", gettext_lazy("Nylig delt med deg"), "info")

# Most urgent first: the order of the filters, of a row's flags and of the rows.
FLAG_KINDS = (
    NO_FOLLOW_UP,
    NOT_PLANNED,
    NOT_PREPARED,
    OVERDUE,
    GOALS_TO_APPROVE,
    EVALUATION_WAITING,
    EVALUATION_NOT_STARTED,
    PREPARATION_READY,
    NEW_SHARE,
)
FLAGS_BY_KEY = {kind.key: kind for kind in FLAG_KINDS}


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    text: str
    url: str  # where the leader deals with it


@dataclass(frozen=True)
class RecordStatus:
    """The counts and dates `_records` annotates on a record, typed."""

    agreed_goals: int
    proposed_goals: int
    progress: float | None
    last_held: datetime | None
    employee_submitted: datetime | None
    leader_submitted: datetime | None
    employee_confirmed: datetime | None
    leader_confirmed: datetime | None

    @classmethod
    def of(cls, record: ConversationRecord) -> RecordStatus:
        def annotated(name: str) -> Any:
            return getattr(record, name)

        return cls(
            agreed_goals=annotated("agreed_goals"),
            proposed_goals=annotated("proposed_goals"),
            progress=annotated("progress"),
            last_held=annotated("last_held"),
            employee_submitted=annotated("evaluation_employee_submitted"),
            leader_submitted=annotated("evaluation_leader_submitted"),
            employee_confirmed=annotated("evaluation_employee_confirmed"),
            leader_confirmed=annotated("evaluation_leader_confirmed"),
        )

    @property
    def evaluation(self) -> str:
        if self.employee_confirmed and self.leader_confirmed:
            return _("bekreftet av begge")
        if self.employee_submitted and self.leader_submitted:
            return _("vurdert av begge")
        if self.employee_submitted or self.leader_submitted:
            return _("påbegynt")
        return _("ikke startet")


@dataclass
class ReportRow:
    person: Person
    shared: list[SharedItem] = field(default_factory=list)
    record: ConversationRecord | None = None
    status: RecordStatus | None = None
    next_follow_up: FollowUp | None = None
    flags: list[Flag] = field(default_factory=list)

    def has(self, kind: FlagKind) -> bool:
        return any(flag.kind == kind for flag in self.flags)

    def urgency(self) -> tuple[int, ...]:
        """Rows compare by their most urgent flag, then the next: more flags of the same
        urgency come first, and a row without flags comes last."""
        ranks = sorted(FLAG_KINDS.index(flag.kind) for flag in self.flags)
        return (*ranks, len(FLAG_KINDS))


@dataclass(frozen=True)
class TeamFigure:
    instrument: definitions.Instrument
    respondents: int
    shown: bool
    means: list[tuple[definitions.Dimension, float]]


def _shared(leader: Person) -> dict[int, list[SharedItem]]:
    shared: dict[int, list[SharedItem]] = defaultdict(list)
    for response in Response.objects.shared_with_leader(leader):
        shared[response.person_id].append(
            SharedItem(
                response.instrument.title,
                response.get_absolute_url(),
                response.submitted_at,
                _("levert"),
                response.shared_at,
            )
        )
    for profile in CompetenceProfile.objects.shared_with_leader(leader):
        shared[profile.person_id].append(
            SharedItem(
                _("Kompetanseprofil"),
                profile.get_absolute_url(),
                profile.updated_at,
                _("endret"),
                profile.shared_at,
            )
        )
    for sheet in Worksheet.objects.shared_with_leader(leader):
        shared[sheet.person_id].append(
            SharedItem(
                sheet.tool.title,
                sheet.get_absolute_url(),
                sheet.completed_at,
                _("ferdig"),
                sheet.shared_at,
            )
        )
    for items in shared.values():
        items.sort(key=lambda item: item.when.timestamp() if item.when else 0, reverse=True)
    return shared


def _records(
    leader: Person, reports: list[Person], period: Period
) -> dict[int, ConversationRecord]:
    records = (
        ConversationRecord.objects.as_leader(leader)
        .filter(period=period, employee__in=reports)
        .select_related("period")
        .with_progress()
        .annotate(
            evaluation_employee_confirmed=F("evaluation__employee_confirmed_at"),
            evaluation_leader_confirmed=F("evaluation__leader_confirmed_at"),
            evaluation_employee_submitted=F("evaluation__employee_submitted_at"),
            evaluation_leader_submitted=F("evaluation__leader_submitted_at"),
        )
    )
    return {record.employee_id: record for record in records}


def _overdue(records: list[ConversationRecord]) -> dict[int, list[AgreedAction]]:
    """Each record's overdue actions, the longest overdue first."""
    overdue: dict[int, list[AgreedAction]] = defaultdict(list)
    for action in (
        AgreedAction.objects.filter(record__in=records)
        .overdue()
        .select_related("follow_up")
        .order_by("due_on", "created_at")
    ):
        overdue[action.record_id].append(action)
    return overdue


def _day(moment: datetime | date) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return local_date(moment, "j. F")


@dataclass(frozen=True)
class _Facts:
    """What the flags of one row are decided from."""

    record: ConversationRecord
    status: RecordStatus
    next_follow_up: FollowUp | None
    overdue: list[AgreedAction]
    now: datetime


def _follow_up_flags(facts: _Facts) -> list[Flag]:
    record, following, now = facts.record, facts.next_follow_up, facts.now
    last_held = facts.status.last_held
    plan = reverse("conversations:follow_ups_plan", args=[record.uuid])
    flags = []
    # Counted from the period's start when none is held yet: a pair with no follow-up all
    # year is the first thing the leader should see.
    since = last_held or timezone.make_aware(
        datetime.combine(record.period.starts_on, datetime.min.time())
    )
    if now - since > NO_FOLLOW_UP_AFTER:
        text = (
            _("Ingen oppfølging holdt siden %(day)s") % {"day": _day(last_held)}
            if last_held
            else _("Ingen oppfølging holdt i perioden")
        )
        flags.append(Flag(NO_FOLLOW_UP, text, following.get_absolute_url() if following else plan))
    if following is None:
        flags.append(Flag(NOT_PLANNED, _("Ingen oppfølging planlagt"), plan))
        return flags
    preparation = following.get_absolute_url() + "#forberedelse"
    day = {"day": _day(following.scheduled_at)}
    if following.is_prepared:
        flags.append(Flag(PREPARATION_READY, _("Forberedelse klar til %(day)s") % day, preparation))
    elif following.scheduled_at - now <= PREPARATION_DUE:
        flags.append(Flag(NOT_PREPARED, _("Ikke forberedt til %(day)s") % day, preparation))
    return flags


def _action_flags(facts: _Facts) -> list[Flag]:
    if not facts.overdue:
        return []
    oldest = facts.overdue[0]
    url = (
        oldest.follow_up.get_absolute_url() + "#tiltak"
        if oldest.follow_up
        else facts.record.get_absolute_url() + "#tiltak"
    )
    count = len(facts.overdue)
    text = ngettext("%(count)d tiltak over fristen", "%(count)d tiltak over fristen", count) % {
        "count": count
    }
    return [Flag(OVERDUE, text, url)]


def _goal_and_evaluation_flags(facts: _Facts) -> list[Flag]:
    record, status, flags = facts.record, facts.status, []
    if status.proposed_goals:
        count = status.proposed_goals
        text = ngettext("%(count)d mål til godkjenning", "%(count)d mål til godkjenning", count) % {
            "count": count
        }
        url = reverse("conversations:record_goals", args=[record.uuid]) + "#mal"
        flags.append(Flag(GOALS_TO_APPROVE, text, url))
    evaluation = reverse("conversations:evaluation", args=[record.uuid])
    employee, leader = status.employee_submitted, status.leader_submitted
    if employee and not leader:
        flags.append(
            Flag(EVALUATION_WAITING, _("Evalueringen venter på vurderingen din"), evaluation)
        )
    elif employee and leader and not status.leader_confirmed:
        flags.append(
            Flag(EVALUATION_WAITING, _("Evalueringen venter på bekreftelsen din"), evaluation)
        )
    elif not employee and not leader:
        ends = timezone.make_aware(datetime.combine(record.period.ends_on, datetime.max.time()))
        if ends - facts.now <= EVALUATION_DUE:
            flags.append(
                Flag(EVALUATION_NOT_STARTED, _("Evalueringen er ikke startet"), evaluation)
            )
    return flags


def _share_flags(shared: list[SharedItem], now: datetime) -> list[Flag]:
    new = [
        item
        for item in shared
        if item.shared_at and now - item.shared_at <= timedelta(days=NEW_SHARE_DAYS)
    ]
    if not new:
        return []
    newest = max(new, key=lambda item: item.shared_at or now)
    text = (
        _("Nylig delt med deg: %(title)s") % {"title": newest.title}
        if len(new) == 1
        else _("%(count)d nylig delt med deg") % {"count": len(new)}
    )
    return [Flag(NEW_SHARE, text, newest.url)]


def team_rows(
    leader: Person, reports: list[Person], *, with_shared: bool = True
) -> list[ReportRow]:
    """One row per report, the most urgent first (then by name). Without `with_shared`, the
    rows leave out what each report has shared (and so the "Nylig delt" flag): Min side's
    summary counts only what waits on the leader and what is behind, and reading three kinds
    of shared items was a third of its time."""
    now = timezone.now()
    shared = _shared(leader) if with_shared else {}
    period = Period.objects.current()
    records = _records(leader, reports, period) if period else {}
    overdue = _overdue(list(records.values()))
    following = FollowUp.objects.filter(record__in=list(records.values())).next_per_record()
    rows = []
    for report in reports:
        row = ReportRow(person=report, shared=shared.get(report.pk, []))
        record = records.get(report.pk)
        if record is not None:
            row.record, row.status = record, RecordStatus.of(record)
            row.next_follow_up = following.get(record.pk)
            facts = _Facts(record, row.status, row.next_follow_up, overdue.get(record.pk, []), now)
            row.flags += _follow_up_flags(facts)
            row.flags += _action_flags(facts)
            row.flags += _goal_and_evaluation_flags(facts)
        row.flags += _share_flags(row.shared, now)
        row.flags.sort(key=lambda flag: FLAG_KINDS.index(flag.kind))
        rows.append(row)
    rows.sort(key=lambda row: (row.urgency(), row.person.full_name))
    return rows


def flag_counts(rows: list[ReportRow]) -> list[tuple[FlagKind, int]]:
    """How many reports carry each flag, in order of urgency."""
    counts = Counter(flag.kind.key for row in rows for flag in row.flags)
    return [(kind, counts[kind.key]) for kind in FLAG_KINDS]


def team_figures(leader: Person, quarter: Window) -> list[TeamFigure]:
    """Each everyone-instrument's dimension means over the latest responses submitted in a
    closed quarter by the people the leader led when they answered (a later move changes no
    figure). Shown when at least the threshold answered, and when the respondents the leader
    cannot already see one by one (their response not shared with the leader) are none or at
    least the threshold: otherwise the shared answers could be subtracted from the mean."""
    k = configured_threshold()
    instruments = definitions.available_to(is_leader=False)
    start, end = quarter.bounds()
    latest: dict[tuple[int, str], Response] = {}
    for response in (
        Response.objects.submitted()
        .filter(
            leader_at_submission=leader,
            instrument_key__in=[i.key for i in instruments],
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .order_by("person_id", "instrument_key", "-submitted_at")
        .prefetch_related("answers")
    ):
        latest.setdefault((response.person_id, response.instrument_key), response)
    # Seen: what the leader can read now, could read once (shared, then withdrawn or the
    # person moved to another leader), or has read: hiding the figure while 1 to k-1 are
    # unseen must not end when a share does.
    seen = set(Response.objects.shared_with_leader(leader).values_list("pk", flat=True))
    seen |= set(ResponseShare.objects.filter(leader=leader).values_list("response_id", flat=True))
    read = set(
        AccessLogEntry.objects.filter(
            actor=leader,
            action=AccessLogEntry.Action.READ,
            object_uuid__in=[response.uuid for response in latest.values()],
        ).values_list("object_uuid", flat=True)
    )
    seen |= {response.pk for response in latest.values() if response.uuid in read}
    figures = []
    for instrument in instruments:
        responses = [r for (_, key), r in latest.items() if key == instrument.key]
        respondents = {r.person_id for r in responses}
        unseen = {r.person_id for r in responses if r.pk not in seen}
        allowed = gate({"team": None}, {"team": respondents}, k).allows("team") and (
            not unseen or gate({"unseen": None}, {"unseen": unseen}, k).allows("unseen")
        )
        means = []
        if allowed:
            per_person = [instrument.dimension_means(r.answers_by_item()) for r in responses]
            for dimension in instrument.dimensions:
                values = [v for m in per_person if (v := m[dimension.key]) is not None]
                if values:
                    means.append((dimension, fmean(values)))
        figures.append(TeamFigure(instrument, len(respondents), allowed, means))
    return figures
