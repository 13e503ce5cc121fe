"""Server-rendered SVG charts. Each chart is drawn from a template (so every text is
escaped) and always comes with a table the template shows beside it for screen readers."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from aktiv.lib.numbers import one_decimal


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    previous: float | None = None


@dataclass(frozen=True)
class _DrawnBar:
    label_lines: list[str]
    label_y: float
    bar_y: float
    width: float
    value_text: str
    value_x: float
    previous_y: float | None
    previous_width: float | None


WIDTH = 640
# A phone's width: drawn at 640 the chart would be scaled to half on a 390-pixel screen, its
# labels to 6-7 pixels. The narrow drawing is shown instead on small screens (aktiv.css), its
# long labels wrapped over several lines.
NARROW_WIDTH = 320
NARROW_LABEL_CHARS = 34
LABEL_LINE = 17
LEFT = 8
RIGHT = 48
ROW_HEIGHT = 62
TOP = 30


def _format(value: float) -> str:
    return one_decimal(value)


def bar_chart(
    bars: list[Bar],
    *,
    minimum: int,
    maximum: int,
    chart_id: str,
    title: str,
) -> SafeString:
    """Horizontal bars on a fixed scale, with the previous value as a thinner bar below:
    drawn twice, for a wide screen and for a phone (the page's CSS shows one of them)."""
    wide = _bar_svg(bars, minimum, maximum, chart_id, title, WIDTH, label_chars=0)
    narrow = _bar_svg(
        bars, minimum, maximum, f"{chart_id}-narrow", title, NARROW_WIDTH, NARROW_LABEL_CHARS
    )
    return mark_safe(wide + narrow)  # noqa: S308  # nosec B308, B703 - templates escape every text


def _bar_svg(
    bars: list[Bar],
    minimum: int,
    maximum: int,
    chart_id: str,
    title: str,
    chart_width: int,
    label_chars: int,
) -> str:
    span = chart_width - LEFT - RIGHT

    def x_of(value: float) -> float:
        return round(LEFT + span * (value - minimum + 1) / (maximum - minimum + 1), 1)

    drawn = []
    top = TOP
    for bar in bars:
        lines = (
            # "og -mobilisering" stays on one line (a no-break space: textwrap keeps it).
            textwrap.wrap(bar.label.replace(" -", "\u00a0-"), label_chars, break_on_hyphens=False)
            if label_chars
            else [bar.label]
        )
        lines = lines or [""]
        extra = (len(lines) - 1) * LABEL_LINE
        width = x_of(bar.value) - LEFT if bar.value is not None else 0
        drawn.append(
            _DrawnBar(
                label_lines=lines,
                label_y=top + 14,
                bar_y=top + 22 + extra,
                width=width,
                value_text=_format(bar.value) if bar.value is not None else "–",
                value_x=LEFT + width + 6,
                previous_y=top + 46 + extra if bar.previous is not None else None,
                previous_width=(x_of(bar.previous) - LEFT) if bar.previous is not None else None,
            )
        )
        top += ROW_HEIGHT + extra
    ticks = [(value, x_of(value)) for value in range(minimum, maximum + 1)]
    height = top + 10
    return render_to_string(
        "charts/bar_chart.svg",
        {
            "bars": drawn,
            "ticks": ticks,
            "width": chart_width,
            "narrow": bool(label_chars),
            "height": height,
            "chart_id": chart_id,
            "title": title,
            "axis_bottom": height - 8,
            "left": LEFT,
            "line": LABEL_LINE,
        },
    )


# A heatmap's colour bands, half a point wide: --heat-1 … --heat-8 in aktiv.css, each with a
# text colour that reaches WCAG AA (4.5:1) on it — tests check it.
HEAT_BANDS = tuple(range(1, 9))


def heat_band(value: float, *, minimum: int, maximum: int) -> int:
    share = (value - minimum) / (maximum - minimum)
    index = int(share * len(HEAT_BANDS))
    return HEAT_BANDS[max(0, min(index, len(HEAT_BANDS) - 1))]


@dataclass(frozen=True)
class HeatRow:
    """One row of a heatmap: a value per column (None: no answers), or `hidden` when the
    anonymity gate holds the whole row back."""

    label: str
    values: tuple[float | None, ...] = ()
    hidden: bool = False
    depth: int = 0


@dataclass(frozen=True)
class _HeatCell:
    x: float
    text_x: float
    band: int
    text: str


@dataclass(frozen=True)
class _DrawnHeatRow:
    label: str
    label_x: float
    y: float
    text_y: float
    hidden: bool
    cells: list[_HeatCell]


HEAT_LABEL_WIDTH = 230
HEAT_CELL_WIDTH = 136
HEAT_ROW_HEIGHT = 34
HEAT_LABEL_CHARS = 26
HEAT_HEADER_LINE = 15


def _wrap(text: str, width: int = 17, lines: int = 3) -> list[str]:
    """Column headings broken into short lines; SVG text does not wrap by itself."""
    wrapped: list[str] = []
    for word in text.split():
        if wrapped and len(wrapped[-1]) + 1 + len(word) <= width:
            wrapped[-1] += " " + word
        else:
            wrapped.append(word)
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1] + " …"]
    return wrapped


def _shorten(label: str) -> str:
    return label if len(label) <= HEAT_LABEL_CHARS else label[: HEAT_LABEL_CHARS - 1] + "…"


def _heat_rows(
    rows: list[_DrawnHeatRow], *, row_width: float, hidden_text_x: float, hidden_label: str
) -> SafeString:
    """The rows' SVG, written here rather than by a template loop: a page of a few hundred
    units draws thousands of cells, and the template engine took most of the page's time.
    Every text is escaped; numbers are written as Python writes them (no localisation)."""
    height = HEAT_ROW_HEIGHT - 4
    width = HEAT_CELL_WIDTH - 4
    hidden = escape(hidden_label)
    parts = []
    for row in rows:
        label = escape(row.label)
        parts.append(f'<text x="{row.label_x}" y="{row.text_y}" class="heat-label">{label}</text>')
        if row.hidden:
            parts.append(
                f'<rect x="{HEAT_LABEL_WIDTH}" y="{row.y}" width="{row_width}" height="{height}"'
                f' rx="3" class="heat-hidden"/><text x="{hidden_text_x}" y="{row.text_y}"'
                f' text-anchor="middle" class="heat-hidden-text">{hidden}</text>'
            )
            continue
        for cell in row.cells:
            parts.append(
                f'<rect x="{cell.x}" y="{row.y}" width="{width}" height="{height}" rx="3"'
                f' class="heat-cell" data-band="{cell.band}"/><text x="{cell.text_x}"'
                f' y="{row.text_y}" text-anchor="middle" class="heat-value"'
                f' data-band="{cell.band}">{escape(cell.text)}</text>'
            )
    # Every text in it is escaped above.
    return mark_safe("\n  ".join(parts))  # noqa: S308  # nosec B308 B703


def heatmap(
    rows: list[HeatRow],
    columns: list[str],
    *,
    minimum: int,
    maximum: int,
    chart_id: str,
    title: str,
    hidden_label: str,
) -> SafeString:
    """Rows × columns of values on a fixed scale, one coloured rect per value, with the value
    written in it and a legend of the bands. Hidden rows are one grey bar saying so."""
    header_lines = [_wrap(column) for column in columns]
    top = 10 + HEAT_HEADER_LINE * max((len(lines) for lines in header_lines), default=1) + 8
    drawn = []
    for index, row in enumerate(rows):
        y = top + index * HEAT_ROW_HEIGHT
        cells = []
        if not row.hidden:
            for column, value in enumerate(row.values):
                if value is None:
                    continue
                band = heat_band(value, minimum=minimum, maximum=maximum)
                x = HEAT_LABEL_WIDTH + column * HEAT_CELL_WIDTH
                cells.append(
                    _HeatCell(
                        x=x,
                        text_x=x + (HEAT_CELL_WIDTH - 4) / 2,
                        band=band,
                        text=_format(value),
                    )
                )
        drawn.append(
            _DrawnHeatRow(_shorten(row.label), 4 + 14 * row.depth, y, y + 20, row.hidden, cells)
        )
    width = HEAT_LABEL_WIDTH + HEAT_CELL_WIDTH * len(columns) + 4
    legend_y = top + len(rows) * HEAT_ROW_HEIGHT + 16
    step = (maximum - minimum) / len(HEAT_BANDS)
    legend = [
        (HEAT_LABEL_WIDTH + index * 44, band, _format(minimum + index * step))
        for index, band in enumerate(HEAT_BANDS)
    ]
    row_width = HEAT_CELL_WIDTH * len(columns) - 4
    body = _heat_rows(
        drawn,
        row_width=row_width,
        hidden_text_x=HEAT_LABEL_WIDTH + row_width / 2,
        hidden_label=hidden_label,
    )
    return render_to_string(
        "charts/heatmap.svg",
        {
            "body": body,
            "chart_id": chart_id,
            "title": title,
            "width": max(width, HEAT_LABEL_WIDTH + 44 * len(HEAT_BANDS) + 40),
            "height": legend_y + 44,
            "headers": [
                (
                    HEAT_LABEL_WIDTH + i * HEAT_CELL_WIDTH + (HEAT_CELL_WIDTH - 4) / 2,
                    [(10 + HEAT_HEADER_LINE * (n + 1), line) for n, line in enumerate(lines)],
                )
                for i, lines in enumerate(header_lines)
            ],
            "rows": drawn,
            "cell_width": HEAT_CELL_WIDTH - 4,
            "cell_height": HEAT_ROW_HEIGHT - 4,
            "row_width": HEAT_CELL_WIDTH * len(columns) - 4,
            "label_width": HEAT_LABEL_WIDTH,
            "hidden_label": hidden_label,
            "legend": legend,
            "legend_y": legend_y,
            "legend_text_y": legend_y + 30,
            "hidden_text_x": HEAT_LABEL_WIDTH + (HEAT_CELL_WIDTH * len(columns) - 4) / 2,
            "legend_max": _format(maximum),
            "legend_max_x": HEAT_LABEL_WIDTH + len(HEAT_BANDS) * 44,
        },
    )


@dataclass(frozen=True)
class Column:
    label: str
    value: int


@dataclass(frozen=True)
class _DrawnColumn:
    label: str
    x: float
    label_x: float
    y: float
    height: float
    value_y: float
    value: int


COLUMN_CHART_HEIGHT = 220
COLUMN_TOP = 24
COLUMN_BOTTOM = 30


def column_chart(columns: list[Column], *, chart_id: str, title: str) -> SafeString:
    """Counts over time as vertical columns, each with its number above it; the scale starts
    at zero so heights compare honestly."""
    width = WIDTH
    slot = (width - 2 * LEFT) / max(len(columns), 1)
    plot = COLUMN_CHART_HEIGHT - COLUMN_TOP - COLUMN_BOTTOM
    top = max((c.value for c in columns), default=0) or 1
    drawn = []
    for index, column in enumerate(columns):
        height = round(plot * column.value / top, 1)
        x = LEFT + index * slot
        y = COLUMN_TOP + plot - height
        drawn.append(
            _DrawnColumn(
                label=column.label,
                x=round(x + slot * 0.15, 1),
                label_x=round(x + slot / 2, 1),
                y=round(y, 1),
                height=height,
                value_y=round(y - 5, 1),
                value=column.value,
            )
        )
    return render_to_string(
        "charts/column_chart.svg",
        {
            "columns": drawn,
            "bar_width": round(slot * 0.7, 1),
            "width": width,
            "height": COLUMN_CHART_HEIGHT,
            "axis_y": COLUMN_TOP + plot,
            "label_y": COLUMN_CHART_HEIGHT - 10,
            "chart_id": chart_id,
            "title": title,
            "left": LEFT,
            "right": width - LEFT,
        },
    )
