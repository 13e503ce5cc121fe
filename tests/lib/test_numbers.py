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


def test_a_change_is_written_with_the_pages_decimal_mark():
    from django.utils import translation

    with translation.override("nb"):
        assert (signed(0.31), signed(-0.5), signed(0.01)) == ("+0,3", "−0,5", "±0,0")
    with translation.override("en"):
        assert (signed(0.31), signed(-0.5), signed(0.01)) == ("+0.3", "−0.5", "±0.0")
    assert signed(None) == "–"


def test_the_charts_write_numbers_as_the_tables_beside_them_do():
    from django.utils import translation

    from aktiv.lib.charts import Bar, bar_chart

    for language, text in (("nb", "3,4"), ("nn", "3,4"), ("en", "3.4")):
        with translation.override(language):
            svg = str(
                bar_chart([Bar("Selvledelse", 3.4)], minimum=1, maximum=5, chart_id="c", title="t")
            )
            assert f">{text}<" in svg, language
            assert one_decimal(3.4) == text
