from django import template

from aktiv.expectations.models import ExpectationsVersion
from aktiv.expectations.services import current_published

register = template.Library()


@register.simple_tag
def current_expectations() -> ExpectationsVersion | None:
    """The organisation's published expectations, a standing topic in the goal conversation."""
    return current_published()
