"""The /stats chart of visit coverage per grid (进百家门), as a PNG.

One group of bars per grid: households recorded, overdue, never visited, and the visits
(and 不在家) of the period. Drawn like ``charts`` (same font, same lock); sent only when
households exist in the admin's scope.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from bot.chat.views import texts
from bot.chat.views.charts import DPI, MAX_GRIDS, _drawing, register_font
from bot.queries.visits import Coverage, GridCoverage

if TYPE_CHECKING:
    from matplotlib.axes import Axes

SERIES = ("households", "overdue", "never", "visited", "absent")
COLOURS = {
    "households": "#9e9e9e",
    "overdue": "#d62728",
    "never": "#ff9f1c",
    "visited": "#2ca02c",
    "absent": "#3b7dd8",
}


def render_png(coverage: Coverage, scope: str, family: str | None = None) -> bytes:
    """The coverage chart as PNG bytes."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    family = family or register_font()
    rows = list(reversed(coverage.grids[:MAX_GRIDS]))
    height = max(4.0, 1.4 + 1.0 * len(rows))
    with _drawing, rc_context({"font.family": [family], "axes.unicode_minus": False}):
        fig = Figure(figsize=(10, height), dpi=DPI, layout="constrained")
        fig.suptitle(
            texts.COVERAGE_CHART_TITLE.format(scope=scope, days=coverage.days), fontsize=14
        )
        _panel(fig.subplots(), rows)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _panel(ax: Axes, rows: list[GridCoverage]) -> None:
    from matplotlib.ticker import MaxNLocator

    width = 0.8 / len(SERIES)
    top = 0
    for i, key in enumerate(SERIES):
        values = [int(getattr(row, key)) for row in rows]
        top = max([top, *values])
        offset = (len(SERIES) - 1 - i - (len(SERIES) - 1) / 2) * width
        positions = [n + offset for n in range(len(rows))]
        bars = ax.barh(positions, values, height=width, color=COLOURS[key],
                       label=texts.COVERAGE_CHART_SERIES[key])  # fmt: skip
        ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_yticks(range(len(rows)), [row.name for row in rows])
    ax.set_xlabel(texts.COVERAGE_CHART_AXIS)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, top * 1.2 + 1)
    ax.legend(loc="lower right", fontsize=9)
