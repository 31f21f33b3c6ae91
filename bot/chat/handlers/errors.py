"""The one error handler: log with ids only, tell the user, never crash the loop."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.chat.context import BotContext
from bot.chat.views import texts

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception and, where there is a chat, apologise in Chinese."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:  # stop the button's spinner
            await update.callback_query.answer()
        except TelegramError:
            log.info("could not answer the button of update %s", update_id)
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        return  # never a word in a group or a channel
    try:
        await context.bot.send_message(update.effective_chat.id, texts.INTERNAL_ERROR)
    except TelegramError:
        log.warning("could not tell chat %d about the error", update.effective_chat.id)
