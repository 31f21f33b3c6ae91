"""Sending a handler's replies: to the chat of the update, whatever kind of update it is."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import CallbackQuery, Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply
from bot.chat.views.split import split_html


async def send(update: Update, context: BotContext, replies: Sequence[Reply]) -> None:
    """Send each reply, in order, to the update's chat (or the user's private chat); a text
    over Telegram's limit goes as several messages, the keyboard under the last one."""
    chat = update.effective_chat
    chat_id = (
        chat.id if chat is not None else update.effective_user.id if update.effective_user else None
    )
    if chat_id is None:
        return
    for reply in replies:
        parts = split_html(reply.text)
        for i, part in enumerate(parts, start=1):
            markup = reply.markup if i == len(parts) else None
            await context.bot.send_message(chat_id, part, reply_markup=markup)


async def answer(update: Update, context: BotContext, *replies: Reply, clear: bool = True) -> None:
    """Acknowledge a button press, remove its keyboard (no double taps), then reply."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        if clear and query.message is not None and query.message.is_accessible:
            await query.edit_message_reply_markup(None)
    await send(update, context, replies)


def argument(data: str | None, index: int = -1) -> str:
    """The ``index``-th ``:``-separated part of callback data."""
    return (data or "").split(":")[index]


async def pressed_ticket(query: CallbackQuery) -> tuple[cb.Pressed, int] | None:
    """The button pressed and its ticket number; a stale or forged press is answered here."""
    pressed = cb.parse(query.data)
    ticket_id = parsing.checked(pressed.number) if pressed else None
    if pressed is None or ticket_id is None:
        await query.answer(texts.BUTTON_STALE)
        return None
    return pressed, ticket_id
