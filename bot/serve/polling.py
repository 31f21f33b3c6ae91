"""Long polling (``gridbot run``): fail fast and cleanly when Telegram cannot be reached.

``preflight`` (one getMe) is shared with the webhook mode (``bot.serve.webhook``).
"""

from __future__ import annotations

import asyncio
import logging
import sys

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError

from bot.bootstrap import build_services
from bot.chat.app import build_application
from bot.chat.views import texts
from bot.config import Settings

log = logging.getLogger(__name__)


def run_polling(settings: Settings) -> int:
    """Run until interrupted; exit non-zero with a clear message on a bad token or network."""
    if settings.telegram_token is None or not settings.telegram_token.get_secret_value():
        print(texts.NO_TOKEN, file=sys.stderr)
        return 2
    try:
        username = asyncio.run(preflight(settings))
        log.info("connected to the Bot API as @%s", username)
        build_application(settings, build_services(settings)).run_polling(
            allowed_updates=Update.ALL_TYPES, bootstrap_retries=0
        )
    except InvalidToken:
        print(texts.INVALID_TOKEN, file=sys.stderr)
        return 1
    except NetworkError as exc:
        message = texts.CANNOT_CONNECT.format(url=settings.telegram_api_url, error=exc)
        print(message, file=sys.stderr)
        return 1
    return 0


async def preflight(settings: Settings) -> str:
    """Ask the Bot API who we are, once, so a bad token or URL fails in one clear line."""
    assert settings.telegram_token is not None
    bot = Bot(
        settings.telegram_token.get_secret_value(),
        base_url=settings.base_url,
        base_file_url=settings.base_file_url,
    )
    async with bot:
        return bot.username
