"""Drive the real Application with real update JSON through the offline Bot API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.bootstrap import Services
from bot.chat.app import BotApp
from bot.chat.context import SENDER_KEY
from bot.chat.senders.outbox import OutboxSender
from bot.config import Settings
from tests.botapi import Call, FakeBotAPI
from tests.updates import TgUser, UpdateFactory


@dataclass
class BotHarness:
    """The application under test, its fake Bot API, services, settings and an update factory."""

    app: BotApp
    api: FakeBotAPI
    services: Services
    settings: Settings
    updates: UpdateFactory = field(default_factory=UpdateFactory)

    @property
    def clock(self) -> Any:
        """The services' clock (a FakeClock in tests)."""
        return self.services.clock

    async def feed(self, update_json: dict[str, Any], *, deliver: bool = True) -> list[Call]:
        """Process one update, then deliver the outbox; return the Bot API calls it caused."""
        before = len(self.api.calls)
        await self.app.process_update(Update.de_json(update_json, self.app.bot))
        if deliver:
            await self.deliver()
        return self.api.calls[before:]

    async def deliver(self) -> int:
        """Run the outbox sender once, as the running bot does after each update."""
        sender: OutboxSender = self.app.bot_data[SENDER_KEY]
        return await sender.drain()

    async def say(self, user: TgUser, text: str, **extra: Any) -> list[Call]:
        """The user sends a text (or /command); the calls made to their own chat."""
        calls = await self.feed(self.updates.text(user, text, **extra))
        return [c for c in calls if c.chat_id == user.id]

    async def send(self, user: TgUser, update_json: dict[str, Any]) -> list[Call]:
        """Feed an update from ``user``; the calls made to their own chat."""
        return [c for c in await self.feed(update_json) if c.chat_id == user.id]

    async def press(self, user: TgUser, label: str) -> list[Call]:
        """The user presses the newest inline button labelled ``label`` still on screen."""
        for message in self.api.keyboards(user.id):
            for row in message["reply_markup"]["inline_keyboard"]:
                for button in row:
                    if button["text"] == label and "callback_data" in button:
                        update = self.updates.callback(user, button["callback_data"], message)
                        calls = await self.feed(update)
                        return [c for c in calls if c.chat_id in (user.id, None)]
        raise AssertionError(f"no button {label!r} on screen in chat {user.id}")

    async def press_data(self, user: TgUser, data: str) -> list[Call]:
        """A press with arbitrary callback data (an old or forged button)."""
        return await self.feed(self.updates.callback(user, data))

    def replies(self, user: TgUser) -> list[str]:
        """Every text the user has been shown, in order (tags removed)."""
        return [c.plain_text for c in self.api.sent(user.id)]
