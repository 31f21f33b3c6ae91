"""每月一题 for residents: 我要参加 / 我有建议 under an invitation, and the suggestion itself."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, send
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError


async def on_reply(update: Update, context: BotContext) -> None:
    """我要参加 registers the resident; 我有建议 asks for the suggestion in one message."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    join = cb.AG_JOIN.parse(query.data)
    item_id = join if join is not None else cb.AG_IDEA.parse(query.data) or 0
    try:
        await context.services.agenda.reply(user.id, item_id, joining=join is not None)
    except GridbotError:
        await answer(update, context, Reply(texts.AGENDA_CLOSED), clear=False)
        return
    text = texts.AGENDA_JOINED if join is not None else texts.AGENDA_ASK_IDEA
    await answer(update, context, Reply(text), clear=False)


async def on_text(update: Update, context: BotContext) -> None:
    """Before the report flow: a message after 我有建议 is the suggestion, kept as such."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text:
        return
    if await context.services.agenda.suggestion(user.id, message.text) is None:
        return
    await send(update, context, [Reply(texts.AGENDA_IDEA_KEPT)])
    raise ApplicationHandlerStop
