"""Small line charts as plain SVG, drawn on the server (no chart library, nothing fetched).

Bands are labelled in words, never by colour alone; each chart has a title for screen
readers, and pages show the same numbers in a table next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

WIDTH, HEIGHT = 440, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 154, 14, 32
BAND_FILLS = ("#eef5ee", "#f6f3e6", "#f8ece2", "#f6e3e3", "#f1dede")


def line_chart(
    points: Sequence[tuple[date, float]],
    *,
    since: date,
    until: date,
    y_min: float,
    y_max: float,
    title: str,
    bands: Sequence[tuple[float, float, str]] = (),
    date_labels: tuple[str, str] | None = None,
) -> str:
    """An SVG line chart of `points` between `since` and `until`; empty string for no points.
    `date_labels`: the two ends in the reader's words (else ISO dates)."""
    if not points:
        return ""
    span_days = max((until - since).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - since).days / span_days

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_min) / (y_max - y_min))

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (low, high, label) in enumerate(bands):
        top, bottom = y(min(high + 0.5, y_max)), y(max(low - 0.5, y_min))
        parts.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{bottom - top:.1f}" '
            f'fill="{BAND_FILLS[i % len(BAND_FILLS)]}"/>'
            f'<text x="{LEFT + plot_w + 6}" y="{(top + bottom) / 2 + 5:.1f}" class="chart-band">'
            f"{escape(label)}</text>"
        )
    # Whole numbers on the axis (found: "13.5" clipped to ".3.5" on a phone).
    for value in (y_min, round((y_min + y_max) / 2), y_max):
        parts.append(
            f'<text x="{LEFT - 8}" y="{y(value) + 5:.1f}" text-anchor="end" class="chart-axis">'
            f"{value:g}</text>"
        )
    base = TOP + plot_h
    first, last = date_labels or (since.isoformat(), until.isoformat())
    parts.append(
        f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" class="chart-line-axis"/>'
        f'<text x="{LEFT}" y="{HEIGHT - 8}" class="chart-axis">{escape(first)}</text>'
        f'<text x="{LEFT + plot_w}" y="{HEIGHT - 8}" text-anchor="end" class="chart-axis">'
        f"{escape(last)}</text>"
    )
    path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    parts.append(f'<polyline points="{path}" class="chart-path"/>')
    parts.extend(
        f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="5" class="chart-dot"/>' for d, v in points
    )
    parts.append("</svg>")
    return "".join(parts)
