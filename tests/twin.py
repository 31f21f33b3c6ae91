"""A second process on the same database: another Application with its own services and
its own offline Bot API, as the second webhook replica behind round-robin Caddy would be.

Both doubles share what Telegram holds (the messages users see, so either process can edit
a message the other sent) and the update ids (Telegram numbers updates once for the bot).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.bootstrap import build_services
from bot.chat.app import build_application
from tests.botapi import FakeBotAPI
from tests.harness import BotHarness


@asynccontextmanager
async def twin(first: BotHarness) -> AsyncIterator[BotHarness]:
    """Another process of the bot beside ``first``, initialised; shut down afterwards."""
    settings = first.settings
    services = build_services(settings, matcher=first.services.matcher, clock=first.services.clock)
    api = FakeBotAPI(messages=first.api.messages, _message_ids=first.api._message_ids)
    app = build_application(settings, services, request=api)
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    try:
        yield BotHarness(
            app=app, api=api, services=services, settings=settings, updates=first.updates
        )
    finally:
        await app.shutdown()
        await services.close()
