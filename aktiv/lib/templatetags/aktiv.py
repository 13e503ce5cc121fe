from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language

from aktiv.lib.numbers import to_one_decimal

register = template.Library()


@register.filter
def signed(value: float | None) -> str:
    """A change with its sign and one decimal, as Norwegians write it: +0,3 / −0,5 / ±0,0."""
    if value is None:
        return "–"
    rounded = to_one_decimal(value)
    if rounded == 0:
        return "±0,0"
    text = floatformat(abs(rounded), 1)
    return f"+{text}" if rounded > 0 else f"−{text}"


@register.filter
def one_decimal(value: float | None) -> str:
    """A mean or a percentage with one decimal, rounded half up, with the decimal mark of the
    page's language: what floatformat(value, 1) writes, at a tenth of its cost (figure pages
    write tens of thousands of these; tests/lib/test_numbers.py holds the two equal)."""
    if value is None:
        return "–"
    text = f"{to_one_decimal(value):.1f}"
    if text == "-0.0":
        text = "0.0"
    return text.replace(".", _decimal_mark())


_MARKS: dict[str, str] = {}


def _decimal_mark() -> str:
    language = get_language() or ""
    mark = _MARKS.get(language)
    if mark is None:
        mark = _MARKS[language] = str(formats.get_format("DECIMAL_SEPARATOR"))
    return mark


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
