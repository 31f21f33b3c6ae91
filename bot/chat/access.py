"""The handlers that run before all others: skip redelivered updates, learn the sender's
role, and stop staff commands and buttons from anyone without the role (the one place roles
are checked). A resident typing a staff command gets the ordinary "unknown command".

What needs which role is not listed here: ``Gate`` derives it from the handler table of
``bot.chat.app``, where each handler is registered with the level it needs. A command or
button needs the lowest level of the handlers that could take it, so it is refused only
when none of them is for the sender; the handler (or the service) checks anything finer.

The gate runs in ``GUARD_GROUP``, first (one database transaction for both jobs); raising
``ApplicationHandlerStop`` there means no later group sees the update.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from enum import IntEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from bot.chat.context import SENDER_KEY, BotContext
from bot.chat.views import texts
from storage.models import StaffRole

log = logging.getLogger(__name__)

GUARD_GROUP = -100
AFTER_GROUP = 100

Handler = BaseHandler[Any, BotContext, Any]


class Level(IntEnum):
    """Who may use a handler; each level may do what the levels below it may."""

    RESIDENT = 0
    WORKER = 1
    ADMIN = 2

    @classmethod
    def of(cls, role: StaffRole | None) -> Level:
        """A person's level from their staff role (None: a resident)."""
        return cls.RESIDENT if role is None else cls[role.name]


def within(handler: Handler) -> Iterator[Handler]:
    """The handler itself, or every handler of a conversation (entry points, states, fallbacks)."""
    if not isinstance(handler, ConversationHandler):
        yield handler
        return
    inner = [*handler.entry_points, *(h for hs in handler.states.values() for h in hs)]
    for nested in [*inner, *handler.fallbacks]:
        yield from within(nested)


def allowed(role: StaffRole | None, needed: Level) -> bool:
    """Admins may do what workers do; residents may do neither."""
    return Level.of(role) >= needed


class Gate:
    """The guard: idempotency, the sender's role, and the levels the handler table sets."""

    def __init__(self, table: Iterable[tuple[Handler, Level]]) -> None:
        self.commands: dict[str, Level] = {}
        self._buttons: list[tuple[CallbackQueryHandler[Any, Any], Level]] = []
        for handler, level in table:
            for inner in within(handler):
                if isinstance(inner, CommandHandler):
                    for name in inner.commands:
                        self.commands[name] = min(level, self.commands.get(name, level))
                elif isinstance(inner, CallbackQueryHandler):
                    self._buttons.append((inner, level))

    def required(self, update: Update) -> Level:
        """The level a command or button needs (``RESIDENT``: anyone may)."""
        if update.callback_query is not None:
            matching = [level for button, level in self._buttons if button.check_update(update)]
            return min(matching, default=Level.RESIDENT)
        message = update.message
        if message is None or not message.text or not message.text.startswith("/"):
            return Level.RESIDENT
        command = message.text.split()[0][1:].split("@")[0].lower()
        return self.commands.get(command, Level.RESIDENT)

    async def admit(self, update: Update, context: BotContext) -> None:
        """Skip an update already handled (a redelivery, another process); learn the sender's
        role; refuse staff actions to everyone without the role."""
        user = update.effective_user
        user_id = user.id if user else None
        fresh, role = await context.services.updates.admit(update.update_id, user_id)
        if not fresh:
            log.info("update %d already processed; skipped", update.update_id)
            raise ApplicationHandlerStop
        context.role = role
        await self._refuse_unless_allowed(update, context)

    async def _refuse_unless_allowed(self, update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is None:
            return
        needed = self.required(update)
        if allowed(context.role, needed):
            return
        log.info("user %d refused a %s action", user.id, needed.name.lower())
        if update.callback_query is not None:
            await update.callback_query.answer(texts.UNKNOWN_COMMAND)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)
        raise ApplicationHandlerStop


async def kick_sender(update: Update, context: BotContext) -> None:
    """After every update: deliver what it put in the outbox (when the bot is running)."""
    if context.application.running:
        sender = context.bot_data.get(SENDER_KEY)
        if sender is not None:
            context.application.create_task(sender.drain(), update=update)
