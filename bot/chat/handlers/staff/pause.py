"""待居民补充: /ask and the button under a reply (issue 14). Role checks live in access.py."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, send
from bot.chat.handlers.staff.worker import refusal
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError, InvalidInput


async def ask(update: Update, context: BotContext) -> None:
    """/ask <id> <question>: the question goes to the resident and the clock pauses."""
    user, message = update.effective_user, update.effective_message
    args = context.args or []
    ticket_id = parsing.ticket_id(args)
    words = (message.text or "").split(maxsplit=2) if message is not None else []
    if user is None or ticket_id is None or len(words) < 3:
        await send(update, context, [Reply(texts.USAGE_ASK)])
        return
    try:
        await context.services.work.ask(user.id, ticket_id, words[2])
    except InvalidInput:
        await send(update, context, [Reply(texts.USAGE_ASK)])
        return
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    await send(update, context, [Reply(texts.ASK_SENT.format(id=ticket_id))])


async def on_wait(update: Update, context: BotContext) -> None:
    """The button under a reply: the ticket waits for the resident from now."""
    user, query = update.effective_user, update.callback_query
    number = cb.WAIT.parse(query.data) if query is not None else None
    ticket_id = parsing.checked(number) if number is not None else None
    if user is None or query is None or ticket_id is None:
        if query is not None:
            await query.answer(texts.BUTTON_STALE)
        return
    try:
        done = await context.services.work.wait_for_resident(user.id, ticket_id)
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
        return
    template = texts.WAIT_ALREADY if done.detail == "noop" else texts.WAIT_MARKED
    await answer(update, context, Reply(template.format(id=ticket_id)), clear=True)
