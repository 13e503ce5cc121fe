"""One rounding rule for every number Aktiv shows: half up, to one decimal (means) or to a
whole percent, as people round by hand. Python's round() rounds half to even (3,25 → 3,2),
so a change computed with it could differ from the difference of the means on screen."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import get_language


def to_one_decimal(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> int:
    """`part` of `whole` as a whole percent; 0 of nothing is 0."""
    if not whole:
        return 0
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def change(mean: float, previous: float) -> float:
    """The change between two means as shown: the difference of the rounded values."""
    return to_one_decimal(to_one_decimal(mean) - to_one_decimal(previous))


def one_decimal(value: float | None) -> str:
    """A mean or a percentage with one decimal, rounded half up, with the decimal mark of the
    active language (3,4 in Norwegian, 3.4 in English): what floatformat(value, 1) writes, at
    a tenth of its cost (figure pages write tens of thousands of these; tests/lib/
    test_numbers.py holds the two equal). "–" for no value."""
    if value is None:
        return "–"
    text = f"{to_one_decimal(value):.1f}"
    if text == "-0.0":
        text = "0.0"
    return text.replace(".", _decimal_mark())


def signed(value: float | None) -> str:
    """A change with its sign and one decimal: +0,3 / −0,5 / ±0,0 (+0.3 in English)."""
    if value is None:
        return "–"
    rounded = to_one_decimal(value)
    if rounded == 0:
        return "±" + one_decimal(0)
    text = one_decimal(abs(rounded))
    return f"+{text}" if rounded > 0 else f"−{text}"


_MARKS: dict[str, str] = {}


def _decimal_mark() -> str:
    language = get_language() or ""
    mark = _MARKS.get(language)
    if mark is None:
        mark = _MARKS[language] = str(formats.get_format("DECIMAL_SEPARATOR"))
    return mark
