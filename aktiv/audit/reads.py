"""The one read path for another person's content. A page that shows what belongs to someone
else gets the object here: from a queryset already scoped to the viewer (`visible_to`), and
with the read written to the access log the person sees under *Mine data*. A lookup and a log
that are one call cannot be separated by a new view."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.shortcuts import get_object_or_404

from .models import AccessLogEntry
from .services import access_log

M = TypeVar("M", bound=models.Model)


def read(queryset: models.QuerySet[M], viewer: Any, **lookup: Any) -> M:
    """The object matching `lookup` in `queryset` (404 otherwise), its read logged when it
    is another person's (the model's `data_subject()`)."""
    found = get_object_or_404(queryset, **lookup)
    log_read(viewer, found, found)
    return found


def log_read(viewer: Any, owner: Any, shown: models.Model) -> None:
    """Log that `viewer` read `shown`, which belongs to `owner.data_subject()`."""
    access_log(
        actor=viewer,
        subject=owner.data_subject(),
        obj=shown,
        action=AccessLogEntry.Action.READ,
    )
