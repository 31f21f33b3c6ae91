"""``gridbot report``: the statistics of every area as CSV (stdout or a file) or XLSX.

The rows are made by ``bot.cli.export``, imported only when a report is written (it brings
the /stats labels of ``bot.chat.views`` and with them ``telegram``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.bootstrap import Services
from bot.cli.common import with_services
from bot.config import Settings
from bot.queries.stats import Stats

if TYPE_CHECKING:
    from bot.bootstrap import Services
    from bot.queries.stats import Stats


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """Write the statistics of every area as CSV (stdout or a file) or XLSX (a file)."""
    from bot.cli import export

    async def gather(services: Services) -> tuple[Stats, export.Extras]:
        stats = await services.stats.overall(args.days)
        extras = export.Extras(
            rates=await services.rates.overall(args.days),
            spots=await services.hotspots.overall(),
            coverage=await services.visits.coverage(args.days),
        )
        return stats, extras

    stats, extras = with_services(settings, gather)
    if args.format == "xlsx":
        path = Path(args.output or f"gridbot-report-{stats.last_day.isoformat()}.xlsx")
        count = export.write_xlsx(stats, path, extras)
        print(f"wrote {count} rows to {path}")
    elif args.output:
        with open(args.output, "w", encoding="utf-8-sig", newline="") as stream:
            count = export.write_csv(stats, stream, extras)
        print(f"wrote {count} rows to {args.output}")
    else:
        export.write_csv(stats, sys.stdout, extras)
    return 0


def _days(value: str) -> int:
    """A --days value: 1 to 366."""
    if not value.isdecimal() or not 1 <= int(value) <= 366:
        raise argparse.ArgumentTypeError("a number of days from 1 to 366")
    return int(value)


def add_report_command(sub: Any) -> None:
    """Register ``report`` on the ``gridbot`` parser."""
    report = sub.add_parser("report", help="statistics of every area as CSV or XLSX")
    report.add_argument("--days", type=_days, default=30, help="the last N days (default 30)")
    report.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    report.add_argument("--output", metavar="FILE", help="default: stdout (csv), dated file (xlsx)")
    report.set_defaults(func=cmd_report)
