"""HR's changes to the learning catalogue and to the dimension → sessions mapping. Each
validates the whole object before saving and leaves a line in the action log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aktiv.audit.services import action_log
from aktiv.lib.validation import check_lengths
from aktiv.people.models import Person

from .models import LearningSession, Recommendation, RecommendedSession
from .recommend import known_dimensions

EDITABLE = ("title", "job", "duration_minutes", "description", "link")


def _apply(session: LearningSession, values: dict[str, Any]) -> None:
    for field in EDITABLE:
        if field in values:
            value = values[field]
            setattr(session, field, value.strip() if isinstance(value, str) else value)
    # full_clean() checks a CharField's length, not a TextField's.
    check_lengths(LearningSession, description=session.description)


@transaction.atomic
def session_create(*, actor: Person, values: dict[str, Any]) -> LearningSession:
    """The organisation's own session, placed last among its job's sessions."""
    session = LearningSession(created_by=actor)
    _apply(session, values)
    last = LearningSession.objects.filter(job=session.job).aggregate(last=Max("order"))["last"]
    session.order = (last or 0) + 1
    session.full_clean()
    session.save()
    action_log(actor=actor, action="learning_session_create", obj=session)
    return session


@transaction.atomic
def session_change(
    *, session: LearningSession, actor: Person, values: dict[str, Any]
) -> LearningSession:
    _apply(session, values)
    session.full_clean()
    session.save()
    action_log(actor=actor, action="learning_session_change", obj=session)
    return session


@transaction.atomic
def session_set_active(*, session: LearningSession, actor: Person, active: bool) -> None:
    """Hide a session from the catalogue and from recommendations, or show it again. Hidden,
    not deleted: the mapping keeps it, so showing it again restores its recommendations."""
    if session.is_active == active:
        return
    session.is_active = active
    session.save(update_fields=["is_active", "updated_at"])
    action_log(
        actor=actor,
        action="learning_session_activate" if active else "learning_session_deactivate",
        obj=session,
    )


@transaction.atomic
def recommendation_set(
    *, dimension_key: str, sessions: Iterable[LearningSession], actor: Person
) -> Recommendation:
    """Which sessions someone low on (or developing) this dimension is recommended. Sessions
    already there keep their place (the seed puts the most relevant first); newly chosen ones
    follow in the catalogue's order."""
    if dimension_key not in known_dimensions():
        raise ValidationError(_("Ukjent dimensjon."))
    recommendation, _created = Recommendation.objects.get_or_create(dimension_key=dimension_key)
    wanted = {session.pk: session for session in sessions}
    kept = [
        entry.session_id
        for entry in recommendation.entries.order_by("position")
        if entry.session_id in wanted
    ]
    added = sorted((s for pk, s in wanted.items() if pk not in kept), key=lambda s: s.job_position)
    recommendation.entries.all().delete()
    RecommendedSession.objects.bulk_create(
        RecommendedSession(recommendation=recommendation, session_id=pk, position=position)
        for position, pk in enumerate(kept + [s.pk for s in added], start=1)
    )
    recommendation.save(update_fields=["updated_at"])
    action_log(actor=actor, action="learning_recommendation_set", obj=recommendation)
    return recommendation
