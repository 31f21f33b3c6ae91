"""/merge A B (并单): a duplicate ticket joins the one that stays. Role checks in access.py."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import send
from bot.chat.handlers.staff.worker import refusal
from bot.chat.views import texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError, InvalidInput, NotOpen


async def merge(update: Update, context: BotContext) -> None:
    """/merge <duplicate> <surviving>: close the first as merged into the second."""
    user, args = update.effective_user, context.args or []
    ticket_id = parsing.number(args[0]) if args else None
    into_id = parsing.number(args[1]) if len(args) > 1 else None
    if user is None or ticket_id is None or into_id is None or len(args) != 2:
        await send(update, context, [Reply(texts.MERGE_USAGE)])
        return
    if ticket_id == into_id:
        await send(update, context, [Reply(texts.MERGE_SAME)])
        return
    try:
        done = await context.services.merge.merge(user.id, ticket_id, into_id)
    except NotOpen as exc:
        status = texts.STATUS_NAMES.get(exc.status, exc.status)
        await send(
            update, context, [Reply(texts.MERGE_NOT_OPEN.format(id=exc.ticket_id, status=status))]
        )
        return
    except InvalidInput:
        await send(update, context, [Reply(texts.MERGE_USAGE)])
        return
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    text = texts.MERGE_DONE.format(
        ticket=done.ticket, into=done.into, moved=done.moved, households=done.households
    )
    await send(update, context, [Reply(text)])
