"""The ``gridbot`` command line: build settings, configure logging, dispatch subcommands."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from bot.bootstrap import Services, build_services
from bot.config import Settings
from bot.logs import configure_logging
from bot.services.errors import GridbotError
from storage.models import StaffRole

T = TypeVar("T")
Command = Callable[[Settings, argparse.Namespace], int]


def _with_services(settings: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    """Run one async job against freshly built services, then dispose of them."""

    async def runner() -> T:
        services = build_services(settings)
        try:
            return await work(services)
        finally:
            await services.close()

    return asyncio.run(runner())


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    """Start the bot: long polling, or a webhook server with ``--webhook``."""
    if args.webhook:
        from bot.serve.webhook import run_webhook

        return run_webhook(settings)
    from bot.serve.polling import run_polling

    return run_polling(settings)


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    """Apply all migrations."""
    from storage.migrate import upgrade

    upgrade(settings.database_url, args.revision)
    print(f"database upgraded to {args.revision}")
    return 0


def cmd_areas_import(settings: Settings, args: argparse.Namespace) -> int:
    """Import (or update) the area hierarchy from a YAML file."""

    async def work(services: Services) -> int:
        if args.if_empty and await services.areas.count() > 0:
            print("areas already present; nothing imported")
            return 0
        report = await services.areas.import_file(Path(args.file))
        levels = ", ".join(f"{k}={v}" for k, v in sorted(report.by_level.items()))
        print(
            f"imported {args.file}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged ({levels})"
        )
        return 0

    return _with_services(settings, work)


def cmd_staff_add(settings: Settings, args: argparse.Namespace) -> int:
    """Add a worker or admin, or change their role and areas."""
    codes = [*args.grid, *args.community, *args.area]

    async def work(services: Services) -> int:
        view = await services.staff.add(args.telegram_id, StaffRole(args.role), codes, args.name)
        print(f"{view.role.value} {view.telegram_id} {view.name}: {', '.join(view.area_codes)}")
        return 0

    return _with_services(settings, work)


def cmd_staff_list(settings: Settings, args: argparse.Namespace) -> int:
    """List staff with their areas."""

    async def work(services: Services) -> int:
        rows = await services.staff.list()
        for s in rows:
            state = "" if s.active else " (inactive)"
            print(f"{s.telegram_id}\t{s.role.value}\t{s.name}\t{','.join(s.area_codes)}{state}")
        if not rows:
            print("no staff yet; add one with: gridbot staff add TELEGRAM_ID --role worker ...")
        return 0

    return _with_services(settings, work)


def cmd_classify(settings: Settings, args: argparse.Namespace) -> int:
    """Classify messages from stdin, or evaluate a labelled TSV file."""
    from intents import cli

    if args.eval:
        return cli.run_eval(Path(args.eval), sys.stdout)
    return cli.run_classify(sys.stdin, sys.stdout)


def _days(value: str) -> int:
    """A --days value: 1 to 366."""
    if not value.isdecimal() or not 1 <= int(value) <= 366:
        raise argparse.ArgumentTypeError("a number of days from 1 to 366")
    return int(value)


def cmd_report(settings: Settings, args: argparse.Namespace) -> int:
    """Write the statistics of every area as CSV (stdout or a file) or XLSX (a file)."""
    from bot.chat.views import export as stats_export

    stats = _with_services(settings, lambda services: services.stats.overall(args.days))
    if args.format == "xlsx":
        path = Path(args.output or f"gridbot-report-{stats.last_day.isoformat()}.xlsx")
        rows = stats_export.write_xlsx(stats, path)
        print(f"wrote {rows} rows to {path}")
    elif args.output:
        with open(args.output, "w", encoding="utf-8-sig", newline="") as stream:
            rows = stats_export.write_csv(stats, stream)
        print(f"wrote {rows} rows to {args.output}")
    else:
        stats_export.write_csv(stats, sys.stdout)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="gridbot", description="网格通 gridbot")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="serve a webhook (ASGI, uvicorn)")
    run.set_defaults(func=cmd_run)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db", required=True)
    up = db.add_parser("upgrade", help="apply migrations")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)

    areas = sub.add_parser("areas", help="area hierarchy").add_subparsers(
        dest="areas", required=True
    )
    imp = areas.add_parser("import", help="import areas from a YAML file (idempotent)")
    imp.add_argument("file")
    imp.add_argument("--if-empty", action="store_true", help="only if no areas exist yet")
    imp.set_defaults(func=cmd_areas_import)

    staff = sub.add_parser("staff", help="grid workers and admins").add_subparsers(
        dest="staff", required=True
    )
    add = staff.add_parser("add", help="add or update a staff member")
    add.add_argument("telegram_id", type=int)
    add.add_argument("--role", required=True, choices=[r.value for r in StaffRole])
    add.add_argument("--grid", action="append", default=[], metavar="CODE", help="worker's grid")
    add.add_argument("--community", action="append", default=[], metavar="CODE")
    add.add_argument("--area", action="append", default=[], metavar="CODE", help="any area code")
    add.add_argument("--name", default="")
    add.set_defaults(func=cmd_staff_add)
    staff.add_parser("list", help="list staff").set_defaults(func=cmd_staff_list)

    classify = sub.add_parser("classify", help="classify messages (stdin → JSON lines)")
    classify.add_argument("--eval", metavar="FILE", help="evaluate a label<TAB>text file")
    classify.set_defaults(func=cmd_classify)

    report = sub.add_parser("report", help="statistics of every area as CSV or XLSX")
    report.add_argument("--days", type=_days, default=30, help="the last N days (default 30)")
    report.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    report.add_argument("--output", metavar="FILE", help="default: stdout (csv), dated file (xlsx)")
    report.set_defaults(func=cmd_report)

    from bot.cli.ops import add_ops_commands

    add_ops_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``gridbot`` console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.log_format)
    func: Command = args.func
    try:
        return func(settings, args)
    except GridbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
