"""One rounding rule for every number Aktiv shows: half up, to one decimal (means) or to a
whole percent, as people round by hand. Python's round() rounds half to even (3,25 → 3,2),
so a change computed with it could differ from the difference of the means on screen."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


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
