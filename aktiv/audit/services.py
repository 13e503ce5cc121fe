from datetime import timedelta
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from .models import AccessLogEntry, ActionEntry

GROUP_READS_WITHIN = timedelta(hours=1)


def access_log(*, actor: Any, subject: Any, obj: models.Model, action: str) -> None:
    """Record that `actor` touched `subject`'s `obj`. A person's use of their own data is
    not logged: the log answers "who else has seen my data". Repeated reads of one object by
    one reader within an hour are one row with a count, so *Mine data* stays readable."""
    if actor.pk == subject.pk:
        return
    fields = {
        "actor": actor,
        "subject": subject,
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_uuid": obj.uuid,  # type: ignore[attr-defined]
    }
    now = timezone.now()
    if action == AccessLogEntry.Action.READ:
        recent = AccessLogEntry.objects.filter(at__gte=now - GROUP_READS_WITHIN, **fields)
        if recent.update(count=F("count") + 1, last_at=now):
            return
    AccessLogEntry.objects.create(**fields, last_at=now)


def action_log(*, actor: Any, action: str, obj: models.Model) -> None:
    """Record an HR or administrator action on the organisation's setup."""
    ActionEntry.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower,
        object_uuid=getattr(obj, "uuid", None),
    )
