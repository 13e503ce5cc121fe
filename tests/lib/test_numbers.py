"""One rounding rule: the change shown equals the difference of the means shown."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from aktiv.lib.numbers import change, percent, to_one_decimal
from aktiv.lib.templatetags.aktiv import one_decimal, signed

means = st.floats(min_value=1, max_value=5, allow_nan=False)


def _shown(text: str) -> Decimal:
    return Decimal(text.replace(",", ".").replace("−", "-").replace("±", "").replace("+", ""))


def test_half_up_as_people_round_by_hand():
    assert to_one_decimal(3.25) == 3.3
    assert one_decimal(2.25) == "2,3"
    assert percent(1, 8) == 13
    assert percent(0, 0) == 0


@given(means, means)
def test_change_is_the_difference_of_the_means_shown(mean, previous):
    assert _shown(signed(change(mean, previous))) == _shown(one_decimal(mean)) - _shown(
        one_decimal(previous)
    )


@given(
    st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)),
    st.sampled_from(["nb", "nn", "en"]),
)
def test_one_decimal_writes_what_floatformat_writes(value, language):
    """The filter writes the number itself (a figure page writes tens of thousands); it must
    write exactly what Django's floatformat(value, 1) writes in each language."""
    from django.template.defaultfilters import floatformat
    from django.utils import translation

    with translation.override(language):
        expected = "–" if value is None else str(floatformat(to_one_decimal(value), 1))
        assert one_decimal(value) == expected
