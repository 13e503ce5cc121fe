"""Server-rendered SVG charts. Each chart is drawn from a template (so every text is
escaped) and always comes with a table the template shows beside it for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    previous: float | None = None


@dataclass(frozen=True)
class _DrawnBar:
    label: str
    label_y: float
    bar_y: float
    width: float
    value_text: str
    value_x: float
    previous_y: float | None
    previous_width: float | None


WIDTH = 640
LEFT = 8
RIGHT = 48
ROW_HEIGHT = 62
TOP = 30


def _format(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def bar_chart(
    bars: list[Bar],
    *,
    minimum: int,
    maximum: int,
    chart_id: str,
    title: str,
    previous_label: str = "",
) -> SafeString:
    """Horizontal bars on a fixed scale, with the previous value as a thinner bar below."""
    span = WIDTH - LEFT - RIGHT

    def x_of(value: float) -> float:
        return round(LEFT + span * (value - minimum + 1) / (maximum - minimum + 1), 1)

    drawn = []
    for index, bar in enumerate(bars):
        top = TOP + index * ROW_HEIGHT
        width = x_of(bar.value) - LEFT if bar.value is not None else 0
        drawn.append(
            _DrawnBar(
                label=bar.label,
                label_y=top + 14,
                bar_y=top + 22,
                width=width,
                value_text=_format(bar.value) if bar.value is not None else "–",
                value_x=LEFT + width + 6,
                previous_y=top + 46 if bar.previous is not None else None,
                previous_width=(x_of(bar.previous) - LEFT) if bar.previous is not None else None,
            )
        )
    ticks = [(value, x_of(value)) for value in range(minimum, maximum + 1)]
    height = TOP + len(bars) * ROW_HEIGHT + 10
    return render_to_string(
        "charts/bar_chart.svg",
        {
            "bars": drawn,
            "ticks": ticks,
            "width": WIDTH,
            "height": height,
            "chart_id": chart_id,
            "title": title,
            "previous_label": previous_label,
            "has_previous": any(bar.previous is not None for bar in bars),
            "axis_bottom": height - 8,
            "left": LEFT,
        },
    )
