"""What Min side shows: what to do next, where the person stands in the employee
conversation, and for a leader what waits from their team. Built here, read-only, each
through a query already limited to what the person may see."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.conversations.models import AgreedAction, ConversationRecord, FollowUp, Period
from aktiv.goals.models import PersonalGoal
from aktiv.insights import team
from aktiv.lib.dates import start_of_today
from aktiv.people.models import Person

STALE_AFTER_DAYS = 180


@dataclass(frozen=True)
class Suggestion:
    text: str
    url: str
    action: str


def suggestions(person: Person, latest: dict[str, Response], drafts: set[str]) -> list[Suggestion]:
    """What this person could do next, most useful first."""
    suggestions = []
    now = timezone.now()
    for instrument in definitions.available_to(is_leader=person.is_leader):
        url = reverse("assessments:instrument", args=[instrument.key])
        response = latest.get(instrument.key)
        if instrument.key in drafts:
            suggestions.append(
                Suggestion(
                    _("Du har et påbegynt utkast av «%(title)s».") % {"title": instrument.title},
                    url,
                    _("Fortsett"),
                )
            )
        elif response is None:
            suggestions.append(
                Suggestion(
                    _("Kartlegg deg selv med «%(title)s».") % {"title": instrument.title},
                    url,
                    _("Start"),
                )
            )
        elif not response.focus_areas.all():
            suggestions.append(
                Suggestion(
                    _("Velg utviklingsområder og styrker etter «%(title)s».")
                    % {"title": instrument.title},
                    response.get_absolute_url() + "#prosess",
                    _("Velg"),
                )
            )
        elif response.submitted_at and (now - response.submitted_at).days > STALE_AFTER_DAYS:
            suggestions.append(
                Suggestion(
                    _(
                        "Det er over et halvt år siden du tok «%(title)s». "
                        "Se hvordan du har utviklet deg."
                    )
                    % {"title": instrument.title},
                    url,
                    _("Ta på nytt"),
                )
            )
    return suggestions


@dataclass
class MyConversation:
    """The person's side of the employee conversation with their current leader."""

    record: ConversationRecord | None = None
    goals: list[PersonalGoal] = field(default_factory=list)  # agreed
    proposed: list[PersonalGoal] = field(default_factory=list)  # waiting for the leader
    drafts: list[PersonalGoal] = field(default_factory=list)
    next_follow_up: FollowUp | None = None
    # Open actions the person owns, in any live pair (as employee or as leader).
    actions: list[AgreedAction] = field(default_factory=list)
    # What the leader promised: their answers to "Hva kan jeg gjøre for at du skal lykkes?"
    # and the open actions they own on the person's record.
    support: list[FollowUp] = field(default_factory=list)
    leader_actions: list[AgreedAction] = field(default_factory=list)

    @property
    def leader_promised(self) -> bool:
        return bool(self.support or self.leader_actions)


SUPPORT_SHOWN = 3


def my_conversation(person: Person) -> MyConversation:
    """A fixed number of queries, however many goals, actions and follow-ups there are.

    The person's live records are read once through the scoped path; their follow-ups and
    goals are then read by those records' ids, so each is within what the person may see
    without compiling the scope's subquery again (most of a query's cost here is Django
    building it, not the database answering it)."""
    period = Period.objects.current()
    records = list(
        ConversationRecord.objects.as_employee(person).live().select_related("leader").order_by()
    )
    record = next((r for r in records if period and r.period_id == period.pk), None)
    conversation = MyConversation(record=record)
    start = start_of_today()
    follow_ups = list(FollowUp.objects.filter(record__in=records).order_by("scheduled_at"))
    conversation.next_follow_up = next(
        (f for f in follow_ups if f.status == FollowUp.Status.PLANNED and f.scheduled_at >= start),
        None,
    )
    leaders = Q(record=record, owner_id=record.leader_id) if record else Q(pk__in=[])
    for action in (
        AgreedAction.objects.visible_to(person)
        .live()
        .open()
        .filter(Q(owner=person) | leaders)
        .select_related("record__employee", "follow_up")
        .order_by(F("due_on").asc(nulls_last=True), "created_at")
    ):
        mine_to_do = action.owner_id == person.pk
        (conversation.actions if mine_to_do else conversation.leader_actions).append(action)
    if record is None:
        return conversation
    by_state: dict[str, list[PersonalGoal]] = {state: [] for state in PersonalGoal.State}
    for goal in PersonalGoal.objects.filter(record=record).order_by("kind"):
        by_state[goal.state].append(goal)
    conversation.goals = by_state[PersonalGoal.State.AGREED]
    conversation.proposed = by_state[PersonalGoal.State.PROPOSED]
    conversation.drafts = by_state[PersonalGoal.State.DRAFT]
    conversation.support = [
        f
        for f in reversed(follow_ups)
        if f.record_id == record.pk
        and f.status in (FollowUp.Status.PLANNED, FollowUp.Status.HELD)
        and f.leader_support != ""
    ][:SUPPORT_SHOWN]
    return conversation


@dataclass(frozen=True)
class TeamWaiting:
    kind: team.FlagKind
    count: int  # reports with this flag
    url: str  # the team page, filtered to them


# What waits on the leader from their team, in the team page's words and filters.
WAITING_KINDS = (team.GOALS_TO_APPROVE, team.PREPARATION_READY, team.EVALUATION_WAITING)


@dataclass(frozen=True)
class TeamSummary:
    waiting: list[TeamWaiting]
    attention: int  # reports with at least one urgent flag


def team_summary(leader: Person) -> TeamSummary:
    rows = team.team_rows(leader, list(leader.active_direct_reports()), with_shared=False)
    counts = dict(team.flag_counts(rows))
    url = reverse("team")
    waiting = [
        TeamWaiting(kind, counts[kind], f"{url}?flagg={kind.key}")
        for kind in WAITING_KINDS
        if counts[kind]
    ]
    attention = sum(any(flag.kind.tone == "alert" for flag in row.flags) for row in rows)
    return TeamSummary(waiting, attention)
