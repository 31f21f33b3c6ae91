"""The rates (issue 14) as /stats text: the total with its counts, each grid, each worker."""

from __future__ import annotations

from bot.chat.views import texts
from bot.chat.views.render import esc
from bot.queries.rates import RateReport, RateRow


def grid_label(row: RateRow) -> str:
    """A grid's name, or 未分网格."""
    return row.name if row.name is not None else texts.STATS_NO_GRID


def _figures(row: RateRow) -> dict[str, str]:
    r = row.rates
    return {
        "response": texts.rate_percent(r.response),
        "on_time": texts.rate_percent(r.on_time),
        "rework": texts.rate_percent(r.rework),
        "extension": texts.rate_percent(r.extension),
        "satisfaction": texts.rate_percent(r.satisfaction),
        "participation": texts.rate_percent(r.participation),
        "composite": texts.score(r.composite),
    }


def total_line(row: RateRow) -> str:
    """The scope's rates, each with its numerator and denominator."""
    c = row.counts
    return texts.RATES_TOTAL.format(
        name=texts.RATES_ALL,
        responded=c.responded_in_time,
        respond_due=c.respond_due,
        in_time=c.resolved_in_time,
        resolve_base=c.resolve_due - c.extended,
        reworked=c.reworked,
        handled=c.handled,
        extended=c.extensions,
        tickets=c.tickets,
        satisfied=c.satisfied,
        rated=c.rated,
        closed=c.closed,
        **_figures(row),
    )


def line(name: str, row: RateRow) -> str:
    """One grid's or worker's rates."""
    return texts.RATES_LINE.format(name=esc(name), **_figures(row))


def rates_text(report: RateReport) -> str:
    """The rates block of /stats: weights, total, per grid, per worker."""
    w_response, w_on_time, w_satisfaction = report.weights
    parts = [
        texts.RATES_HEADER.format(
            w_response=w_response, w_on_time=w_on_time, w_satisfaction=w_satisfaction
        ),
        total_line(report.total),
        texts.RATES_BY_GRID,
        *(line(grid_label(row), row) for row in report.by_grid),
        texts.RATES_BY_WORKER,
        *(line(row.name or row.key, row) for row in report.by_worker),
    ]
    if not report.by_worker:
        parts.append(texts.RATES_NO_WORKERS)
    return "\n".join(parts)


def caption(report: RateReport, scope: str) -> str:
    """The caption under the rates chart."""
    return texts.RATES_CAPTION.format(scope=esc(scope), days=report.days)
