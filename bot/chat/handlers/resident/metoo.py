"""我也遇到 / 这是另一件事 under an offer to join a neighbour's ticket, and followers' ratings."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer
from bot.chat.views import callbacks as cb
from bot.chat.views import render, texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError, NotFound
from bot.services.metoo import Joined


async def on_offer(update: Update, context: BotContext) -> None:
    """我也遇到 follows the neighbour's ticket; 这是另一件事 files the message on its own."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    metoo = context.services.metoo
    join = cb.METOO_JOIN.parse(query.data)
    try:
        if join is not None:
            result = await metoo.join(user.id, join)
        else:
            result = await metoo.separate(user.id, cb.METOO_NEW.parse(query.data) or 0)
    except GridbotError:
        await answer(update, context, Reply(texts.METOO_GONE))
        return
    if isinstance(result, Joined):
        template = texts.METOO_ALREADY if result.already else texts.METOO_JOINED
        text = template.format(id=result.ticket.id, households=result.households)
        await answer(update, context, Reply(text))
    else:
        await answer(update, context, *render.outcome(result))


async def on_rate(update: Update, context: BotContext) -> None:
    """A follower's 满意 / 基本满意 / 不满意 / 问题没解决 under a ticket they follow."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    ticket_id, code = cb.FOLLOWER_RATE.parse(query.data) or (0, "")
    try:
        rating = await context.services.metoo.rate(user.id, ticket_id, code)
    except NotFound:
        await answer(update, context, Reply(texts.TICKET_NOT_FOUND))
        return
    except GridbotError:
        await answer(update, context, Reply(texts.FOLLOWER_RATE_GONE))
        return
    unsolved = rating == "unsolved"
    await answer(
        update, context, Reply(texts.FOLLOWER_RATED_UNSOLVED if unsolved else texts.FOLLOWER_RATED)
    )
