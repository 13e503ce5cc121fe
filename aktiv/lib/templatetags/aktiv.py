from django import template
from django.utils.translation import gettext, ngettext

from aktiv.lib import numbers

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign and one decimal: +0,3 / −0,5 / ±0,0 (lib/numbers.py)."""
    return numbers.signed(value)


@register.filter
def one_decimal(value: float | None) -> str:
    """A mean or a percentage with one decimal in the page's language (lib/numbers.py)."""
    return numbers.one_decimal(value)


@register.filter
def get_item(mapping: object, key: str) -> object:
    """`data|get_item:key` for stored worksheet data (a dict)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: object, name: str) -> object:
    """`form|field:name`: a bound field by a name held in a variable."""
    return form[name]  # type: ignore[index]


@register.filter
def minutes(value: object) -> int:
    """Whole minutes of a timedelta (for the lockout page)."""
    seconds = getattr(value, "total_seconds", None)
    return round(seconds() / 60) if seconds else 0


@register.simple_tag
def answered(count: int, threshold: int, still_open: bool = False, short: bool = False) -> str:
    """How many have answered, said as a group figure: fewer than k is said as such, and an
    open round's count moves in whole steps of k, so that a count that changes by one does
    not tell who just answered. `short`: for a table cell."""
    if count < threshold:
        if short:
            return gettext("færre enn %(k)s") % {"k": threshold}
        return gettext("Færre enn %(k)s har svart.") % {"k": threshold}
    if still_open:
        steps = count // threshold * threshold
        if short:
            return gettext("minst %(count)s") % {"count": steps}
        return gettext("Minst %(count)s har svart.") % {"count": steps}
    if short:
        return str(count)
    return ngettext("%(count)s har svart.", "%(count)s har svart.", count) % {"count": count}
