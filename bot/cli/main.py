"""The ``gridbot`` command line: build settings, configure logging, dispatch subcommands.

``run``, ``db`` and ``classify`` are here; the other subcommands live beside it, each module
registering its own: ``directory`` (areas, staff), ``report``, ``ops`` (audit, a resident's
data), ``outbox`` (failed and delayed notifications). Serving itself (polling, webhook)
is ``bot.serve``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.cli.api_keys import add_api_key_commands
from bot.cli.common import Command
from bot.cli.directory import add_directory_commands
from bot.cli.ops import add_ops_commands
from bot.cli.outbox import add_outbox_commands
from bot.cli.report import add_report_command
from bot.cli.web import add_web_command
from bot.config import Settings
from bot.logs import configure_logging
from bot.services.errors import GridbotError


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


def cmd_classify(settings: Settings, args: argparse.Namespace) -> int:
    """Classify messages from stdin, or evaluate a labelled TSV file."""
    from intents import cli

    if args.eval:
        return cli.run_eval(Path(args.eval), sys.stdout)
    return cli.run_classify(sys.stdin, sys.stdout, explain=args.explain)


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

    add_directory_commands(sub)

    classify = sub.add_parser("classify", help="classify messages (stdin → JSON lines)")
    classify.add_argument("--eval", metavar="FILE", help="evaluate a label<TAB>text file")
    classify.add_argument("--explain", action="store_true", help="show the evidence that decided")
    classify.set_defaults(func=cmd_classify)

    add_report_command(sub)
    add_ops_commands(sub)
    add_outbox_commands(sub)
    add_web_command(sub)
    add_api_key_commands(sub)
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
