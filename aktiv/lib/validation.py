"""Checks a service runs before it saves."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def check_lengths(model: type[models.Model], **values: str) -> None:
    """Text fields' max_length is not enforced by the database (SQLite): enforce it here."""
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            raise ValidationError(
                _("«%(field)s» kan være høyst %(limit)s tegn (nå %(length)s).")
                % {
                    "field": getattr(field, "verbose_name", name),
                    "limit": limit,
                    "length": len(value),
                }
            )
