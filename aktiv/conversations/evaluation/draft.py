"""The evaluation drafts itself (issue #16): a draft for one party, assembled from the year.

Deterministic, no machine learning: every line of the draft is a sentence taken from (or a
fact stated about) one source, and carries that source's link. What goes in is what this
party may see, read through the same querysets as their pages:

- each agreed goal's progress and history (both parties);
- sentences from the follow-ups that mention the goal, quoted: the shared notes (both), the
  employee's preparation (the employee always, the leader once it is marked ready), and the
  leader's private note (only in the leader's own draft, and never put into a form field,
  since the leader's comment is shown to the employee once both have submitted);
- the record's agreed actions, done and open (both);
- competence areas added to the profile in the period (the employee; the leader only when
  the profile is shared with them);
- development areas chosen in self-assessments, and the learning sessions recommended from
  them (the employee's own; for the leader only responses shared with them).

Nothing is stored: the draft is built on each page view, and fills the form only when the
person asks for it ("Bruk utkastet"); it is saved when they save the form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiv.assessments.models import FocusArea, Response
from aktiv.audit.reads import log_read
from aktiv.competence.models import CompetenceArea, CompetenceProfile
from aktiv.goals.models import PersonalGoal
from aktiv.learning.recommend import recommend_for_responses
from aktiv.lib.dates import local_date
from aktiv.people.models import Person

from ..models import AgreedAction, ConversationRecord, FollowUp, LeaderNote, Role

# A word of a goal's title this long or longer counts as naming the goal in a sentence.
KEYWORD_MIN = 6
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"\w+", re.UNICODE)
# The preparation's answers, keyed as the follow-up stores them (seed 003's six questions);
# q3 is "Hva har jeg lært eller utviklet meg på siden sist?".
PREPARATION_KEYS = ("q1", "q2", "q3", "q4", "q5", "q6")
LEARNED_KEY = "q3"


@dataclass(frozen=True)
class Line:
    """One sentence of the draft and where it comes from."""

    text: str
    source: str
    url: str
    quote: bool = False
    private: bool = False

    def plain(self) -> str:
        text = f"«{self.text}»" if self.quote else self.text
        return f"{text} ({self.source})"


@dataclass
class GoalDraft:
    goal: PersonalGoal
    lines: list[Line] = field(default_factory=list)

    @property
    def comment(self) -> str:
        """What fills the comment field: every line that is not private, one per line."""
        return "\n".join(f"– {line.plain()}" for line in self.lines if not line.private)


@dataclass
class Draft:
    role: str
    goals: list[GoalDraft]
    actions_done: list[Line]
    actions_open: list[Line]
    learned: list[Line]
    competence: list[Line]
    development: list[Line]
    sessions: list[Line]

    def comments(self) -> dict[str, str]:
        return {str(g.goal.uuid): g.comment for g in self.goals if g.comment}

    def texts(self) -> dict[str, str]:
        """What fills the shared texts: results, learning, competence."""

        def joined(*groups: list[Line]) -> str:
            return "\n".join(f"– {line.plain()}" for group in groups for line in group)

        return {
            "results": joined(self.actions_done),
            "learning": joined(self.learned, self.development, self.sessions),
            "competence_note": joined(self.competence),
        }

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                any(g.lines for g in self.goals),
                self.actions_done,
                self.actions_open,
                self.learned,
                self.competence,
                self.development,
                self.sessions,
            )
        )


def _day(moment: datetime) -> str:
    return local_date(timezone.localtime(moment), "j. F Y")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text or "") if s.strip()]


def _keywords(goal: PersonalGoal) -> set[str]:
    return {w.casefold() for w in WORD.findall(goal.title) if len(w) >= KEYWORD_MIN}


def mentions(sentence: str, goal: PersonalGoal) -> bool:
    """The sentence names the goal: its whole title, or one of the title's longer words."""
    folded = sentence.casefold()
    if goal.title.casefold() in folded:
        return True
    return bool(_keywords(goal) & {w.casefold() for w in WORD.findall(sentence)})


@dataclass(frozen=True)
class _Text:
    """A text from a follow-up that this viewer may read."""

    text: str
    source: str
    url: str
    private: bool = False
    learned: bool = False


def _follow_up_texts(record: ConversationRecord, role: str) -> list[_Text]:
    follow_ups = list(
        FollowUp.objects.filter(record=record)
        .exclude(status=FollowUp.Status.CANCELLED)
        .order_by("scheduled_at")
    )
    notes: dict[int, str] = {}
    if role == Role.LEADER:
        notes = dict(
            LeaderNote.objects.filter(
                follow_up__in=follow_ups, author=record.leader_id
            ).values_list("follow_up_id", "text")
        )
    texts: list[_Text] = []
    for follow_up in follow_ups:
        url = follow_up.get_absolute_url()
        day = _day(follow_up.scheduled_at)
        if role == Role.EMPLOYEE or follow_up.is_prepared:
            for key in PREPARATION_KEYS:
                answer = str(follow_up.preparation.get(key, ""))
                if answer.strip():
                    texts.append(
                        _Text(
                            answer,
                            _("forberedelsen til oppfølgingssamtalen %(day)s") % {"day": day},
                            f"{url}#forberedelse",
                            learned=key == LEARNED_KEY,
                        )
                    )
        if follow_up.shared_notes.strip():
            texts.append(
                _Text(
                    follow_up.shared_notes,
                    _("felles notater fra oppfølgingssamtalen %(day)s") % {"day": day},
                    f"{url}#notater",
                )
            )
        if notes.get(follow_up.pk, "").strip():
            texts.append(
                _Text(
                    notes[follow_up.pk],
                    _("dine private notater fra oppfølgingssamtalen %(day)s") % {"day": day},
                    f"{url}#private-notater",
                    private=True,
                )
            )
    return texts


def _goal_lines(goal: PersonalGoal, record: ConversationRecord, texts: list[_Text]) -> list[Line]:
    url = reverse("conversations:record_goals", args=[record.uuid]) + f"#mal-{goal.uuid}"
    source = _("målet i samtalemappen")
    lines = [Line(_("Framdrift nå: %(progress)s %%.") % {"progress": goal.progress}, source, url)]
    for revision in goal.revisions.all():
        event = revision.snapshot.get("event", "")
        day = _day(revision.at)
        if event == "progress" and revision.snapshot.get("progress") is not None:
            lines.append(
                Line(
                    _("Framdriften ble satt til %(progress)s %% %(day)s.")
                    % {"progress": revision.snapshot["progress"], "day": day},
                    source,
                    url,
                )
            )
        elif event == "agreed":
            lines.append(Line(_("Målet ble avtalt %(day)s.") % {"day": day}, source, url))
        elif event == "revised":
            lines.append(Line(_("Målet ble endret %(day)s.") % {"day": day}, source, url))
        if revision.comment.strip() and event != "progress":
            lines.append(Line(revision.comment.strip(), source, url, quote=True))
    quoted = [
        Line(sentence, text.source, text.url, True, text.private)
        for text in texts
        for sentence in sentences(text.text)
        if mentions(sentence, goal)
    ]
    return lines + latest_of_each(quoted)


def latest_of_each(lines: list[Line]) -> list[Line]:
    """A sentence written again and again (the same answer in every preparation) is quoted
    once, from the latest place it was written."""
    latest: dict[tuple[str, bool], Line] = {}
    for line in lines:
        latest.pop((line.text, line.private), None)
        latest[(line.text, line.private)] = line
    return list(latest.values())


def _action_line(action: AgreedAction, record: ConversationRecord) -> Line:
    if action.follow_up_id is not None and action.follow_up is not None:
        url = f"{action.follow_up.get_absolute_url()}#tiltak"
        source = _("tiltak fra oppfølgingssamtalen %(day)s") % {
            "day": _day(action.follow_up.scheduled_at)
        }
    else:
        url, source = record.get_absolute_url(), _("tiltak i samtalemappen")
    if action.done_at is not None:
        text = _("Fullført %(day)s: %(text)s") % {"day": _day(action.done_at), "text": action.text}
    else:
        text = _("Åpent: %(text)s") % {"text": action.text}
    return Line(text, source, url)


def _period_start(record: ConversationRecord) -> datetime:
    return timezone.make_aware(datetime.combine(record.period.starts_on, time.min))


def _competence(record: ConversationRecord, role: str, viewer: Person) -> list[Line]:
    profiles = (
        CompetenceProfile.objects.owned_by(viewer)
        if role == Role.EMPLOYEE
        else CompetenceProfile.objects.visible_to(viewer).filter(person=record.employee)
    )
    profile = profiles.first()
    if profile is None:
        return []
    if role != Role.EMPLOYEE:
        log_read(viewer, profile, profile)  # shown to the leader: in the employee's read log
    url = reverse("competence:mine") if role == Role.EMPLOYEE else profile.get_absolute_url()
    areas = CompetenceArea.objects.filter(
        profile=profile, created_at__gte=_period_start(record)
    ).current()
    return [
        Line(
            _("Lagt til i kompetanseprofilen %(day)s: %(name)s (%(kind)s, %(level)s).")
            % {
                "day": _day(area.created_at),
                "name": area.name,
                "kind": area.get_kind_display().lower(),
                "level": area.get_level_display(),
            },
            _("kompetanseprofilen"),
            url,
        )
        for area in areas.order_by("created_at")
    ]


def _responses(record: ConversationRecord, role: str, viewer: Person) -> list[Response]:
    """The employee's latest submitted response per instrument that this viewer may see."""
    found = (
        Response.objects.owned_by(viewer)
        if role == Role.EMPLOYEE
        else Response.objects.visible_to(viewer).filter(person=record.employee)
    )
    latest: dict[str, Response] = {}
    for response in found.submitted().order_by("-submitted_at"):
        latest.setdefault(response.instrument_key, response)
    if role != Role.EMPLOYEE:
        for response in latest.values():
            log_read(viewer, response, response)  # in the employee's "who read what"
    return list(latest.values())


def _development(responses: list[Response]) -> list[Line]:
    lines = []
    areas = FocusArea.objects.filter(
        response__in=responses, kind=FocusArea.Kind.DEVELOPMENT
    ).select_related("response")
    for area in areas.order_by("response__instrument_key", "position"):
        try:
            item = area.item
        except KeyError:
            continue
        text = _("Valgt utviklingsområde: %(item)s.") % {"item": item.text}
        if area.note.strip():
            text = f"{text} {area.note.strip()}"
        lines.append(
            Line(
                text,
                _("egenvurderingen %(title)s") % {"title": area.response.instrument.title},
                area.response.get_absolute_url(),
            )
        )
    return lines


def _recommended(title: str) -> str:
    line = _("Anbefalt læringsøkt: %(title)s.") % {"title": title}
    # A title that ends a sentence itself ("Hvordan gi tilbakemelding?") gets no full stop.
    if title and title[-1] in "?!." and line.endswith(title + "."):
        line = line[:-1]
    return line


def _sessions(responses: list[Response]) -> list[Line]:
    return [
        Line(
            _recommended(session.shown_title),
            _("læringskatalogen"),
            reverse("learning:session", args=[session.uuid]),
        )
        for session in recommend_for_responses(responses)
    ]


def draft_for(record: ConversationRecord, goals: list[PersonalGoal], viewer: Person) -> Draft:
    role = record.role_of(viewer)
    prefetch_related_objects(goals, "revisions")
    texts = _follow_up_texts(record, role)
    actions = list(
        AgreedAction.objects.filter(record=record)
        .select_related("follow_up")
        .order_by("created_at")
    )
    responses = _responses(record, role, viewer)
    return Draft(
        role=role,
        goals=[GoalDraft(goal, _goal_lines(goal, record, texts)) for goal in goals],
        actions_done=[_action_line(a, record) for a in actions if a.done_at is not None],
        actions_open=[_action_line(a, record) for a in actions if a.done_at is None],
        learned=latest_of_each(
            [
                Line(sentence, text.source, text.url, quote=True)
                for text in texts
                if text.learned
                for sentence in sentences(text.text)
            ]
        ),
        competence=_competence(record, role, viewer),
        development=_development(responses),
        sessions=_sessions(responses),
    )


def prefill(initial: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    """The form's initial values with the draft in every empty field named in `fields`
    (form field name → draft key); what the person already saved is kept."""
    filled = dict(initial)
    for name, text in fields.items():
        if text and not str(filled.get(name) or "").strip():
            filled[name] = text
    return filled
