"""Turn a Stats into the /stats message an admin reads (HTML) and the names shown on charts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from bot.chat.views import texts
from bot.chat.views.render import esc
from bot.queries.stats import Count, Ratings, SelfService, Stats


def hours(delta: timedelta | None) -> float | None:
    """A duration in hours (None stays None)."""
    return None if delta is None else delta.total_seconds() / 3600


def scope_name(stats: Stats) -> str:
    """The admin's areas, or 全部辖区."""
    return texts.STATS_SEP.join(stats.scope) if stats.scope else texts.STATS_ALL_AREAS


def intent_label(count: Count) -> str:
    """An intent's name (其他问题 for tickets outside the catalogue)."""
    return count.name or texts.OTHER_INTENT_NAME


def grid_name(count: Count) -> str:
    """A grid's name, or 未分网格 for tickets without a grid."""
    return count.name if count.name is not None else texts.STATS_NO_GRID


def status_name(count: Count) -> str:
    """A status as residents see it (已派单, 处理中 …)."""
    return texts.STATUS_NAMES.get(count.key, count.key)


def _items(pairs: Iterable[tuple[str, int]]) -> str:
    shown = [texts.STATS_ITEM.format(name=esc(name), count=n) for name, n in pairs]
    return texts.STATS_SEP.join(shown) or texts.STATS_NONE


def summary(stats: Stats) -> str:
    """The /stats message: every figure, one per line."""
    r, s = stats.ratings, stats.self_service
    delivery = texts.STATS_DELIVERY.format(
        failed=stats.undelivered, delayed=stats.delayed, minutes=stats.delayed_minutes
    )
    return delivery_free(stats, r, s) + "\n" + delivery


def delivery_free(stats: Stats, r: Ratings, s: SelfService) -> str:
    """Every ticket figure (the summary without the notifications line)."""
    return texts.STATS_TEXT.format(
        scope=esc(scope_name(stats)),
        first=stats.first_day.isoformat(),
        last=stats.last_day.isoformat(),
        days=stats.days,
        total=stats.total,
        intents=_items((intent_label(c), c.count) for c in stats.by_intent),
        grids=_items((grid_name(c), c.count) for c in stats.by_grid),
        statuses=_items((status_name(c), c.count) for c in stats.by_status),
        accept=texts.span_hours(hours(stats.median_accept)),
        resolve=texts.span_hours(hours(stats.median_resolve)),
        in_time=texts.percent(stats.in_time_share),
        resolved=stats.resolved,
        resolved_in_time=stats.resolved_in_time,
        satisfaction=texts.percent(r.satisfaction),
        rated=r.real,
        satisfied=r.satisfied,
        fairly=r.fairly_satisfied,
        dissatisfied=r.dissatisfied,
        default=r.default,
        self_service=texts.percent(s.share),
        info_total=s.total,
        solved=s.solved,
        escalated=s.escalated,
        unanswered=s.unanswered,
        overdue=stats.overdue,
    )


def caption(stats: Stats) -> str:
    """The caption under the chart."""
    return texts.STATS_CAPTION.format(scope=esc(scope_name(stats)), days=stats.days)
