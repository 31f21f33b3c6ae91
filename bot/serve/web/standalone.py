"""The console on its own (``gridbot web``): beside a polling bot, on the same database.

Actions write to the outbox as in chat; the bot process delivers. Photos are fetched through
the Bot API when a token is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from telegram import Bot

from bot.bootstrap import Services, build_services
from bot.chat.views import texts
from bot.config import Settings
from bot.serve.web.app import create_console

log = logging.getLogger(__name__)


def _bot(settings: Settings) -> Bot | None:
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        return None
    return Bot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.base_url,
        base_file_url=settings.base_file_url,
    )


async def _home(request: Request) -> Response:
    return RedirectResponse("/console/", status_code=307)


def standalone_app(services: Services, settings: Settings, bot: Bot | None) -> Starlette:
    """``/`` leads to the console at ``/console``; the bot (for photos) lives as long as the app."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with contextlib.AsyncExitStack() as stack:
            if bot is not None:
                await stack.enter_async_context(bot)
            yield
        await services.close()

    return Starlette(
        routes=[
            Route("/", _home, methods=["GET"]),
            Mount("/console", create_console(services, settings.tz, bot)),
        ],
        lifespan=lifespan,
    )


async def serve(settings: Settings) -> None:
    """Serve the console at ``/console`` until interrupted."""
    app = standalone_app(build_services(settings), settings, _bot(settings))
    config = uvicorn.Config(
        app, host=settings.web_listen, port=settings.web_port, log_config=None, use_colors=False
    )
    print(texts.WEB_CONSOLE_AT.format(url=settings.console_url), flush=True)
    await uvicorn.Server(config).serve()


def run_console(settings: Settings) -> int:
    """``gridbot web``: serve until Ctrl-C."""
    asyncio.run(serve(settings))
    return 0
