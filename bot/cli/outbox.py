"""``gridbot outbox list|retry``: failed and long-delayed notifications, and sending them again.

Lines carry ids, kind, chat, ticket, age and the last error — never a message's content.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from bot.bootstrap import Services
from bot.cli.common import with_services
from bot.config import Settings
from bot.services.outbox import Trouble


def format_trouble(row: Trouble) -> str:
    """One tab-separated line: id, status, kind, chat, ticket, age, attempts, last error."""
    minutes = int(row.age.total_seconds() // 60)
    age = f"{minutes // 60}h{minutes % 60:02d}m"
    fields = [
        str(row.id),
        row.status,
        row.kind,
        str(row.chat_id),
        "-" if row.ticket_id is None else f"#{row.ticket_id}",
        age,
        str(row.attempts),
        (row.last_error or "-").replace("\t", " ").replace("\n", " "),
    ]
    return "\t".join(fields)


def cmd_outbox_list(settings: Settings, args: argparse.Namespace) -> int:
    """Print failed (and blocked) and/or long-delayed notifications (both kinds by default)."""
    failed = args.failed or not args.delayed
    delayed = args.delayed or not args.failed
    after = timedelta(minutes=args.minutes or settings.delayed_after_minutes)

    async def work(services: Services) -> int:
        rows = await services.outbox.troubled(
            failed=failed, delayed_after=after if delayed else None, limit=args.limit
        )
        for row in rows:
            print(format_trouble(row))
        if not rows:
            print("no failed or delayed notifications", file=sys.stderr)
        return 0

    return with_services(settings, work)


def cmd_outbox_retry(settings: Settings, args: argparse.Namespace) -> int:
    """Make failed notifications pending again, due now, with a fresh retry window."""
    if not args.ids and not args.all_failed:
        print("error: give outbox ids or --all-failed", file=sys.stderr)
        return 2

    async def work(services: Services) -> int:
        done = await services.outbox.requeue(None if args.all_failed else list(args.ids))
        print(f"{len(done)} notification(s) requeued: {' '.join(map(str, done)) or '-'}")
        missing = sorted(set(args.ids) - set(done))
        if missing:
            print(f"not failed or not found: {' '.join(map(str, missing))}", file=sys.stderr)
            return 1
        return 0

    return with_services(settings, work)


def add_outbox_commands(sub: Any) -> None:
    """Register ``gridbot outbox list|retry``."""
    outbox = sub.add_parser("outbox", help="failed and delayed notifications")
    verbs = outbox.add_subparsers(dest="outbox", required=True)
    listing = verbs.add_parser("list", help="list failed and/or long-delayed notifications")
    listing.add_argument("--failed", action="store_true", help="only failed (and blocked) ones")
    listing.add_argument("--delayed", action="store_true", help="only long-delayed ones")
    listing.add_argument(
        "--minutes", type=int, help="delayed means pending longer than this (default: setting)"
    )
    listing.add_argument("--limit", type=int, default=200, help="at most this many (default 200)")
    listing.set_defaults(func=cmd_outbox_list)
    retry = verbs.add_parser("retry", help="send failed notifications again")
    retry.add_argument("ids", type=int, nargs="*", help="outbox ids")
    retry.add_argument("--all-failed", action="store_true", help="every failed notification")
    retry.set_defaults(func=cmd_outbox_retry)
