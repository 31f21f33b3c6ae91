"""The rows of ``gridbot report`` and the console's download: /stats figures as CSV or XLSX.

Each row is ``section, key, name, value``: ``section`` and ``key`` are stable English keys
for scripts, ``name`` is the Chinese label people read (the same labels as /stats, from
``bot.chat.views``). Days are counted in ``GRIDBOT_TIMEZONE``.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from bot.chat.views import hotspots as hotspot_view
from bot.chat.views import texts
from bot.chat.views.rates import grid_label
from bot.chat.views.stats import grid_name, hours, intent_label, status_name
from bot.queries.hotspots import HotspotView
from bot.queries.rates import RateReport, RateRow
from bot.queries.stats import Stats
from bot.queries.visits import Coverage

log = logging.getLogger(__name__)

Value = int | float | str
RATE_COUNTS = (
    "tickets", "respond_due", "responded_in_time", "resolve_due", "extended", "resolved_in_time",
    "handled", "reworked", "rated", "satisfied", "closed",
)  # fmt: skip
Row = tuple[str, str, str, Value]


def _num(value: float | None, digits: int) -> Value:
    """A rounded number, or an empty cell when there is none."""
    return "" if value is None else round(value, digits)


def _summary(stats: Stats) -> Iterator[Row]:
    r, s = stats.ratings, stats.self_service
    values: dict[str, Value] = {
        "first_day": stats.first_day.isoformat(),
        "last_day": stats.last_day.isoformat(),
        "days": stats.days,
        "tickets": stats.total,
        "median_accept_hours": _num(hours(stats.median_accept), 2),
        "median_resolve_hours": _num(hours(stats.median_resolve), 2),
        "resolved": stats.resolved,
        "resolved_in_time": stats.resolved_in_time,
        "in_time_share": _num(stats.in_time_share, 4),
        "satisfied": r.satisfied,
        "fairly_satisfied": r.fairly_satisfied,
        "dissatisfied": r.dissatisfied,
        "default_satisfied": r.default,
        "satisfaction": _num(r.satisfaction, 4),
        "self_service_solved": s.solved,
        "self_service_escalated": s.escalated,
        "self_service_unanswered": s.unanswered,
        "self_service_share": _num(s.share, 4),
        "overdue": stats.overdue,
    }
    for key, value in values.items():
        yield "summary", key, texts.REPORT_SUMMARY[key], value


def _coverage(coverage: Coverage | None) -> Iterator[Row]:
    """进百家门: visit coverage per grid (``code.metric``) and visits per staff member."""
    if coverage is None:
        return
    for g in coverage.grids:
        values = {"households": g.households, "due": g.due, "overdue": g.overdue,
                  "never": g.never, "visited": g.visited, "absent": g.absent}  # fmt: skip
        for metric, value in values.items():
            label = texts.REPORT_COVERAGE[metric]
            yield "visits", f"{g.code}.{metric}", f"{g.name}·{label}", value
    for kind, n in coverage.rated_on_behalf:
        label = texts.RATING_WORDS_SHOWN[kind]
        yield "visits", f"rated_on_behalf.{kind}", f"{texts.REPORT_RATED}·{label}", n
    for w in coverage.workers:
        for metric, value in (("visited", w.visited), ("absent", w.absent)):
            label = texts.REPORT_COVERAGE[metric]
            yield "visitors", f"{w.key}.{metric}", f"{w.name}·{label}", value


def rows(
    stats: Stats, spots: Sequence[HotspotView] = (), coverage: Coverage | None = None
) -> Iterator[Row]:
    """Every figure as one row, section by section (hotspots, then visit coverage, when given)."""
    yield from _summary(stats)
    for c in stats.by_intent:
        yield "intent", c.key, intent_label(c), c.count
    for c in stats.by_grid:
        yield "grid", c.key, grid_name(c), c.count
    for c in stats.by_status:
        yield "status", c.key, status_name(c), c.count
    labels = {c.key: intent_label(c) for c in stats.by_intent}
    for day, counts in sorted(stats.daily.items()):
        for key, n in counts.items():
            yield "daily", day.isoformat(), labels.get(key, key), n
    for spot in spots:
        key = f"{spot.kind.value}:" + ",".join(str(t) for t in spot.tickets)
        yield "hotspots", key, hotspot_view.label(spot), spot.households
    yield from _coverage(coverage)


def _rate_rows(section: str, key: str, name: str, row: RateRow) -> Iterator[Row]:
    figures: dict[str, Value] = {
        **{k: _num(getattr(row.rates, k), 4) for k in texts.RATE_NAMES},
        **{k: getattr(row.counts, k) for k in RATE_COUNTS},
    }
    for figure, value in figures.items():
        label = texts.REPORT_RATE_KEYS[figure]
        yield section, f"{key}:{figure}" if key else figure, f"{name} {label}".strip(), value


def rate_rows(report: RateReport) -> Iterator[Row]:
    """The rates (issue 14): the total, then every grid and every worker, figure by figure."""
    yield from _rate_rows("rates_total", "", "", report.total)
    for row in report.by_grid:
        yield from _rate_rows("rates_grid", row.key or "-", grid_label(row), row)
    for row in report.by_worker:
        yield from _rate_rows("rates_worker", row.key, row.name or row.key, row)


@dataclass(frozen=True)
class Extras:
    """What a report carries beside the statistics: rates, hotspots, visit coverage."""

    rates: RateReport | None = None
    spots: Sequence[HotspotView] = ()
    coverage: Coverage | None = None


def _all_rows(stats: Stats, extras: Extras) -> Iterator[Row]:
    yield from rows(stats, extras.spots, extras.coverage)
    if extras.rates is not None:
        yield from rate_rows(extras.rates)


def write_csv(stats: Stats, stream: TextIO, extras: Extras = Extras()) -> int:
    """Write the rows as CSV with a header; how many rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(texts.REPORT_HEADER)
    count = 0
    for row in _all_rows(stats, extras):
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(stats: Stats, path: Path | BinaryIO, extras: Extras = Extras()) -> int:
    """Write one sheet per section (概况, 按类别, …); how many rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for section, title in {**texts.REPORT_SECTIONS, **texts.REPORT_RATE_SECTIONS}.items():
        sheet = book.create_sheet(title)
        sheet.append(list(texts.REPORT_HEADER[1:]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 12
        sheets[section] = sheet
    count = 0
    for section, key, name, value in _all_rows(stats, extras):
        sheets[section].append([key, name, value])
        count += 1
    book.save(path)
    log.info("wrote %d row(s) as xlsx", count)
    return count
