"""Working days in Norway: the one home is aktiv/lib/dates.py."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from aktiv.lib.dates import is_working_day, next_working_day


def test_working_days_skip_weekends_norwegian_holidays_julaften_and_nyttarsaften():
    assert is_working_day(date(2026, 11, 30))  # a Monday
    assert not is_working_day(date(2026, 11, 29))  # a Sunday
    for holiday in (
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 4, 2),  # skjærtorsdag
        date(2026, 12, 24),  # julaften
        date(2026, 12, 31),  # nyttårsaften
        date(2027, 5, 17),  # grunnlovsdag
    ):
        assert not is_working_day(holiday), holiday


def test_the_next_working_day_keeps_the_time():
    ascension = timezone.make_aware(datetime(2026, 5, 14, 10, 30))
    assert next_working_day(ascension) == timezone.make_aware(datetime(2026, 5, 15, 10, 30))
    julaften = timezone.make_aware(datetime(2026, 12, 24, 9, 0))
    # 25. and 26. are holidays, 27. a Sunday.
    assert next_working_day(julaften) == timezone.make_aware(datetime(2026, 12, 28, 9, 0))
    monday = timezone.make_aware(datetime(2026, 11, 30, 14, 0))
    assert next_working_day(monday) == monday
