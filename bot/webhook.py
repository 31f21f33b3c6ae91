"""Webhook mode (built by the production issue)."""

from __future__ import annotations

import sys

from bot.config import Settings


def run_webhook(settings: Settings) -> int:
    """Not available yet: say so plainly."""
    del settings
    print("webhook mode is not built yet; use `gridbot run` (polling)", file=sys.stderr)
    return 2
