"""Grid workers' commands and the buttons on ticket notices. Role checks live in access.py."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, pressed_ticket, send
from bot.chat.handlers.staff import review
from bot.chat.views import callbacks as cb
from bot.chat.views import render, texts
from bot.chat.views.render import Reply
from bot.domain.policy import OutOfScope
from bot.services.errors import Forbidden, GridbotError, InvalidInput, NotFound, NotOpen
from bot.services.work import AlreadyTaken


def _parse(context: BotContext, words: int) -> tuple[int, list[str]] | None:
    """``<id> rest...``: the ticket id and the remaining ``words - 1`` arguments."""
    args = context.args or []
    ticket_id = parsing.ticket_id(args)
    if ticket_id is None or len(args) < words:
        return None
    return ticket_id, args[1:]


def refusal(exc: GridbotError, ticket_id: int) -> str:
    """The plain answer for a refused action."""
    if isinstance(exc, AlreadyTaken):
        return texts.TAKEN_BY_OTHER.format(id=ticket_id, name=render.esc(exc.owner))
    if isinstance(exc, NotOpen):
        return texts.NOT_OPEN.format(id=ticket_id, status=texts.STATUS_NAMES[exc.status])
    if isinstance(exc, NotFound | Forbidden):
        return texts.NOT_IN_SCOPE
    return texts.NOTHING_PENDING


async def queue(update: Update, context: BotContext) -> None:
    """/queue: my grids' open tickets, urgent and overdue first."""
    await _listing(update, context, overdue_only=False)


async def overdue(update: Update, context: BotContext) -> None:
    """/overdue: overdue tickets of the areas an admin oversees."""
    await _listing(update, context, overdue_only=True)


async def _listing(update: Update, context: BotContext, *, overdue_only: bool) -> None:
    user = update.effective_user
    assert user is not None
    tickets = context.services.staff_tickets
    items = await (tickets.overdue if overdue_only else tickets.queue)(user.id)
    header, empty = (
        (texts.OVERDUE_HEADER, texts.OVERDUE_EMPTY)
        if overdue_only
        else (texts.QUEUE_HEADER, texts.QUEUE_EMPTY)
    )
    text = render.queue(items, context.services.clock(), header, empty)
    await send(update, context, [Reply(text)])


async def take(update: Update, context: BotContext) -> None:
    """/take <id>."""
    parsed = _parse(context, 1)
    if parsed is None:
        await send(update, context, [Reply(texts.USAGE_TAKE)])
        return
    await _take(update, context, parsed[0])


async def _take(update: Update, context: BotContext, ticket_id: int) -> None:
    user = update.effective_user
    assert user is not None
    try:
        done = await context.services.work.take(user.id, ticket_id)
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
        return
    template = texts.ALREADY_YOURS if done.detail == "mine" else texts.TAKEN
    await answer(update, context, Reply(template.format(id=ticket_id)), clear=False)


async def _with_text(update: Update, context: BotContext, usage: str, action: str) -> None:
    user, message = update.effective_user, update.effective_message
    parsed = _parse(context, 2)
    if user is None or message is None or parsed is None:
        await send(update, context, [Reply(usage)])
        return
    ticket_id = parsed[0]
    text = (
        (message.text or "").split(maxsplit=2)[2] if len((message.text or "").split()) > 2 else ""
    )
    work = context.services.work
    try:
        if action == "reply":
            await work.reply(user.id, ticket_id, text)
            done = texts.REPLY_SENT
        elif action == "note":
            await work.note(user.id, ticket_id, text)
            done = texts.NOTE_SAVED
        else:
            resolved = await work.resolve(user.id, ticket_id, text)
            if resolved.detail:  # 核查 (issue 14): submitted for the check, or a photo first
                await review.after_resolve(update, context, ticket_id, resolved.detail, text)
                return
            done = texts.RESOLVED
    except InvalidInput:
        await send(update, context, [Reply(usage)])
        return
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    markup = wait_button(ticket_id) if action == "reply" else None
    await send(update, context, [Reply(done.format(id=ticket_id), markup)])


def wait_button(ticket_id: int) -> InlineKeyboardMarkup:
    """The 标记待居民补充 button under a reply sent to the resident (issue 14)."""
    button = InlineKeyboardButton(texts.WAIT_BUTTON, callback_data=cb.WAIT(ticket_id))
    return InlineKeyboardMarkup([[button]])


async def reply(update: Update, context: BotContext) -> None:
    """/reply <id> <text>."""
    await _with_text(update, context, texts.USAGE_REPLY, "reply")


async def note(update: Update, context: BotContext) -> None:
    """/note <id> <text>."""
    await _with_text(update, context, texts.USAGE_NOTE, "note")


async def resolve(update: Update, context: BotContext) -> None:
    """/resolve <id> <text>."""
    await _with_text(update, context, texts.USAGE_RESOLVE, "resolve")


async def transfer(update: Update, context: BotContext) -> None:
    """/transfer <id> <grid_code> [reason]."""
    parsed = _parse(context, 2)
    if parsed is None:
        await send(update, context, [Reply(texts.USAGE_TRANSFER)])
        return
    ticket_id, rest = parsed
    await _transfer(update, context, ticket_id, rest[0], " ".join(rest[1:]))


async def _transfer(
    update: Update, context: BotContext, ticket_id: int, code: str, reason: str
) -> None:
    user = update.effective_user
    assert user is not None
    try:
        done = await context.services.work.transfer(user.id, ticket_id, code, reason)
    except NotFound as exc:
        text = (
            texts.UNKNOWN_GRID_CODE.format(code=render.esc(code))
            if str(exc) == code
            else texts.NOT_IN_SCOPE
        )
        await answer(update, context, Reply(text), clear=False)
        return
    except OutOfScope:
        text = texts.TRANSFER_OUT_OF_SCOPE.format(code=render.esc(code))
        await answer(update, context, Reply(text), clear=False)
        return
    except InvalidInput:
        text = texts.TRANSFER_SAME_GRID.format(id=ticket_id)
        await answer(update, context, Reply(text), clear=False)
        return
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
        return
    text = texts.TRANSFERRED.format(id=ticket_id, grid=render.esc(done.detail))
    await answer(update, context, Reply(text), clear=False)


async def staff_ticket(update: Update, context: BotContext, ticket_id: int) -> None:
    """A ticket with its whole history, as staff see it."""
    user = update.effective_user
    assert user is not None
    try:
        view = await context.services.staff_tickets.detail(user.id, ticket_id)
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc, ticket_id))])
        return
    await send(update, context, [Reply(render.staff_ticket(view, context.tz))])


async def on_callback(update: Update, context: BotContext) -> None:
    """Buttons on ticket notices: 接单, 转派 (pick a grid), 详情."""
    query = update.callback_query
    if query is None:
        return
    found = await pressed_ticket(query)
    if found is None:
        return
    pressed, ticket_id = found
    button = pressed.button
    if button == cb.TAKE:
        await _take(update, context, ticket_id)
    elif button == cb.SHOW:
        await query.answer()
        await staff_ticket(update, context, ticket_id)
    elif button == cb.TRANSFER:
        user = update.effective_user
        assert user is not None
        try:
            grids = await context.services.work.grids_for_transfer(user.id, ticket_id)
        except GridbotError as exc:
            await answer(update, context, Reply(refusal(exc, ticket_id)), clear=False)
            return
        buttons = [
            [InlineKeyboardButton(name, callback_data=cb.TRANSFER_TO(ticket_id, code))]
            for code, name in grids
        ]
        text = texts.TRANSFER_PICK.format(id=ticket_id)
        await answer(update, context, Reply(text, InlineKeyboardMarkup(buttons)), clear=False)
    elif button == cb.TRANSFER_TO and pressed.word is not None:
        await _transfer(update, context, ticket_id, pressed.word, "")
    else:
        await query.answer(texts.BUTTON_STALE)
