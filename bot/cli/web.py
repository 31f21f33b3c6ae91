"""``gridbot web``: the web console for polling deployments (webhook mode serves it itself)."""

from __future__ import annotations

import argparse
from typing import Any

from bot.config import Settings


def cmd_web(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the web console on GRIDBOT_WEB_LISTEN:GRIDBOT_WEB_PORT under /console."""
    from bot.serve.web.standalone import run_console

    return run_console(settings)


def add_web_command(sub: Any) -> None:
    """Register ``web`` on the ``gridbot`` parser."""
    web = sub.add_parser("web", help="serve the web console (beside a polling bot)")
    web.set_defaults(func=cmd_web)
