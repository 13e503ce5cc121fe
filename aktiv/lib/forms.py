"""The bounds every form puts on what a person types: a text has a maximum length, a date
lies in a sane range. Each is refused with a message in Norwegian, at its field."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy

from .validation import DAY_RANGE_MESSAGE, EARLIEST_DAY, LATEST_DAY

# Django fills in the limit and the length when it refuses a text.
TOO_LONG: dict[str, Any] = {
    "max_length": gettext_lazy(
        "Teksten kan ha høyst %(limit_value)s tegn. Den har nå %(show_value)s."
    )
}


def day_range() -> list[Any]:
    """Validators for a DateField: a year like 9999 is refused at the field."""
    return [
        MinValueValidator(EARLIEST_DAY, DAY_RANGE_MESSAGE),
        MaxValueValidator(LATEST_DAY, DAY_RANGE_MESSAGE),
    ]
