"""Commands everyone has: /start, /help, and the answer to anything not understood."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.views import callbacks as cb
from bot.chat.views import texts


async def start(update: Update, context: BotContext) -> None:
    """Greet the sender by name and say what the bot is for."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    name = html.escape(user.first_name) if user else ""
    await message.reply_text(texts.WELCOME.format(name=name))


async def help_command(update: Update, context: BotContext) -> None:
    """Explain what to send, with examples."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.HELP)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Any command the sender may not or cannot use gets the same plain answer."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)


async def fallback(update: Update, context: BotContext) -> None:
    """A private message nobody else handled still gets a next step."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.NOT_UNDERSTOOD_YET)


async def stale_button(update: Update, context: BotContext) -> None:
    """A button no handler understood (old, forged or malformed data): a short toast, so
    Telegram stops showing its spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.BUTTON_STALE)


async def out_of_range_button(update: Update, context: BotContext) -> None:
    """A button whose id no ticket, notice or page can have, or written in other than ASCII
    digits (forged data), is answered with a toast and goes no further: no handler ever
    looks such an id up."""
    query = update.callback_query
    pressed = cb.parse(query.data) if query is not None else None
    if query is None or pressed is None or pressed.number is None:
        return
    foreign = any(c.isdecimal() and not c.isascii() for c in query.data or "")
    if foreign or parsing.checked(pressed.number, minimum=0) is None:  # pages count from 0
        await query.answer(texts.BUTTON_STALE)
        raise ApplicationHandlerStop
