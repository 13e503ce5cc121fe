"""Checks a service runs before it saves."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Every date a person types lies in these years: a hostile one (9999-12-31) never reaches
# month arithmetic, a period's end or a series of invitations.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2100, 12, 31)
DAY_RANGE_MESSAGE = format_lazy(
    gettext_lazy("Velg en dato mellom år {first} og {last}."),
    first=EARLIEST_DAY.year,
    last=LATEST_DAY.year,
)


def check_lengths(model: type[models.Model], **values: str) -> None:
    """Text fields' max_length is not enforced by the database (SQLite, and a TextField's
    nowhere): enforce it here. The refusal names the field, so a form shows it there."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            message = _("«%(field)s» kan være høyst %(limit)s tegn (nå %(length)s).") % {
                "field": getattr(field, "verbose_name", name),
                "limit": limit,
                "length": len(value),
            }
            raise ValidationError({name: message})


def check_days(**days: date | None) -> None:
    """The dates lie in the sane range; a refusal names the field, so a form shows it there."""
    for name, day in days.items():
        if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValidationError({name: str(DAY_RANGE_MESSAGE)})
