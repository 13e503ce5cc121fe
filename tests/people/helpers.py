"""A person with rows in every model that stores something about them, for the tests of the
data export and of erasure."""

from __future__ import annotations

from datetime import date, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from aktiv.audit.services import access_log, action_log
from aktiv.competence.services import area_add, profile_for
from aktiv.conversations.calendar import calendar_feed_renew
from aktiv.conversations.models import (
    AgendaItem,
    AgreedAction,
    ConversationRecord,
    Evaluation,
    FollowUp,
    GoalAssessment,
    LeaderNote,
    Period,
)
from aktiv.expectations.models import Acknowledgement, ExpectationsVersion
from aktiv.feedback.models import UpwardParticipation, UpwardRound, ViewRequest
from aktiv.insights.models import ExportJob
from aktiv.integrations.models import Invitation, ScimLink
from aktiv.notifications.models import EmailPreference
from aktiv.people.models import EmailChange, Person, SignInIdentity
from aktiv.reflections.models import PendingAgendaItem, Worksheet
from aktiv.workshops.models import Facilitator, Participant, Workshop

from ..factories import submitted_response
from ..goals.helpers import personal_goal


def everything_about(employee: Person, *, hr: Person) -> None:
    """Rows about `employee` in every model that holds some, written the way the employee,
    their leader and HR would; call it for several people of one organisation."""
    assert employee.leader is not None
    response = submitted_response(employee)
    response.focus_areas.create(kind="development", position=1, item_key="med-ledelse-3")
    response.share_with_leader()
    access_log(actor=employee.leader, subject=employee, obj=response, action="read")
    action_log(actor=employee, action="response_submit", obj=response)
    Worksheet.objects.create(person=employee, tool_key="tre-sporsmal", data={"who": "Meg"})
    PendingAgendaItem.objects.create(person=employee, text="Hjelp med prioritering")
    area_add(
        profile=profile_for(employee), values={"name": "Veiledning", "kind": "depth", "level": 3}
    )
    _conversation(employee, hr=hr)
    _workshops(employee, hr=hr)
    _acknowledgement(employee, hr=hr)
    TOTPDevice.objects.create(user=employee, name="app", confirmed=True)
    # An export the person asked for while they were HR (its file holds no one's answers).
    ExportJob.objects.create(
        requester=employee, kind="participation", file_format="csv", language="nb"
    )
    StaticDevice.objects.create(user=employee, name="backup", confirmed=True)
    SignInIdentity.objects.create(
        user=employee, name="provider", confirmed=True, issuer="https://idp.example",
        claim="oid", subject=f"oid-{employee.uuid}",
    )  # fmt: skip
    EmailChange.objects.create(
        person=employee,
        old_email=f"tidligere.{employee.email}",
        new_email=employee.email,
        changed_by=hr,
        hold_until=timezone.now() + timedelta(hours=72),
    )
    _login_history(employee)
    EmailPreference.objects.create(person=employee, kind="goal_agreed", choice="off")
    calendar_feed_renew(person=employee)
    _pulse(employee)
    ScimLink.objects.create(person=employee, user_name=employee.email, external_id="entra-1")
    Invitation.objects.create(person=employee)
    _feedback(employee)


def _workshops(employee: Person, *, hr: Person) -> None:
    """A workshop the employee runs (as a facilitator HR named) and one they took part in."""
    Facilitator.objects.create(person=employee, granted_by=hr)
    own = Workshop.objects.create(
        facilitator=employee,
        title="Kurs",
        code=employee.uuid.hex[:6].upper(),
        threshold=3,
        expires_at=timezone.now() + timedelta(hours=1),
    )
    Participant.objects.create(workshop=own, person=employee)


def _pulse(employee: Person) -> None:
    """That the person answered a pulse round (their answer itself is no one's)."""
    from aktiv.pulse.models import Participation, Round

    round_, _ = Round.objects.get_or_create(
        name="Puls", defaults={"opens_on": date(2026, 1, 1), "closes_on": date(2026, 1, 14)}
    )
    Participation.objects.create(round=round_, person=employee)


def _feedback(employee: Person) -> None:
    """Upward feedback and 180° (issue #15): a round the person answered, a round of their
    own (as if they led someone) and a 180° request to their leader."""
    assert employee.leader is not None
    closed = {"instrument_version": 1, "closed_on": date(2026, 6, 1)}
    # The leader's round is shared by the reports who answered it, not one person's row.
    answered, _ = UpwardRound.objects.get_or_create(
        leader=employee.leader, closed_on=closed["closed_on"], defaults=closed
    )
    UpwardParticipation.objects.create(round=answered, person=employee)
    UpwardRound.objects.create(leader=employee, **closed)
    ViewRequest.objects.create(
        employee=employee,
        leader=employee.leader,
        response=submitted_response(employee),
        instrument_version=1,
    )


def _login_history(employee: Person) -> None:
    """What django-axes keeps: by the address typed (here also the earlier one)."""
    seen = {"ip_address": "10.0.0.1", "user_agent": "Firefox", "attempt_time": timezone.now()}
    AccessLog.objects.create(username=employee.email, **seen)
    AccessFailureLog.objects.create(username=f"tidligere.{employee.email}", **seen)
    AccessAttempt.objects.create(
        username=employee.email.upper(),
        post_data=f"username={employee.email}",
        failures_since_start=1,
        **seen,
    )


def _conversation(employee: Person, *, hr: Person) -> None:
    assert employee.leader is not None
    period, _ = Period.objects.get_or_create(
        name="2026",
        defaults={"starts_on": date(2026, 1, 1), "ends_on": date(2026, 12, 31), "created_by": hr},
    )
    record = ConversationRecord.objects.create(
        period=period, employee=employee, leader=employee.leader, tasks_and_roles="Oppgaver"
    )
    goal = personal_goal(record, "agreed", title=f"Mål for {employee.full_name}")
    follow_up = FollowUp.objects.create(
        record=record,
        scheduled_at=timezone.now() + timedelta(days=7),
        preparation={"q1": "Forberedt"},
        prepared_at=timezone.now(),
        shared_notes="Felles",
    )
    AgendaItem.objects.create(follow_up=follow_up, source="employee", added_by=employee, text="Sak")
    AgreedAction.objects.create(
        record=record, follow_up=follow_up, text="Tiltak", owner=employee, created_by=record.leader
    )
    LeaderNote.objects.create(follow_up=follow_up, author=record.leader, text="Privat notat")
    evaluation = Evaluation.objects.create(record=record, results="Resultater")
    for role in ("employee", "leader"):
        GoalAssessment.objects.create(
            evaluation=evaluation, goal=goal, author_role=role, rating="partly", comment=role
        )


def _acknowledgement(employee: Person, *, hr: Person) -> None:
    version, _ = ExpectationsVersion.objects.get_or_create(
        number=1, defaults={"published_at": timezone.now(), "created_by": hr}
    )
    Acknowledgement.objects.create(version=version, person=employee)


def models_pointing_at_person(*, include_auto_created: bool) -> set[str]:
    """Labels ("app.model") of the models with a foreign key, one-to-one or many-to-many
    field to the person model, including the person model itself (its leader)."""
    person_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        model._meta.label_lower
        for model in apps.get_models(include_auto_created=include_auto_created)
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.ManyToManyField)
        and field.related_model is person_model
    }
