"""通知 (broadcasts) in the console: not built yet; the chat's /broadcast does it."""

from __future__ import annotations

from starlette.routing import Route


def routes() -> list[Route]:
    """No broadcast pages yet."""
    return []
