"""Every URL × every persona, in one table (PRODUCT.md section 3, issue #6).

The URL list comes from the URL configuration itself: a URL added without a row here fails
`test_every_url_is_in_the_matrix`. Each cell says what that persona must get:

    ok     the page or action works (2xx, or a redirect that is not to the login page)
    login  redirected to the login page
    401    a machine endpoint (SCIM) that takes a bearer token, never a session
    404    refused as if the object did not exist (never "403: it exists but not for you")
    405    the method is not allowed (GET on an action that only takes POST)

Objects belong to `employee`; shared items are shared with `leader`, their leader."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aktiv.assessments.models import Response
from aktiv.competence.services import area_add, profile_for
from aktiv.conversations.calendar import calendar_feed_renew
from aktiv.conversations.models import (
    AgendaItem,
    AgreedAction,
    ConversationRecord,
    FollowUp,
    Period,
)
from aktiv.conversations.services import record_for
from aktiv.expectations.services import draft_start, self_check_save, version_publish
from aktiv.feedback.models import UpwardRound, ViewRequest
from aktiv.goals.services import goal_create
from aktiv.health.models import WorkerHeartbeat
from aktiv.insights.models import ExportJob
from aktiv.integrations.invitations import invitation_tokens
from aktiv.integrations.tokens import token_create
from aktiv.learning.models import LearningSession
from aktiv.notifications.models import Notification
from aktiv.people.models import EmailChange, ImportJob
from aktiv.reflections.models import PendingAgendaItem, Worksheet
from aktiv.workshops.services import facilitator_grant, step_add, step_start, workshop_open

from .conftest import Org, client_for
from .factories import PersonFactory, UnitFactory, submitted_response
from .goals.helpers import open_period, personal_goal, record_of

PERSONAS = ("anonymous", "employee", "leader", "colleague", "other_leader", "hr", "admin")
# The owner acts last, so an action that consumes the object (delete) is tried by all others
# first.
ORDER = ("anonymous", "leader", "colleague", "other_leader", "hr", "admin", "employee")


def person(org: Org, persona: str) -> Any:
    return None if persona == "anonymous" else getattr(org, persona)


def _shared_response(org: Org) -> list[str]:
    response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
    response.share_with_leader()
    return [str(response.uuid)]


def _draft_response(org: Org) -> list[str]:
    draft = Response.objects.create(
        person=org.employee, instrument_key="aktivt-medarbeiderskap", instrument_version=1
    )
    return [str(draft.uuid)]


def _shared_worksheet(org: Org) -> list[str]:
    sheet = Worksheet.objects.create(
        person=org.employee,
        tool_key="tre-sporsmal",
        status="done",
        completed_at=timezone.now(),
        data={"who": "a", "can": "b", "want": "c"},
    )
    sheet.share_with_leader()
    return [str(sheet.uuid)]


def _draft_worksheet(org: Org) -> list[str]:
    sheet = Worksheet.objects.create(person=org.employee, tool_key="tre-sporsmal")
    return [str(sheet.uuid)]


def _draft_kan_liker(org: Org) -> list[str]:
    sheet = Worksheet.objects.create(person=org.employee, tool_key="kan-liker")
    return [str(sheet.uuid)]


def _agenda_item(org: Org) -> list[str]:
    return [str(PendingAgendaItem.objects.create(person=org.employee, text="Hjelp").uuid)]


def _shared_profile(org: Org) -> list[str]:
    profile = profile_for(org.employee)
    area_add(profile=profile, values={"name": "Veiledning", "kind": "depth", "level": 3})
    profile.share_with_leader()
    return [str(profile.uuid)]


def _competence_area(org: Org) -> list[str]:
    values = {"name": "Veiledning", "kind": "depth", "level": 3}
    return [str(area_add(profile=profile_for(org.employee), values=values).uuid)]


def _record(org: Org) -> list[str]:
    period = Period.objects.create(
        name="2026",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=300),
    )
    return [str(record_for(org.employee, period).uuid)]  # type: ignore[union-attr]


def _departed_person(org: Org) -> list[str]:
    return [str(PersonFactory.create(is_active=False).uuid)]


def _learning_session(org: Org) -> list[str]:
    # The data migration has loaded the seed catalogue.
    return [str(LearningSession.objects.get(title="Delegering").uuid)]


def _integration_token(org: Org) -> list[str]:
    return [str(token_create(actor=org.hr, name="Entra ID", scopes=["scim"]).token.uuid)]


def _invitation_link(org: Org) -> list[str]:
    person = PersonFactory.create()
    return [urlsafe_base64_encode(force_bytes(person.pk)), invitation_tokens.make_token(person)]


def _org_person(org: Org) -> list[str]:
    return [str(PersonFactory.create().uuid)]


def _import_job(org: Org) -> list[str]:
    return [str(ImportJob.objects.create(actor=org.hr, filename="folk.csv").uuid)]


def _export_job(*, done: bool, failed: bool = False) -> Callable[[Org], list[str]]:
    """One of HR's exports: waiting, finished with its file, or failed."""

    def make(org: Org) -> list[str]:
        status = "failed" if failed else "done" if done else "queued"
        job = ExportJob.objects.create(
            requester=org.hr,
            kind="participation",
            file_format="csv",
            language="nb",
            status=status,
            content=b"Enhet;Medarbeidere\r\n" if done else b"",
            content_type="text/csv; charset=utf-8",
            file_name="aktiv-deltakelse.csv",
            finished_at=timezone.now() if done or failed else None,
        )
        return [str(job.uuid)]

    return make


def _org_empty_unit(org: Org) -> list[str]:
    return [str(UnitFactory.create().uuid)]


def _email_change_token(org: Org) -> list[str]:
    """The link sent to the employee's old address after HR changed it: anyone holding it
    may open it (the page only asks; the POST is tested in tests/people/test_email_change)."""
    change = EmailChange.objects.create(
        person=org.employee,
        old_email="gammel@example.no",
        new_email=org.employee.email,
        changed_by=org.hr,
        hold_until=timezone.now() + timedelta(hours=72),
    )
    return [change.undo_token()]


def _notification(org: Org) -> list[str]:
    found = Notification.objects.create(person=org.employee, kind="welcome", url="/")
    return [str(found.uuid)]


def _calendar_token(org: Org) -> list[str]:
    return [calendar_feed_renew(person=org.employee)]


def _key(key: str) -> Callable[[Org], list[str]]:
    return lambda org: [key]


def _no_args(org: Org) -> list[str]:
    return []


def _worker_seen(org: Org) -> list[str]:
    WorkerHeartbeat.beat()
    return []


def _reset_token(org: Org) -> list[str]:
    return ["MQ", "ugyldig-token"]


def _pulse_round(org: Org) -> list[str]:
    """A round open now for the unit of the employee, their leader, colleague and HR."""
    from aktiv.pulse.models import Round

    today = timezone.localdate()
    round_ = Round.objects.create(
        name="Puls", opens_on=today - timedelta(days=1), closes_on=today + timedelta(days=5)
    )
    round_.units.set([org.unit])
    return [str(round_.uuid)]


def _pulse_answers() -> dict[str, str]:
    from aktiv.pulse import definitions

    return {item.key: "4" for item in definitions.latest().items}


# Cells, in PERSONAS order.
EVERYONE_SIGNED_IN = ("login", "ok", "ok", "ok", "ok", "ok", "ok")
PUBLIC = ("ok",) * 7
OWNER_ONLY = ("login", "ok", "404", "404", "404", "404", "404")
OWNER_AND_LEADER = ("login", "ok", "ok", "404", "404", "404", "404")
LEADERS = ("login", "404", "ok", "404", "ok", "404", "404")
HR_ONLY = ("login", "404", "404", "404", "404", "ok", "404")
# A pulse round for the unit of the employee, leader, colleague and HR (not the other
# leader's unit; the administrator belongs to no unit).
PULSE_ASKED = ("login", "ok", "ok", "ok", "404", "ok", "404")
TOKEN_ONLY = ("401",) * 7
API_ROOT = ("404",) * 7
HR_OR_ADMIN = ("login", "404", "404", "404", "404", "ok", "ok")


# Goals: a current period (with a record for every pair), a goal of the leader's unit, and
# personal goals of the employee in each state.
GOAL_UNIT_LEADER = ("login", "404", "ok", "404", "404", "404", "404")
GOAL_HR = ("login", "404", "404", "404", "404", "ok", "404")
GOAL_FORM = {"kind": "professional", "title": "Mål", "serves": ""}


def _goals_period(org: Org) -> list[str]:
    open_period(org)
    return []


def _goals_record(org: Org) -> list[str]:
    return [str(record_of(open_period(org), org.employee).uuid)]


def _goals_unit_goal(org: Org) -> list[str]:
    goal = goal_create(
        period=open_period(org), actor=org.leader, level="unit", unit=org.unit, title="Mål"
    )
    return [str(goal.uuid)]


def _goals_personal(state: str) -> Callable[[Org], list[str]]:
    return lambda org: [str(personal_goal(record_of(open_period(org), org.employee), state).uuid)]


# Follow-ups: a planned follow-up of the employee and their leader. The preparation is the
# employee's; the answer to "Hva kan jeg gjøre …" and the private notes are the leader's.
FOLLOW_UP_LEADER = ("login", "404", "ok", "404", "404", "404", "404")


def _follow_up(org: Org) -> FollowUp:
    today = timezone.localdate()
    period = Period.objects.create(
        name="Oppfølging", starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300)
    )
    record = ConversationRecord.objects.create(
        period=period, employee=org.employee, leader=org.leader
    )
    return FollowUp.objects.create(record=record, scheduled_at=timezone.now() + timedelta(days=7))


def _follow_up_uuid(org: Org) -> list[str]:
    return [str(_follow_up(org).uuid)]


def _follow_up_record(org: Org) -> list[str]:
    return [str(_follow_up(org).record.uuid)]


def _follow_up_agenda_item(org: Org) -> list[str]:
    follow_up = _follow_up(org)
    item = AgendaItem.objects.create(
        follow_up=follow_up, source="employee", added_by=org.employee, text="Sak"
    )
    return [str(follow_up.uuid), str(item.uuid)]


def _follow_up_action(org: Org) -> list[str]:
    follow_up = _follow_up(org)
    action = AgreedAction.objects.create(
        record=follow_up.record, follow_up=follow_up, text="Tiltak", owner=org.employee
    )
    return [str(follow_up.uuid), str(action.uuid)]


# Expectations: a published version is read and acknowledged by everyone; the draft, its
# publishing and the self-check are HR's.
def _expectations_published(org: Org) -> list[str]:
    draft = draft_start(actor=org.hr)
    version_publish(draft=draft, actor=org.hr)
    return [str(draft.uuid)]


def _expectations_draft(org: Org) -> list[str]:
    return [str(draft_start(actor=org.hr).uuid)]


def _expectations_both(org: Org) -> list[str]:
    """A published version with per-unit figures, and an open draft."""
    _expectations_published(org)
    _expectations_draft(org)
    return []


def _self_check(org: Org) -> list[str]:
    return [str(self_check_save(actor=org.hr, answers={"q1": "Ja"}).uuid)]


# Kursmodus: the leader's open workshop with one step. Participants' pages are open to anyone
# with the code (a stranger's answer is refused with a page of its own, tests/workshops).
WORKSHOP_OWNER = ("login", "404", "ok", "404", "404", "404", "404")
FACILITATORS = ("login", "404", "ok", "404", "ok", "ok", "404")


def _workshop(org: Org) -> Any:
    workshop = workshop_open(facilitator=org.leader, title="Kurs", threshold=3, collect_text=False)
    step = step_add(workshop=workshop, source="scale", text="Spørsmål")
    step_start(step=step)
    return workshop, step


def _workshop_uuid(org: Org) -> list[str]:
    return [str(_workshop(org)[0].uuid)]


def _workshop_step(org: Org) -> list[str]:
    workshop, step = _workshop(org)
    return [str(workshop.uuid), str(step.uuid)]


def _workshop_code(org: Org) -> list[str]:
    return [_workshop(org)[0].code]


def _workshop_code_step(org: Org) -> list[str]:
    workshop, step = _workshop(org)
    return [workshop.code, str(step.uuid)]


def _facilitator_grant(org: Org) -> list[str]:
    return [str(facilitator_grant(actor=org.hr, person=org.colleague).uuid)]


# Upward feedback and 180° (issue #15): a round is its leader's (HR may close it); the reports
# answer it; a 180° request is the employee's and their current leader's.
ROUND_LEADER = ("login", "404", "ok", "404", "404", "404", "404")
ROUND_KEEPERS = ("login", "404", "ok", "404", "404", "ok", "404")
REPORTS = ("login", "ok", "404", "ok", "404", "404", "404")


def _upward_round(org: Org) -> list[str]:
    return [str(UpwardRound.objects.create(leader=org.leader, instrument_version=1).uuid)]


def _view_request(answered: bool) -> Callable[[Org], list[str]]:
    def make(org: Org) -> list[str]:
        response = submitted_response(org.employee, "aktivt-medarbeiderskap", 3)
        view = ViewRequest.objects.create(
            employee=org.employee, leader=org.leader, response=response, instrument_version=1
        )
        if answered:
            view.leader_values = {key: 2 for key in response.answers_by_item()}
            view.answered_at = timezone.now()
            view.save()
        return [str(view.uuid)]

    return make


def _own_response(org: Org) -> list[str]:
    return [str(submitted_response(org.employee, "aktivt-medarbeiderskap", 3).uuid)]


def _feedback(org: Org) -> list[str]:
    from aktiv.accessibility.models import Feedback

    return [str(Feedback.objects.create(message="Fokus", email="besok@example.no").uuid)]


@dataclass(frozen=True)
class Row:
    method: str
    args: Callable[[Org], list[str]]
    expected: tuple[str, ...]
    data: dict[str, Any] | None = None


MATRIX: dict[str, Row] = {
    "home": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "team": Row("get", _no_args, LEADERS),
    "login": Row("get", _no_args, PUBLIC),
    # Signing out always lands on the login page.
    "logout": Row("post", _no_args, ("login",) * 7),
    "password_reset": Row("get", _no_args, PUBLIC),
    "password_reset_done": Row("get", _no_args, PUBLIC),
    "password_reset_confirm": Row("get", _reset_token, PUBLIC),
    "password_reset_complete": Row("get", _no_args, PUBLIC),
    "email_change_undo": Row("get", _email_change_token, PUBLIC),
    # Single sign-on is off here (OIDC_ISSUER unset): its pages do not exist. With it on,
    # tests/people/test_sso.py signs in through a real provider.
    "sso_start": Row("get", _no_args, ("404",) * 7),
    "sso_callback": Row("get", _no_args, ("404",) * 7),
    "hr_sign_in_policy": Row("post", _no_args, ("login", "404", "404", "404", "404", "404", "404")),
    # For load balancers and monitors: open, and they tell nothing (tests/health).
    "health_live": Row("get", _no_args, PUBLIC),
    "favicon": Row("get", _no_args, PUBLIC),
    "health_ready": Row("get", _worker_seen, PUBLIC),
    "assessments:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "assessments:instrument": Row("get", _key("aktivt-medarbeiderskap"), EVERYONE_SIGNED_IN),
    "assessments:start": Row("post", _key("aktivt-medarbeiderskap"), EVERYONE_SIGNED_IN),
    "assessments:response": Row("get", _shared_response, OWNER_AND_LEADER),
    "assessments:answer": Row("post", _draft_response, OWNER_ONLY, {"save": "1"}),
    "assessments:focus": Row("post", _shared_response, OWNER_ONLY, {}),
    "assessments:sharing": Row("post", _shared_response, OWNER_ONLY, {"action": "withdraw"}),
    "assessments:discard": Row("post", _draft_response, OWNER_ONLY),
    "reflections:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "reflections:tool": Row("get", _key("tre-sporsmal"), EVERYONE_SIGNED_IN),
    "reflections:start": Row("post", _key("tre-sporsmal"), EVERYONE_SIGNED_IN),
    "reflections:worksheet": Row("get", _shared_worksheet, OWNER_AND_LEADER),
    "reflections:save": Row("post", _draft_worksheet, OWNER_ONLY, {"save": "1"}),
    "reflections:core": Row("post", _draft_kan_liker, OWNER_ONLY, {"can": "Lese"}),
    "reflections:sharing": Row("post", _shared_worksheet, OWNER_ONLY, {"action": "withdraw"}),
    "reflections:delete": Row("post", _shared_worksheet, OWNER_ONLY),
    "reflections:agenda_remove": Row("post", _agenda_item, OWNER_ONLY),
    # Each person's own data only; there is nothing to address by id.
    "audit:my_data": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "audit:export": Row("get", _no_args, EVERYONE_SIGNED_IN),
    # Notifications: each person's own inbox; one of the employee's is opened.
    "notifications:inbox": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "notifications:open": Row("post", _notification, OWNER_ONLY),
    "notifications:read_all": Row("post", _no_args, EVERYONE_SIGNED_IN),
    "notifications:email_settings": Row("get", _no_args, EVERYONE_SIGNED_IN),
    # The calendar feed opens with its secret token alone (the employee's); a wrong token is
    # tested in tests/conversations/test_calendar_feed.py.
    "conversations:calendar_feed": Row("get", _calendar_token, PUBLIC),
    "conversations:calendar_settings": Row("get", _no_args, EVERYONE_SIGNED_IN),
    # The second factor: each person's own; pages redirect to the right step.
    "twofactor_manage": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "twofactor_setup": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "twofactor_verify": Row("get", _no_args, EVERYONE_SIGNED_IN),
    # The competence profile: one's own; a shared one is read by the current leader.
    "competence:mine": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "competence:sharing": Row("post", _no_args, EVERYONE_SIGNED_IN, {"action": "withdraw"}),
    "competence:profile": Row("get", _shared_profile, OWNER_AND_LEADER),
    "competence:area_edit": Row("get", _competence_area, OWNER_ONLY),
    "competence:area_remove": Row("post", _competence_area, OWNER_ONLY),
    # The employee conversation.
    "hr_home": Row("get", _no_args, HR_ONLY),
    "hr_privacy": Row("get", _no_args, HR_ONLY),
    "insights:participation": Row("get", _no_args, HR_ONLY),
    "insights:participation_unit": Row("get", _org_empty_unit, HR_ONLY),
    "insights:participation_export": Row("post", _no_args, HR_ONLY, {"format": "csv"}),
    "insights:figures": Row("get", _no_args, HR_ONLY),
    "insights:export": Row(
        "post", _no_args, HR_ONLY, {"format": "xlsx", "instrument": "aktivt-medarbeiderskap"}
    ),
    # An export job is only the HR person's who asked for it (another HR person: 404 in
    # tests/insights/test_export_jobs.py).
    "insights:export_job": Row("get", _export_job(done=False), HR_ONLY),
    "insights:export_file": Row("get", _export_job(done=True), HR_ONLY),
    "insights:export_again": Row("post", _export_job(done=False, failed=True), HR_ONLY),
    "hr_erase": Row("post", _departed_person, HR_ONLY),
    "hr_second_factor": Row("post", _no_args, HR_ONLY, {"leaders_need_second_factor": "on"}),
    "hr_digest_time": Row("post", _no_args, HR_ONLY, {"digest_time": "08:30"}),
    # Languages (issue #13): one's own choice; the organisation's default is HR's.
    "language_set": Row("post", _no_args, EVERYONE_SIGNED_IN, {"language": "nb"}),
    "hr_language": Row("post", _no_args, HR_ONLY, {"default_language": "nb"}),
    # The accessibility statement and its feedback are open; HR and administrators answer.
    "accessibility:statement": Row("get", _no_args, PUBLIC),
    "accessibility:feedback": Row("post", _no_args, PUBLIC, {"message": "Fokus forsvinner"}),
    "accessibility:feedback_list": Row("get", _no_args, HR_OR_ADMIN),
    "accessibility:feedback_reply": Row("post", _feedback, HR_OR_ADMIN, {"reply": "Takk"}),
    "conversations:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "conversations:periods": Row("get", _no_args, HR_ONLY),
    "conversations:record": Row("get", _record, OWNER_AND_LEADER),
    "conversations:follow_ups_plan": Row("get", _follow_up_record, OWNER_AND_LEADER),
    "conversations:follow_up_add": Row("post", _follow_up_record, OWNER_AND_LEADER, {}),
    "conversations:follow_up": Row("get", _follow_up_uuid, OWNER_AND_LEADER),
    "conversations:follow_up_ics": Row("get", _follow_up_uuid, OWNER_AND_LEADER),
    "conversations:follow_up_move": Row("post", _follow_up_uuid, OWNER_AND_LEADER, {}),
    "conversations:follow_up_cancel": Row("post", _follow_up_uuid, OWNER_AND_LEADER),
    "conversations:follow_up_held": Row("post", _follow_up_uuid, OWNER_AND_LEADER),
    "conversations:follow_up_prepare": Row("post", _follow_up_uuid, OWNER_ONLY, {"save": "1"}),
    "conversations:follow_up_agenda_add": Row(
        "post", _follow_up_uuid, OWNER_AND_LEADER, {"text": "Sak"}
    ),
    "conversations:follow_up_agenda_remove": Row("post", _follow_up_agenda_item, OWNER_ONLY),
    "conversations:follow_up_notes": Row(
        "post", _follow_up_uuid, OWNER_AND_LEADER, {"shared_notes": "Notat"}
    ),
    "conversations:follow_up_support": Row(
        "post", _follow_up_uuid, FOLLOW_UP_LEADER, {"leader_support": "Tid"}
    ),
    "conversations:follow_up_private_note": Row(
        "post", _follow_up_uuid, FOLLOW_UP_LEADER, {"text": "Privat"}
    ),
    "conversations:follow_up_action_add": Row("post", _follow_up_uuid, OWNER_AND_LEADER, {}),
    "conversations:follow_up_action_done": Row("post", _follow_up_action, OWNER_AND_LEADER),
    # The evaluation and learning conversation: the record's two parties, and nobody else.
    "conversations:evaluation": Row("get", _record, OWNER_AND_LEADER),
    "conversations:evaluation_pdf": Row("get", _record, OWNER_AND_LEADER),
    "conversations:evaluation_assess": Row("post", _record, OWNER_AND_LEADER, {"save": "1"}),
    "conversations:evaluation_texts": Row("post", _record, OWNER_AND_LEADER, {"results": "x"}),
    "conversations:evaluation_confirm": Row("post", _record, OWNER_AND_LEADER),
    "conversations:evaluation_reopen": Row(
        "post", _record, OWNER_AND_LEADER, {"action": "request"}
    ),
    # Goals: the tree for everyone; organisation goals for HR; unit goals for the unit's
    # leader; one record's goal conversation for its two parties, each in their own part.
    "goals:tree": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "goals:organisation": Row("get", _goals_period, GOAL_HR),
    "goals:organisation_create": Row("post", _goals_period, GOAL_HR, {"title": "Mål"}),
    "goals:unit": Row("get", _goals_period, LEADERS),
    "goals:unit_create": Row("post", _goals_period, LEADERS, {"title": "Mål"}),
    "goals:goal_edit": Row("get", _goals_unit_goal, GOAL_UNIT_LEADER),
    "goals:goal_save": Row("post", _goals_unit_goal, GOAL_UNIT_LEADER, {"title": "Nytt"}),
    "goals:goal_delete": Row("post", _goals_unit_goal, GOAL_UNIT_LEADER),
    "conversations:record_goals": Row("get", _goals_record, OWNER_AND_LEADER),
    "conversations:personal_goal_create": Row("post", _goals_record, OWNER_ONLY, GOAL_FORM),
    "conversations:record_notes": Row(
        "post", _goals_record, OWNER_AND_LEADER, {"tasks_and_roles": "x"}
    ),
    "conversations:record_held": Row("post", _goals_record, OWNER_AND_LEADER, {"held_on": ""}),
    "conversations:personal_goal_edit": Row("get", _goals_personal("draft"), OWNER_ONLY),
    "conversations:personal_goal_save": Row(
        "post", _goals_personal("draft"), OWNER_ONLY, GOAL_FORM
    ),
    "conversations:personal_goal_propose": Row("post", _goals_personal("draft"), OWNER_ONLY),
    "conversations:personal_goal_agree": Row("post", _goals_personal("proposed"), GOAL_UNIT_LEADER),
    "conversations:personal_goal_send_back": Row(
        "post", _goals_personal("proposed"), GOAL_UNIT_LEADER, {"comment": "Mer konkret"}
    ),
    "conversations:personal_goal_progress": Row(
        "post", _goals_personal("agreed"), OWNER_AND_LEADER, {"progress": "50"}
    ),
    "conversations:personal_goal_delete": Row("post", _goals_personal("draft"), OWNER_ONLY),
    # The learning catalogue: read by everyone, kept by HR.
    "learning:catalogue": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "learning:session": Row("get", _learning_session, EVERYONE_SIGNED_IN),
    "learning:manage": Row("get", _no_args, HR_ONLY),
    "learning:session_edit": Row("get", _learning_session, HR_ONLY),
    "learning:session_active": Row("post", _learning_session, HR_ONLY, {"action": "deactivate"}),
    "learning:mapping_edit": Row("get", _key("maktdeling"), HR_ONLY),
    # Expectations: everyone reads and acknowledges; HR drafts, publishes and self-checks.
    "expectations:current": Row("get", _expectations_both, EVERYONE_SIGNED_IN),
    "expectations:version": Row("get", _expectations_published, EVERYONE_SIGNED_IN),
    "expectations:acknowledge": Row("post", _expectations_published, EVERYONE_SIGNED_IN),
    "expectations:manage": Row("get", _expectations_both, HR_ONLY),
    "expectations:draft_start": Row("post", _no_args, HR_ONLY),
    "expectations:edit": Row("get", _expectations_both, HR_ONLY),
    "expectations:publish": Row("post", _expectations_draft, HR_ONLY),
    "expectations:self_check": Row("get", _no_args, HR_ONLY),
    "expectations:self_check_detail": Row("get", _self_check, HR_ONLY),
    # HR's organisation: units, people and the import.
    "organisation:index": Row("get", _no_args, HR_ONLY),
    "organisation:unit_new": Row("get", _no_args, HR_ONLY),
    "organisation:unit_edit": Row("get", _org_empty_unit, HR_ONLY),
    "organisation:unit_delete": Row("post", _org_empty_unit, HR_ONLY),
    "organisation:unit_rows": Row("get", _org_empty_unit, HR_ONLY),
    "organisation:person_new": Row("get", _no_args, HR_ONLY),
    "organisation:person_edit": Row("get", _org_person, HR_ONLY),
    "organisation:person_deactivate": Row("post", _org_person, HR_ONLY),
    "organisation:person_reactivate": Row("post", _departed_person, HR_ONLY),
    "organisation:import": Row("get", _no_args, HR_ONLY),
    "workshops:join": Row("get", _no_args, PUBLIC),
    "workshops:join_submit": Row("post", _no_args, PUBLIC, {"code": "UKJENT"}),
    "workshops:participate": Row("get", _workshop_code, PUBLIC),
    "workshops:status": Row("get", _workshop_code, PUBLIC),
    "workshops:answer": Row("post", _workshop_code_step, PUBLIC, {"item_svar": "3"}),
    "workshops:mine": Row("get", _no_args, FACILITATORS),
    "workshops:create": Row("post", _no_args, FACILITATORS, {"title": ""}),
    "workshops:control": Row("get", _workshop_uuid, WORKSHOP_OWNER),
    "workshops:step_add": Row("post", _workshop_uuid, WORKSHOP_OWNER, {"source": "scale"}),
    "workshops:step_start": Row("post", _workshop_step, WORKSHOP_OWNER),
    "workshops:close": Row("post", _workshop_uuid, WORKSHOP_OWNER),
    "workshops:present": Row("get", _workshop_uuid, WORKSHOP_OWNER),
    "workshops:pdf": Row("get", _workshop_uuid, WORKSHOP_OWNER),
    "workshops:facilitators": Row("get", _no_args, HR_ONLY),
    "workshops:facilitator_grant": Row("post", _no_args, HR_ONLY, {"person": "tull"}),
    "workshops:facilitator_revoke": Row("post", _facilitator_grant, HR_ONLY),
    # The team pulse: everyone's own rounds; the leader's team; HR's rounds and figures.
    "pulse:index": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "pulse:round": Row("get", _pulse_round, PULSE_ASKED),
    "pulse:submit": Row("post", _pulse_round, PULSE_ASKED, _pulse_answers()),
    "pulse:team": Row("get", _no_args, LEADERS),
    "pulse:hr": Row("get", _no_args, HR_ONLY),
    "pulse:round_create": Row("post", _no_args, HR_ONLY, {"name": "Puls"}),
    "pulse:export": Row("post", _no_args, HR_ONLY, {"format": "csv"}),
    "pulse:health": Row("get", _no_args, HR_ONLY),
    "pulse:health_export": Row("post", _no_args, HR_ONLY, {"format": "xlsx"}),
    "pulse:sick_leave_import": Row("get", _no_args, HR_ONLY),
    # Integrations: HR's tokens and invitations; the invitation link itself is public (it
    # carries its own proof); SCIM takes a token and no session at all.
    "integrations:tokens": Row("get", _no_args, HR_ONLY),
    "integrations:token_revoke": Row("post", _integration_token, HR_ONLY),
    "integrations:invitation_send": Row("post", _org_person, HR_ONLY),
    "integrations:invitation_accept": Row("get", _invitation_link, PUBLIC),
    "scim:service_provider_config": Row("get", _no_args, TOKEN_ONLY),
    "scim:resource_types": Row("get", _no_args, TOKEN_ONLY),
    "scim:resource_type": Row("get", _key("User"), TOKEN_ONLY),
    "scim:schemas": Row("get", _no_args, TOKEN_ONLY),
    "scim:schema": Row("get", _key("urn:ietf:params:scim:schemas:core:2.0:User"), TOKEN_ONLY),
    "scim:search": Row("post", _no_args, TOKEN_ONLY, {}),
    "scim:users": Row("get", _no_args, TOKEN_ONLY),
    "scim:users_search": Row("post", _no_args, TOKEN_ONLY, {}),
    "scim:user": Row("get", _org_person, TOKEN_ONLY),
    "scim:not_found": Row("get", _key("Groups"), TOKEN_ONLY),
    # The JSON API: a token with the endpoint's scope, never a session; the OpenAPI
    # document and its docs page hold no data. (A path's other methods share its name's
    # URL, so each row asks by GET: a POST-only check would find the GET endpoint.)
    "api:openapi-json": Row("get", _no_args, PUBLIC),
    "integrations:api_docs": Row("get", _no_args, PUBLIC),
    "api:api-root": Row("get", _no_args, API_ROOT),
    "api:units": Row("get", _no_args, TOKEN_ONLY),
    "api:unit_create": Row("post", _no_args, TOKEN_ONLY, {}),
    "api:people": Row("get", _no_args, TOKEN_ONLY),
    "api:person_create": Row("post", _no_args, TOKEN_ONLY, {}),
    "api:person_update": Row("patch", _org_person, TOKEN_ONLY, {}),
    "api:figures": Row("get", _no_args, TOKEN_ONLY),
    "organisation:import_job": Row("get", _import_job, HR_ONLY),
    # Another HR person's kept file is not theirs: refused with a message (a redirect).
    "organisation:import_staged": Row("post", _import_job, HR_ONLY),
    # Upward feedback and the 180° view (issue #15).
    "feedback:mine": Row("get", _no_args, EVERYONE_SIGNED_IN),
    "feedback:upward": Row("get", _no_args, LEADERS),
    "feedback:upward_open": Row("post", _no_args, LEADERS),
    "feedback:hr": Row("get", _no_args, HR_ONLY),
    "feedback:hr_open": Row("post", _no_args, HR_ONLY, {}),
    "feedback:round": Row("get", _upward_round, ROUND_LEADER),
    "feedback:round_close": Row("post", _upward_round, ROUND_KEEPERS),
    "feedback:answer": Row("get", _upward_round, REPORTS),
    "feedback:answer_submit": Row("post", _upward_round, REPORTS, {}),
    "feedback:view_request": Row("post", _own_response, OWNER_ONLY),
    "feedback:view": Row("get", _view_request(answered=True), OWNER_AND_LEADER),
    "feedback:view_answer": Row("post", _view_request(answered=False), FOLLOW_UP_LEADER, {}),
    "feedback:view_withdraw": Row("post", _view_request(answered=False), OWNER_ONLY),
    "feedback:view_agenda": Row("post", _view_request(answered=True), OWNER_AND_LEADER),
}


def url_names() -> list[str]:
    def walk(patterns: list[Any], namespace: str | None) -> list[str]:
        names = []
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue  # Django's admin guards itself; see test_admin_is_staff_only.
                names += walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
        return names

    return walk(get_resolver().url_patterns, None)


def outcome(result: Any) -> str:
    if result.status_code in (301, 302):
        return "login" if result["Location"].startswith(reverse("login")) else "ok"
    if result.status_code in (401, 404, 405):
        return str(result.status_code)
    return "ok" if result.status_code < 500 else f"error {result.status_code}"


def test_every_url_is_in_the_matrix():
    missing = sorted(set(url_names()) - set(MATRIX))
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    assert not sorted(set(MATRIX) - set(url_names())), "the matrix names URLs that are gone"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_for_every_persona(org, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(org))
    expected = dict(zip(PERSONAS, row.expected, strict=True))
    actual = {}
    for persona in ORDER:
        client = client_for(person(org, persona))
        result = getattr(client, row.method)(url, row.data or {})
        actual[persona] = outcome(result)
    assert actual == expected
    if row.method == "post":
        # And a GET on an action that takes POST is never an open door.
        for persona in ORDER:
            result = client_for(person(org, persona)).get(url)
            assert outcome(result) in ("login", "401", "405", "404"), (persona, outcome(result))


# A leader change made inside the test (PRODUCT.md section 3): the employee's leader moves from
# `leader` to a new leader (in the other unit) after the objects were made. The former leader
# keeps nothing of the employee's and the new leader inherits nothing; everything else about
# them stays as it was (the former leader still leads the colleague).
THROUGH_THE_PAIR = {name for name, row in MATRIX.items() if row.expected == OWNER_AND_LEADER} | {
    "conversations:follow_up_support",
    "conversations:follow_up_private_note",
    "conversations:personal_goal_agree",
    "conversations:personal_goal_send_back",
    "feedback:view_answer",
}


def after_leader_change(name: str) -> dict[str, str]:
    cells = dict(zip(PERSONAS, MATRIX[name].expected, strict=True))
    if name in THROUGH_THE_PAIR:
        return {"former_leader": "404", "new_leader": "404"}
    return {"former_leader": cells["leader"], "new_leader": cells["other_leader"]}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_for_the_former_and_the_new_leader(org, name):
    row = MATRIX[name]
    url = reverse(name, args=row.args(org))
    new_leader = PersonFactory.create(full_name="Nina Nyleder", unit=org.other_unit)
    org.employee.leader = new_leader
    org.employee.save()
    actual = {}
    for persona, who in (("former_leader", org.leader), ("new_leader", new_leader)):
        result = getattr(client_for(who), row.method)(url, row.data or {})
        actual[persona] = outcome(result)
    assert actual == after_leader_change(name)


def test_the_former_leader_changes_nothing_and_mails_nobody(org, mailoutbox):
    """The ten follow-up endpoints a former leader could write to, tried after the change:
    each is refused and nothing about the follow-up changes."""
    follow_up = _follow_up(org)
    before = FollowUp.objects.filter(pk=follow_up.pk).values().get()
    org.employee.leader = PersonFactory.create(unit=org.other_unit)
    org.employee.save()
    former = client_for(org.leader)
    for name, row in MATRIX.items():
        if name.startswith("conversations:follow_up") and row.method == "post":
            args = (
                [str(follow_up.uuid)]
                if name != "conversations:follow_up_add"
                else [str(follow_up.record.uuid)]
            )
            if name in (
                "conversations:follow_up_agenda_remove",
                "conversations:follow_up_action_done",
            ):
                continue  # their objects are made per row; covered by the matrix above
            assert outcome(former.post(reverse(name, args=args), row.data or {})) == "404", name
    assert FollowUp.objects.filter(pk=follow_up.pk).values().get() == before
    assert not AgendaItem.objects.exists() and not AgreedAction.objects.exists()
    assert mailoutbox == []


def test_admin_is_staff_only(org):
    for persona in ("employee", "leader", "hr"):
        result = client_for(person(org, persona)).get("/admin/")
        assert result.status_code == 302 and "/admin/login/" in result["Location"]
    assert client_for(org.admin).get("/admin/").status_code == 200


def test_matrix_size():
    assert len(MATRIX) * len(PERSONAS) == len(url_names()) * 7
