"""Admins' notices: the preview's buttons, /notice, and the residents' 已阅; the handlers.

The /broadcast dialogue that builds a draft is in ``broadcast_dialogue``. The preview's
buttons (发送 / 取消 / 回执) work on the saved draft, so they outlive the dialogue.
Role checks live in access.py (``w:`` buttons, STAFF_COMMANDS); the service checks the areas.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.admin import broadcast_dialogue as dialogue
from bot.chat.handlers.replying import answer, send
from bot.chat.senders.broadcaster import BROADCASTER_KEY, Broadcaster
from bot.chat.views import callbacks as cb
from bot.chat.views import notices as notice_render
from bot.chat.views import texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError, InvalidInput


async def on_preview(update: Update, context: BotContext) -> None:
    """The preview's buttons: 发送, 取消, and the 回执 switch."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    pressed = cb.parse(query.data)
    if pressed is None or pressed.number is None:
        return
    notice_id, services = pressed.number, context.services.broadcast
    try:
        if pressed.button == cb.BC_SEND:
            await _send(update, context, notice_id)
            return
        if pressed.button == cb.BC_TOGGLE_ACK:
            reply = notice_render.preview(await services.toggle_ack(user.id, notice_id))
            await query.answer()
            markup = reply.markup if isinstance(reply.markup, InlineKeyboardMarkup) else None
            await query.edit_message_text(reply.text, reply_markup=markup)
            return
        await services.cancel(user.id, notice_id)
    except GridbotError:
        await query.answer(texts.BC_EXPIRED)
        return
    await query.answer()
    await query.edit_message_text(texts.BC_CANCELLED.format(id=notice_id))


async def _send(update: Update, context: BotContext, notice_id: int) -> None:
    """发送: deliveries written; the broadcaster sends them in the background."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None and query.message is not None
    message = query.message
    try:
        await context.services.broadcast.start(
            user.id, notice_id, message.chat.id, message.message_id
        )
    except InvalidInput as exc:
        if str(exc) != "no recipients":
            raise
        await answer(update, context, Reply(texts.BC_NOTHING_TO_SEND))
        return
    progress = await context.services.notice_delivery.progress([notice_id])
    await query.answer()
    await query.edit_message_text(notice_render.progress(progress[0]))
    broadcaster: Broadcaster = context.bot_data[BROADCASTER_KEY]
    broadcaster.kick(context.application)


async def notice(update: Update, context: BotContext) -> None:
    """/notice <id>: progress and who has not confirmed; /notice: my latest notices."""
    user = update.effective_user
    assert user is not None
    args = context.args or []
    if not args:
        drafts = await context.services.broadcast.recent(user.id)
        await send(update, context, [Reply(notice_render.recent(drafts))])
        return
    notice_id = parsing.number(args[0])
    if notice_id is None:
        await send(update, context, [Reply(texts.NOTICE_USAGE)])
        return
    try:
        found = await context.services.broadcast.report(user.id, notice_id)
    except GridbotError:
        await send(update, context, [Reply(texts.NOTICE_NOT_FOUND)])
        return
    await send(update, context, [Reply(notice_render.report(found))])


async def on_ack(update: Update, context: BotContext) -> None:
    """A resident pressed 已阅 under a notice."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    try:
        delivery_id = cb.NOTICE_ACK.parse(query.data) or 0
        fresh = await context.services.broadcast.acknowledge(user.id, delivery_id)
    except GridbotError:
        await query.answer(texts.ACK_UNKNOWN)
        return
    await query.answer(texts.ACK_THANKS if fresh else texts.ACK_ALREADY)
    if query.message is not None and query.message.is_accessible:
        await query.edit_message_reply_markup(None)


def handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """The dialogue's steps, the preview's buttons, /notice and the expired-button answer."""
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE

    def button(pattern: str, callback: Any) -> CallbackQueryHandler[BotContext, Any]:
        return CallbackQueryHandler(callback, pattern=pattern)

    return [
        CommandHandler("broadcast", dialogue.start, filters=new & private),
        button(cb.BC_AUDIENCE.pattern, dialogue.on_audience),
        button(cb.BC_COMMUNITY.pattern, dialogue.on_community),
        button(cb.BC_GRID.pattern, dialogue.on_grid),
        button(cb.any_of(cb.BC_RECEIPT_YES, cb.BC_RECEIPT_NO), dialogue.on_receipt),
        button(cb.BC_QUIT.pattern, dialogue.quit_dialogue),
        button(cb.any_of(cb.BC_SEND, cb.BC_DROP, cb.BC_TOGGLE_ACK), on_preview),
        button(f"^{re.escape(cb.BROADCAST_PREFIX)}", dialogue.expired),
        CommandHandler("notice", notice, filters=new & private),
    ]


def resident_handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """The residents' 已阅 button."""
    return [CallbackQueryHandler(on_ack, pattern=cb.NOTICE_ACK.pattern)]
