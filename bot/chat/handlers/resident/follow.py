"""Following up: /my, /ticket <id>, /cancel <id> and their buttons."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, pressed_ticket, send
from bot.chat.views import callbacks as cb
from bot.chat.views import keyboards, render, texts
from bot.chat.views.render import Reply
from bot.services.errors import Forbidden, GridbotError, NotFound


def _ticket_id(context: BotContext) -> int | None:
    return parsing.ticket_id(context.args)


async def my(update: Update, context: BotContext) -> None:
    """The resident's tickets, newest first, with a button for each."""
    user = update.effective_user
    if user is None:
        return
    tickets = await context.services.my_tickets.mine(user.id)
    if not tickets:
        await send(update, context, [Reply(texts.MY_EMPTY)])
        return
    text = render.my_list(tickets, context.tz)
    await send(update, context, [Reply(text, keyboards.my_tickets(tickets[:10]))])


async def show(update: Update, context: BotContext, ticket_id: int) -> None:
    """One of the resident's own tickets, or 找不到这个工单."""
    user = update.effective_user
    assert user is not None
    try:
        view = await context.services.my_tickets.detail(user.id, ticket_id)
    except NotFound:
        await send(update, context, [Reply(texts.TICKET_NOT_FOUND)])
        return
    await send(update, context, [Reply(render.ticket_detail(view, context.tz))])


async def ticket(update: Update, context: BotContext) -> None:
    """/ticket <id>: staff see the whole history of their areas' tickets; residents their own."""
    ticket_id = _ticket_id(context)
    if ticket_id is None:
        await send(update, context, [Reply(texts.TICKET_USAGE)])
        return
    user = update.effective_user
    if context.role is not None and user is not None:
        try:
            view = await context.services.staff_tickets.detail(user.id, ticket_id)
        except GridbotError:
            pass  # not in their areas: maybe their own ticket as a resident
        else:
            await send(update, context, [Reply(render.staff_ticket(view, context.tz))])
            return
    await show(update, context, ticket_id)


async def on_rate(update: Update, context: BotContext) -> None:
    """满意 / 基本满意 / 不满意 / 问题没解决 under a resolved ticket."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    ticket_id, code = cb.RATE.parse(query.data) or (0, "")
    if parsing.checked(ticket_id) is None:
        await query.answer(texts.BUTTON_STALE)
        return
    try:
        reopened = await context.services.feedback.rate(user.id, ticket_id, code)
    except NotFound:
        await answer(update, context, Reply(texts.TICKET_NOT_FOUND))
        return
    except GridbotError:
        await answer(update, context, Reply(texts.ALREADY_ANSWERED))
        return
    template = texts.RESIDENT_REOPENED if reopened else texts.RESIDENT_RATED
    await answer(update, context, Reply(template.format(id=ticket_id)))


async def cancel(update: Update, context: BotContext) -> None:
    """/cancel <id>: ask before withdrawing."""
    user = update.effective_user
    ticket_id = _ticket_id(context)
    if user is None or ticket_id is None:
        await send(update, context, [Reply(texts.CANCEL_USAGE)])
        return
    try:
        view = await context.services.my_tickets.detail(user.id, ticket_id)
    except NotFound:
        await send(update, context, [Reply(texts.TICKET_NOT_FOUND)])
        return
    if view.status.value not in ("new", "assigned", "accepted"):
        status = texts.STATUS_NAMES[view.status.value]
        await send(
            update, context, [Reply(texts.CANCEL_NOT_OPEN.format(id=view.id, status=status))]
        )
        return
    text = texts.CANCEL_CONFIRM.format(
        id=view.id, intent=render.esc(view.intent_name or texts.OTHER_INTENT_NAME)
    )
    await send(update, context, [Reply(text, keyboards.cancel_confirm(view.id))])


async def on_callback(update: Update, context: BotContext) -> None:
    """Buttons: open a ticket, confirm or refuse withdrawing it."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    found = await pressed_ticket(query)
    if found is None:
        return
    pressed, ticket_id = found
    if pressed.button == cb.OPEN_TICKET:
        await query.answer()
        await show(update, context, ticket_id)
    elif pressed.button == cb.CANCEL_NO:
        await answer(update, context, Reply(texts.CANCEL_KEPT.format(id=ticket_id)))
    elif pressed.button == cb.CANCEL_YES:
        try:
            view = await context.services.tickets.cancel(user.id, ticket_id)
        except NotFound:
            await answer(update, context, Reply(texts.TICKET_NOT_FOUND))
            return
        except Forbidden:
            await answer(update, context, Reply(texts.ALREADY_ANSWERED))
            return
        await answer(update, context, Reply(texts.CANCELLED.format(id=view.id)))
    else:
        await query.answer(texts.BUTTON_STALE)
