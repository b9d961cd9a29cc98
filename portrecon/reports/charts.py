"""Inline SVG charts for nightly.html: horizontal stacked bars and box plots, nothing fetched.

Hand-written SVG keeps the page self-contained (it opens offline and prints) without a plotting
dependency. Every label is escaped; each bar segment carries a <title> tooltip with its value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies; grey for "other".
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#000000")
OTHER_COLOUR = "#9E9E9E"
TONE_COLOURS = {"bad": "#C0392B", "warn": "#E69F00", "ok": "#2E8B57"}

WIDTH = 580
LABEL_WIDTH = 200
RIGHT_MARGIN = 56
ROW_HEIGHT = 24
BAR_HEIGHT = 16
AXIS_HEIGHT = 26
# Estimated widths of 12px sans-serif characters, for laying out labels (no font metrics here).
CHAR_WIDTH = 7.2  # DejaVu Sans, a common fallback, is among the widest
UPPER_WIDTH = 8.8


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]
    colour: str


@dataclass(frozen=True)
class Box:
    """One row of a box plot: percentiles of a duration, how many values, and a target."""

    label: str
    count: int
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float
    target: float | None = None


def stacked_bars(title: str, categories: list[str], series: list[Series], unit: str) -> str:
    """One horizontal bar per category, split into the series' segments, with a legend."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    legend, legend_height = _legend([(s.name, s.colour) for s in series], top=0)
    top = legend_height + 6
    scale = _Scale(max(totals, default=0))
    height = top + len(categories) * ROW_HEIGHT + AXIS_HEIGHT
    parts = [_open(title, height), legend, _axis(scale, top, len(categories) * ROW_HEIGHT, unit)]
    for row, category in enumerate(categories):
        y = top + row * ROW_HEIGHT
        parts.append(_row_label(category, y))
        x = float(LABEL_WIDTH)
        for s in series:
            value = s.values[row]
            if value <= 0:
                continue
            width = scale.length(value)
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{s.colour}"><title>{escape(category)}: {escape(s.name)} '
                f"{_number(value)} {escape(unit)}</title></rect>"
            )
            x += width
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 16}" class="value">{_number(totals[row])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def box_plots(title: str, boxes: list[Box], unit: str) -> str:
    """Per row: whiskers from p10 to p90, box from p25 to p75, median bar, target tick."""
    items = [("p10-p90", "#6C8EBF"), ("p25-p75 (box), median (bar)", PALETTE[0])]
    if any(b.target is not None for b in boxes):
        items.append(("carrier target", TONE_COLOURS["bad"]))
    legend, legend_height = _legend(items, top=0)
    top = legend_height + 6
    scale = _Scale(max((max(b.p90, b.target or 0) for b in boxes), default=0))
    height = top + len(boxes) * ROW_HEIGHT + AXIS_HEIGHT
    parts = [_open(title, height), legend, _axis(scale, top, len(boxes) * ROW_HEIGHT, unit)]
    for row, box in enumerate(boxes):
        y = top + row * ROW_HEIGHT
        mid = y + 4 + BAR_HEIGHT / 2
        x10, x25, x50, x75, x90 = (
            LABEL_WIDTH + scale.length(v) for v in (box.p10, box.p25, box.p50, box.p75, box.p90)
        )
        tip = (
            f"{escape(box.label)}: median {_number(box.p50)}, middle half {_number(box.p25)}-"
            f"{_number(box.p75)}, p10-p90 {_number(box.p10)}-{_number(box.p90)} {escape(unit)} "
            f"over {box.count} orders"
        )
        parts.append(_row_label(box.label, y))
        parts.append(
            f"<g><title>{tip}</title>"
            f'<line x1="{x10:.1f}" y1="{mid}" x2="{x90:.1f}" y2="{mid}" stroke="#6C8EBF" '
            f'stroke-width="2"/>'
            f'<rect x="{x25:.1f}" y="{y + 4}" width="{max(x75 - x25, 1):.1f}" '
            f'height="{BAR_HEIGHT}" fill="{PALETTE[0]}" fill-opacity="0.35" stroke="{PALETTE[0]}"/>'
            f'<line x1="{x50:.1f}" y1="{y + 3}" x2="{x50:.1f}" y2="{y + 5 + BAR_HEIGHT}" '
            f'stroke="{PALETTE[0]}" stroke-width="3"/></g>'
        )
        if box.target is not None:
            xt = LABEL_WIDTH + scale.length(box.target)
            parts.append(
                f'<line x1="{xt:.1f}" y1="{y + 1}" x2="{xt:.1f}" y2="{y + 7 + BAR_HEIGHT}" '
                f'stroke="{TONE_COLOURS["bad"]}" stroke-width="2" stroke-dasharray="3 2">'
                f"<title>{escape(box.label)} target: {_number(box.target)} {escape(unit)}"
                "</title></line>"
            )
        parts.append(
            f'<text x="{max(x90, x75) + 6:.1f}" y="{y + 16}" class="value">n={box.count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


class _Scale:
    """Value -> pixels along the bar area, with round tick values."""

    def __init__(self, maximum: float) -> None:
        self.step = _nice_step(maximum)
        self.maximum = max(self.step * math.ceil(maximum / self.step), self.step)
        self.span = WIDTH - LABEL_WIDTH - RIGHT_MARGIN

    def length(self, value: float) -> float:
        return max(value, 0) / self.maximum * self.span

    def ticks(self) -> list[float]:
        return [self.step * i for i in range(round(self.maximum / self.step) + 1)]


def _nice_step(maximum: float, target_ticks: int = 5) -> float:
    """1, 2 or 5 times a power of ten, giving at most about `target_ticks` intervals."""
    if maximum <= 0:
        return 1.0
    raw = maximum / target_ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _open(title: str, height: float) -> str:
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}"><title>{escape(title)}</title>'
    )


def _legend(items: list[tuple[str, str]], top: float) -> tuple[str, float]:
    """Swatches and names laid out in lines across the chart width; returns (svg, height)."""
    parts, x, y = [], 0.0, top + 12
    for name, colour in items:
        width = 18 + len(name) * CHAR_WIDTH + 12
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + 18
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16:.1f}" y="{y + 1}" class="legend">{escape(name)}</text>'
        )
        x += width
    return "".join(parts), y + 6 - top


def _axis(scale: _Scale, top: float, height: float, unit: str) -> str:
    """Vertical grid lines with tick values under the bars, and the unit."""
    parts = []
    bottom = top + height
    for tick in scale.ticks():
        x = LABEL_WIDTH + scale.length(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" class="grid"/>'
            f'<text x="{x:.1f}" y="{bottom + 14}" class="tick">{_number(tick)}</text>'
        )
    parts.append(
        f'<text x="{WIDTH - RIGHT_MARGIN:.0f}" y="{bottom + 24}" class="unit">{escape(unit)}</text>'
    )
    return "".join(parts)


def _row_label(label: str, y: float) -> str:
    shown = _fit(label, LABEL_WIDTH - 12)
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" class="label"><title>{escape(label)}</title>'
        f"{escape(shown)}</text>"
    )


def _fit(label: str, pixels: float) -> str:
    """The label, cut with an ellipsis where its estimated width would pass `pixels`."""
    width = 0.0
    for end, char in enumerate(label):
        width += UPPER_WIDTH if char.isupper() else CHAR_WIDTH
        if width > pixels:
            return label[: max(end - 1, 1)] + "…"
    return label


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
