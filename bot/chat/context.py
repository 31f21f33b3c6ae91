"""The typed callback context: handlers reach the services through ``context.services``."""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.bootstrap import Services
from storage.models import StaffRole

SERVICES_KEY = "services"
SENDER_KEY = "sender"


BotApp = Application[Any, "BotContext", Any, Any, Any, Any]
"""The Application as the bot builds it (``bot.chat.app.build_application``)."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """Context with typed access to the services and to the sender's role."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.role: StaffRole | None = None

    @property
    def tz(self) -> tzinfo:
        """The configured time zone (from the Application's defaults)."""
        defaults = self.bot.defaults
        return defaults.tzinfo if defaults is not None and defaults.tzinfo else UTC

    @property
    def services(self) -> Services:
        """The domain services, put into ``bot_data`` by the composition root."""
        return cast(Services, self.bot_data[SERVICES_KEY])
