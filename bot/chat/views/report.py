"""The rows of ``gridbot report`` and the console's download: /stats figures as CSV or XLSX.

Each row is ``section, key, name, value``: ``section`` and ``key`` are stable English keys
for scripts, ``name`` is the Chinese label people read (the same labels as /stats, from
``bot.chat.views``). Days are counted in ``GRIDBOT_TIMEZONE``.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from bot.chat.views import texts
from bot.chat.views.stats import grid_name, hours, intent_label, status_name
from bot.queries.stats import Stats

log = logging.getLogger(__name__)

Value = int | float | str
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


def rows(stats: Stats) -> Iterator[Row]:
    """Every figure as one row, section by section."""
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


def write_csv(stats: Stats, stream: TextIO) -> int:
    """Write the rows as CSV with a header; how many rows."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(texts.REPORT_HEADER)
    count = 0
    for row in rows(stats):
        writer.writerow(row)
        count += 1
    return count


def write_xlsx(stats: Stats, path: Path | BinaryIO) -> int:
    """Write one sheet per section (概况, 按类别, …); how many rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    sheets = {}
    for section, title in texts.REPORT_SECTIONS.items():
        sheet = book.create_sheet(title)
        sheet.append(list(texts.REPORT_HEADER[1:]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 24
        sheet.column_dimensions["B"].width = 28
        sheet.column_dimensions["C"].width = 12
        sheets[section] = sheet
    count = 0
    for section, key, name, value in rows(stats):
        sheets[section].append([key, name, value])
        count += 1
    book.save(path)
    log.info("wrote %d row(s) as xlsx", count)
    return count
