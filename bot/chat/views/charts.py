"""The /stats chart: tickets per day stacked by category, and tickets per grid, as a PNG.

matplotlib is imported inside the functions (it takes about half a second), so neither
the bot's start nor tests that draw no chart pay for it. Chinese text is set in Noto Sans
CJK SC from the ``noto-cjk-sans-otc`` package (SIL Open Font License), registered with
matplotlib on first use and named explicitly, so no label falls back to a font without
Chinese glyphs (tofu boxes).
"""

from __future__ import annotations

import io
import logging
import threading
from datetime import date
from typing import TYPE_CHECKING

from bot.chat.views import texts
from bot.chat.views.stats import grid_name, intent_label, scope_name
from bot.queries.stats import Stats

if TYPE_CHECKING:
    from matplotlib.axes import Axes

log = logging.getLogger(__name__)

FONT_FAMILY = "Noto Sans CJK SC"
MAX_GRIDS = 15
DPI = 100
_registered = False
_lock = threading.Lock()
_drawing = threading.Lock()  # rc_context changes matplotlib's global settings


def register_font() -> str:
    """Make the bundled CJK font known to matplotlib (once); its family name."""
    global _registered
    with _lock:
        if not _registered:
            import noto_cjk_sans_otc
            from matplotlib import font_manager

            font_manager.fontManager.addfont(str(noto_cjk_sans_otc.FONT_PATH))
            _registered = True
            log.debug("registered %s from %s", FONT_FAMILY, noto_cjk_sans_otc.FONT_PATH)
    return FONT_FAMILY


def render_png(stats: Stats, family: str | None = None) -> bytes:
    """The chart for these figures as PNG bytes (about 1000 x 900 pixels)."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    family = family or register_font()
    with _drawing, rc_context({"font.family": [family], "axes.unicode_minus": False}):
        fig = Figure(figsize=(10, 9), dpi=DPI, layout="constrained")
        fig.suptitle(
            texts.CHART_TITLE.format(
                scope=scope_name(stats),
                days=stats.days,
                first=stats.first_day.isoformat(),
                last=stats.last_day.isoformat(),
            ),
            fontsize=15,
        )
        daily, grids = fig.subplots(2, 1, height_ratios=[3, 2])
        _daily(daily, stats)
        _grids(grids, stats)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _series(stats: Stats) -> list[tuple[str, str]]:
    """Intents (key, label) in the order of their totals (largest at the bottom of each stack)."""
    return [(c.key, intent_label(c)) for c in stats.by_intent]


def _daily(ax: Axes, stats: Stats) -> None:
    from matplotlib.ticker import MaxNLocator

    days: list[date] = sorted(stats.daily)
    positions = list(range(len(days)))
    bottoms = [0] * len(days)
    palette = _palette(len(_series(stats)))
    for colour, (key, name) in zip(palette, _series(stats), strict=True):
        heights = [stats.daily[d].get(key, 0) for d in days]
        ax.bar(positions, heights, bottom=bottoms, label=name, color=colour, width=0.8)
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    step = max(1, len(days) // 10)
    ax.set_xticks(positions[::step], [d.strftime("%m-%d") for d in days[::step]])
    ax.set_title(texts.CHART_DAILY, loc="left")
    ax.set_ylabel(texts.CHART_COUNT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(-0.6, len(days) - 0.4)
    if stats.by_intent:
        ax.legend(loc="upper left", fontsize=9, ncols=min(4, len(stats.by_intent)))
        ax.set_ylim(0, max(bottoms) * 1.35 + 0.5)
    else:
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, texts.CHART_NO_TICKETS, transform=ax.transAxes, ha="center")


def _grids(ax: Axes, stats: Stats) -> None:
    from matplotlib.ticker import MaxNLocator

    shown = list(reversed(stats.by_grid[:MAX_GRIDS]))
    names = [grid_name(c) for c in shown]
    counts = [c.count for c in shown]
    bars = ax.barh(range(len(shown)), counts, color="#3b7dd8", height=0.6)
    ax.bar_label(bars, padding=3)
    ax.set_yticks(range(len(shown)), names)
    ax.set_title(texts.CHART_GRIDS, loc="left")
    ax.set_xlabel(texts.CHART_COUNT)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, max(counts, default=1) * 1.15 + 0.5)
    if not shown:
        ax.text(0.5, 0.5, texts.CHART_NO_TICKETS, transform=ax.transAxes, ha="center")


def _palette(n: int) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]
