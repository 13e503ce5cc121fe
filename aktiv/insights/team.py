"""The leader's team page (PRODUCT.md 2.4): each direct report's goals, follow-ups, actions
and what they shared, and the team's anonymised self-assessment figures. A fixed number of
queries whatever the team's size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import fmean

from django.db.models import F
from django.utils.translation import gettext as _

from aktiv.assessments import definitions
from aktiv.assessments.models import Response
from aktiv.competence.models import CompetenceProfile
from aktiv.conversations.models import ConversationRecord, FollowUp, Period
from aktiv.lib.anonymity import configured_threshold, gate
from aktiv.people.models import Person
from aktiv.reflections.models import Worksheet

from .figures import Window


@dataclass(frozen=True)
class SharedItem:
    title: str
    url: str
    when: datetime | None
    when_word: str  # "levert", "ferdig" or "endret", before the date


@dataclass
class ReportRow:
    person: Person
    shared: list[SharedItem] = field(default_factory=list)
    record: ConversationRecord | None = None
    next_follow_up: FollowUp | None = None


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
            )
        )
    for profile in CompetenceProfile.objects.shared_with_leader(leader):
        shared[profile.person_id].append(
            SharedItem(
                _("Kompetanseprofil"), profile.get_absolute_url(), profile.updated_at, _("endret")
            )
        )
    for sheet in Worksheet.objects.shared_with_leader(leader):
        shared[sheet.person_id].append(
            SharedItem(sheet.tool.title, sheet.get_absolute_url(), sheet.completed_at, _("ferdig"))
        )
    for items in shared.values():
        items.sort(key=lambda item: item.when.timestamp() if item.when else 0, reverse=True)
    return shared


def _records(leader: Person, reports: list[Person]) -> dict[int, ConversationRecord]:
    period = Period.objects.current()
    if period is None:
        return {}
    records = (
        ConversationRecord.objects.as_leader(leader)
        .filter(period=period, employee__in=reports)
        .with_progress()
        .annotate(
            evaluation_employee_confirmed=F("evaluation__employee_confirmed_at"),
            evaluation_leader_confirmed=F("evaluation__leader_confirmed_at"),
            evaluation_employee_submitted=F("evaluation__employee_submitted_at"),
            evaluation_leader_submitted=F("evaluation__leader_submitted_at"),
        )
    )
    return {record.employee_id: record for record in records}


def team_rows(leader: Person, reports: list[Person]) -> list[ReportRow]:
    shared = _shared(leader)
    records = _records(leader, reports)
    following = FollowUp.objects.filter(record__in=list(records.values())).next_per_record()
    rows = []
    for report in reports:
        record = records.get(report.pk)
        rows.append(
            ReportRow(
                person=report,
                shared=shared.get(report.pk, []),
                record=record,
                next_follow_up=following.get(record.pk) if record else None,
            )
        )
    return rows


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
    seen = set(Response.objects.shared_with_leader(leader).values_list("pk", flat=True))
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
