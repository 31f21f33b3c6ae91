"""What every ``gridbot`` subcommand shares: its signature, and services for one job."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from bot.bootstrap import Services, build_services
from bot.config import Settings

T = TypeVar("T")
Command = Callable[[Settings, argparse.Namespace], int]
"""A subcommand: settings and parsed arguments in, the exit status out."""


def with_services(settings: Settings, work: Callable[[Services], Awaitable[T]]) -> T:
    """Run one async job against freshly built services, then dispose of them."""

    async def runner() -> T:
        services = build_services(settings)
        try:
            return await work(services)
        finally:
            await services.close()

    return asyncio.run(runner())
