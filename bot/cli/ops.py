"""``gridbot audit``, ``export-resident`` and ``forget-resident``: the audit log, and a
resident's (or, with ``--household``, a household's) data export and erasure."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.bootstrap import Services
from bot.cli.common import with_services
from bot.config import Settings
from bot.services.audit import AuditService, AuditView
from bot.services.household_privacy import HouseholdPrivacy
from bot.services.residents_privacy import ResidentPrivacy


def format_entry(entry: AuditView, settings: Settings) -> str:
    """One tab-separated line: local time, actor, role, action, ticket, detail JSON."""
    detail = json.dumps(entry.detail, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    fields = [
        entry.at.astimezone(settings.tz).isoformat(timespec="seconds"),
        "-" if entry.actor_telegram_id is None else str(entry.actor_telegram_id),
        entry.actor_role or "-",
        entry.action,
        "-" if entry.ticket_id is None else f"#{entry.ticket_id}",
        detail,
    ]
    return "\t".join(fields)


def cmd_audit(settings: Settings, args: argparse.Namespace) -> int:
    """Print the audit log of the last N days, oldest first."""

    async def work(services: Services) -> int:
        entries = await AuditService(services.sessions).recent(args.days)
        for entry in entries:
            print(format_entry(entry, settings))
        if not entries:
            print(f"no audit entries in the last {args.days} day(s)", file=sys.stderr)
        return 0

    return with_services(settings, work)


def cmd_export_resident(settings: Settings, args: argparse.Namespace) -> int:
    """Print everything held about one resident as JSON."""

    async def work(services: Services) -> int:
        if args.household is not None:
            data = await HouseholdPrivacy(services.sessions).export(args.household)
        else:
            data = await ResidentPrivacy(services.sessions).export(args.telegram_id)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0

    return with_services(settings, work)


def cmd_forget_resident(settings: Settings, args: argparse.Namespace) -> int:
    """Erase one resident's personal data, keeping anonymised tickets."""

    async def work(services: Services) -> int:
        if args.household is not None:
            h = await HouseholdPrivacy(services.sessions).forget(args.household)
            print(
                f"household {h.household_id} forgotten: {h.visits} visit(s) deleted, "
                f"{h.tickets} ticket(s) on its behalf anonymised"
            )
            return 0
        r = await ResidentPrivacy(services.sessions).forget(args.telegram_id)
        if r.resident_id is None:
            print(f"helper {args.telegram_id} forgotten: {r.helpers} helper row(s) deleted")
            return 0
        print(
            f"resident {r.resident_id} forgotten: {r.tickets} ticket(s) anonymised, "
            f"{r.events} message(s) and {r.info_requests} question(s) erased, "
            f"{r.attachments} attachment(s) deleted, {r.outbox_deleted} pending message(s) "
            f"dropped, {r.outbox_anonymised} sent message(s) anonymised, {r.staff_texts} staff "
            f"text(s) scrubbed, {r.notices_cancelled} pending notice(s) cancelled, "
            f"{r.helpers} helper row(s) deleted"
        )
        return 0

    return with_services(settings, work)


def add_ops_commands(sub: Any) -> None:
    """Register the operations subcommands on the ``gridbot`` parser."""
    audit = sub.add_parser("audit", help="print the audit log (staff actions)")
    audit.add_argument("--days", type=int, default=7, help="how far back (default 7)")
    audit.set_defaults(func=cmd_audit)

    export = sub.add_parser("export-resident", help="print a resident's data as JSON")
    _who(export)
    export.set_defaults(func=cmd_export_resident)

    forget = sub.add_parser(
        "forget-resident", help="erase a resident's personal data (tickets kept anonymised)"
    )
    _who(forget)
    forget.set_defaults(func=cmd_forget_resident)


def _who(parser: argparse.ArgumentParser) -> None:
    """A resident by Telegram id, or (进百家门) a household recorded by staff by its number."""
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("telegram_id", type=int, nargs="?")
    who.add_argument("--household", type=int, help="a household recorded by staff (进百家门)")
