"""Month arithmetic and working days: the one home for "n months later/earlier" and for
"is this a working day in Norway" in Aktiv; and how a date is written in the reader's
language."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any

import holidays
from django.utils import timezone
from django.utils.formats import date_format


def _shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(day: date, months: int, *, keep_month_end: bool = False) -> date:
    """The same day `months` later (negative: earlier), clamped to the target month's end.
    With `keep_month_end` a month's last day stays a month's last day, so quarters end on
    quarter ends."""
    year, month = _shift(day.year, day.month, months)
    last = _last_day(year, month)
    if keep_month_end and day.day == _last_day(day.year, day.month):
        return date(year, month, last)
    return date(year, month, min(day.day, last))


def months_between(first: date, last: date) -> int:
    """Calendar months from `first`'s month to `last`'s: 0 within one month, 11 from
    January to December."""
    return (last.year - first.year) * 12 + last.month - first.month


def same_weekday_months_later(moment: datetime, months: int) -> datetime:
    """The same weekday and wall-clock time `months` later, in the same week of the month
    (the fourth Tuesday stays the fourth Tuesday, as calendars repeat a monthly meeting); a
    fifth weekday the month lacks becomes its last one. Local time: 10:00 stays 10:00 across
    summer time, and a meeting never drifts onto a weekend."""
    local = timezone.localtime(moment)
    year, month = _shift(local.year, local.month, months)
    first = 1 + (local.weekday() - date(year, month, 1).weekday()) % 7
    day = first + 7 * ((local.day - 1) // 7)
    if day > _last_day(year, month):
        day -= 7
    return timezone.make_aware(datetime.combine(date(year, month, day), local.time()))


def start_of_today() -> datetime:
    """Midnight at the start of today, local time: the cut-off for "upcoming" (a meeting
    earlier today that is not yet marked held is still the next one)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


@cache
def _norwegian_holidays(year: int) -> frozenset[date]:
    """Public holidays (helligdager) of the year, plus julaften and nyttårsaften, which
    most workplaces in Norway keep free though the law does not."""
    official = holidays.country_holidays("NO", years=year)
    return frozenset(official) | {date(year, 12, 24), date(year, 12, 31)}


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _norwegian_holidays(day.year)


def next_working_day(moment: datetime) -> datetime:
    """The same wall-clock time on the first working day from this one on (itself when it
    is one): a meeting on Ascension Day moves to the Friday, one on julaften to the 28th."""
    local = timezone.localtime(moment)
    day = local.date()
    while not is_working_day(day):
        day += timedelta(days=1)
    if day == local.date():
        return moment
    return timezone.make_aware(datetime.combine(day, local.time()))


# Templates write dates the Norwegian way ("j. F Y \k\l. H:i"). Read in English, the same
# moment is written the English way; nynorsk writes dates as bokmål does. Month and weekday
# names come from Django's catalogues in every language.
ENGLISH_DATES = {
    "j. F Y": "j F Y",
    "j. F Y H:i": "j F Y H:i",
    "j. F": "j F",
    "j. F H:i": "j F H:i",
    "l j. F": "l j F",
    "l j. F Y": "l j F Y",
    "j. F Y \\k\\l. H:i": "j F Y \\a\\t H:i",
    "j. F \\k\\l. H:i": "j F \\a\\t H:i",
    "l j. F Y \\k\\l. H:i": "l j F Y \\a\\t H:i",
    "l j. F \\k\\l. H:i": "l j F \\a\\t H:i",
    "j.n.Y": "j/n/Y",
    "d.m.Y H:i": "d/m/Y H:i",
}


def date_format_for(format_string: str | None, language: str | None = None) -> str | None:
    """The format to write a date with in `language` (default: the active one)."""
    from .content import language_code

    if format_string and language_code(language) == "en":
        return ENGLISH_DATES.get(format_string, format_string)
    return format_string


def local_date(value: Any, format_string: str) -> str:
    """`date_format` with a Norwegian format, written for the active language."""
    return date_format(value, date_format_for(format_string))
