from typing import Any

from django.db import models

from .models import AccessLogEntry, ActionEntry


def access_log(*, actor: Any, subject: Any, obj: models.Model, action: str) -> None:
    """Record that `actor` touched `subject`'s `obj`. A person's use of their own data is
    not logged: the log answers "who else has seen my data"."""
    if actor.pk == subject.pk:
        return
    AccessLogEntry.objects.create(
        actor=actor,
        subject=subject,
        action=action,
        object_type=obj._meta.label_lower,
        object_uuid=obj.uuid,  # type: ignore[attr-defined]
    )


def action_log(*, actor: Any, action: str, obj: models.Model) -> None:
    """Record an HR or administrator action on the organisation's setup."""
    ActionEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_uuid=getattr(obj, "uuid", None),
    )
