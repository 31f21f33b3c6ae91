"""The /stats chart of the rates per grid (issue 14), as a PNG.

Left, the rates where more is better (响应率, 按期结案率, 满意率, 综合得分); right, those where
less is better (返工率, 延期率); one group of bars per grid, in percent. A rate that cannot be
computed (nothing to divide) has no bar. Drawn like ``charts`` (same font, same lock).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.chat.views import texts
from bot.chat.views.charts import DPI, MAX_GRIDS, _drawing, register_font
from bot.chat.views.rates import grid_label
from bot.queries.rates import RateReport, RateRow

if TYPE_CHECKING:
    from matplotlib.axes import Axes

GOOD = ("response", "on_time", "satisfaction", "composite")
BAD = ("rework", "extension")
COLOURS = {
    "response": "#3b7dd8",
    "on_time": "#2ca02c",
    "satisfaction": "#ff9f1c",
    "composite": "#6a3d9a",
    "rework": "#d62728",
    "extension": "#8c564b",
}


def render_png(report: RateReport, scope: str, family: str | None = None) -> bytes:
    """The rates chart of this report as PNG bytes."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    family = family or register_font()
    rows = list(reversed(report.by_grid[:MAX_GRIDS]))
    height = max(4.0, 1.2 + 0.9 * len(rows))
    with _drawing, rc_context({"font.family": [family], "axes.unicode_minus": False}):
        fig = Figure(figsize=(12, height), dpi=DPI, layout="constrained")
        fig.suptitle(
            texts.RATES_CHART_TITLE.format(
                scope=scope,
                days=report.days,
                first=report.first_day.isoformat(),
                last=report.last_day.isoformat(),
            ),
            fontsize=14,
        )
        good, bad = fig.subplots(1, 2, width_ratios=[3, 2], sharey=True)
        _panel(good, rows, GOOD)
        _panel(bad, rows, BAD)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _value(row: RateRow, key: str) -> float | None:
    value: float | None = getattr(row.rates, key)
    return None if value is None else value * 100


def _panel(ax: Axes, rows: list[RateRow], keys: tuple[str, ...]) -> None:
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        positions, values = [], []
        for n, row in enumerate(rows):
            value = _value(row, key)
            if value is not None:
                positions.append(n - 0.4 + width * (i + 0.5))
                values.append(value)
        label = texts.RATE_NAMES[key]
        bars = ax.barh(positions, values, height=width, color=COLOURS[key], label=label)
        ax.bar_label(bars, fmt="%.0f", padding=2, fontsize=7)
    ax.set_yticks(range(len(rows)), [grid_label(r) for r in rows])
    ax.set_xlim(0, 112)
    ax.set_xlabel(texts.RATES_CHART_AXIS)
    ax.legend(loc="lower right", fontsize=8)
    if not rows:
        ax.text(0.5, 0.5, texts.RATES_CHART_NONE, transform=ax.transAxes, ha="center")
