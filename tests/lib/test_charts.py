"""The bar chart drawn twice: at 640 for a wide screen and at 320 for a phone, where a chart
scaled down from 640 would show its labels at 6-7 pixels (aktiv.css shows one drawing)."""

from __future__ import annotations

import re

from aktiv.lib.charts import NARROW_WIDTH, WIDTH, Bar, bar_chart

LONG = "Utviklingsstøtte – fremme læring, kompetanseutvikling og -mobilisering"


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg.*?</svg>", html, re.S)


def test_a_wide_and_a_narrow_drawing_each_with_its_own_title():
    html = str(
        bar_chart(
            [Bar(LONG, 3.1, 3.5), Bar("Selvledelse", 4.0)],
            minimum=1,
            maximum=5,
            chart_id="c",
            title="Teamets gjennomsnitt",
        )
    )
    wide, narrow = _svgs(html)
    assert 'class="chart chart-wide"' in wide and f'viewBox="0 0 {WIDTH} ' in wide
    assert 'class="chart chart-narrow"' in narrow and f'viewBox="0 0 {NARROW_WIDTH} ' in narrow
    assert 'aria-labelledby="c-title"' in wide and 'id="c-title"' in wide
    assert 'aria-labelledby="c-narrow-title"' in narrow and 'id="c-narrow-title"' in narrow
    # The long label on one line when wide; over lines of at most 34 characters when narrow,
    # never broken at a hyphen ("og" and "-mobilisering" stay together).
    assert LONG in wide
    lines = re.findall(r">([^<>]+)</tspan>", narrow)
    first = re.search(r'class="chart-label">([^<]+)<tspan', narrow)
    assert first is not None
    shown = [line.replace("\u00a0", " ") for line in (first.group(1), *lines)]
    assert " ".join(shown) == LONG
    assert all(len(line) <= 34 for line in shown[:-1])
    assert shown[-1] == "og -mobilisering"
    # The narrow drawing is taller by the extra lines, so nothing overlaps.
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', narrow).group(1))
    wide_height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', wide).group(1))
    assert height == wide_height + (len(shown) - 1) * 17
