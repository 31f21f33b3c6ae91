"""微心愿: /wish (a resident's own, or staff for a household), /wishes, /helper and the
认领 / 已实现 buttons. Thin: parse → the wish service → a message."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, send
from bot.chat.views import callbacks as cb
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.services.errors import Forbidden, GridbotError, InvalidInput, NotFound
from bot.services.wishes import WishTaken, WishView


def _words(update: Update, skip: int) -> str:
    """The message's text after the command and ``skip`` more words."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=skip + 1) if message else []
    return parts[skip + 1] if len(parts) > skip + 1 else ""


def _refusal(exc: GridbotError) -> str:
    if isinstance(exc, WishTaken):
        return texts.WISH_TAKEN
    if isinstance(exc, Forbidden):
        return texts.WISH_NOT_HELPER
    return texts.WISH_NOT_FOUND


async def wish(update: Update, context: BotContext) -> None:
    """/wish <text> (a resident), /wish <household> <text> (staff)."""
    user, args = update.effective_user, context.args or []
    assert user is not None
    service, staff = context.services.wishes, context.role is not None
    household = parsing.number(args[0]) if args else None
    try:
        if staff and household is not None and len(args) > 1:
            wish_id = await service.for_household(user.id, household, _words(update, 1))
            text = texts.WISH_SAVED_STAFF.format(household=household, id=wish_id)
        elif staff:
            text = texts.WISH_USAGE_STAFF
        elif args:
            text = texts.WISH_SAVED.format(id=await service.own(user.id, _words(update, 0)))
        else:
            text = texts.WISH_USAGE
    except InvalidInput:
        text = texts.WISH_USAGE_STAFF if staff else texts.WISH_USAGE
    except NotFound:
        text = texts.HOUSEHOLD_NOT_FOUND if staff else texts.WISH_NOT_REGISTERED
    await send(update, context, [Reply(text)])


def _listing(views: list[WishView]) -> Reply:
    if not views:
        return Reply(texts.WISHES_EMPTY)
    text, rows = texts.WISHES_HEADER, []
    for v in views:
        where = texts.WISH_WHERE.format(where=esc(v.where)) if v.where else ""
        status = texts.WISH_STATUS.get(v.status, v.status)
        text += texts.WISH_LINE.format(id=v.id, status=status, where=where, text=esc(v.text))
        if v.claimable:
            data = cb.WISH_CLAIM(v.id)
            rows.append(
                [InlineKeyboardButton(texts.BUTTON_CLAIM.format(id=v.id), callback_data=data)]
            )
        elif v.fulfillable:
            data = cb.WISH_FULFIL(v.id)
            rows.append(
                [InlineKeyboardButton(texts.BUTTON_FULFIL.format(id=v.id), callback_data=data)]
            )
    return Reply(text, InlineKeyboardMarkup(rows[:90]) if rows else None)


async def wishes(update: Update, context: BotContext) -> None:
    """/wishes: what the sender may see of 微心愿, with 认领 / 已实现 buttons."""
    user = update.effective_user
    assert user is not None
    await send(update, context, [_listing(await context.services.wishes.listing(user.id))])


async def helper(update: Update, context: BotContext) -> None:
    """/helper <grid code> <telegram id> [name]: register a 微心愿 helper (staff);
    /helper 删除 <grid code> <telegram id>: remove one."""
    user, args = update.effective_user, context.args or []
    assert user is not None
    if args and args[0] in texts.HELPER_REMOVE_WORDS:
        await _remove_helper(update, context, args[1:])
        return
    helper_id = parsing.telegram_id(args[1]) if len(args) > 1 else None
    if helper_id is None:
        await send(update, context, [Reply(texts.HELPER_USAGE)])
        return
    name = " ".join(args[2:])[:100]
    try:
        grid = await context.services.wishes.add_helper(user.id, args[0], helper_id, name)
    except NotFound as exc:
        code = esc(args[0])
        failed = texts.HOUSEHOLD_UNKNOWN_GRID.format(code=code) if str(exc) == args[0] else ""
        await send(update, context, [Reply(failed or texts.HOUSEHOLD_NOT_FOUND)])
        return
    except GridbotError:
        await send(update, context, [Reply(texts.HOUSEHOLD_NOT_FOUND)])
        return
    text = texts.HELPER_ADDED.format(name=esc(name or str(helper_id)), grid=esc(grid))
    await send(update, context, [Reply(text)])


async def _remove_helper(update: Update, context: BotContext, args: list[str]) -> None:
    user = update.effective_user
    assert user is not None
    helper_id = parsing.telegram_id(args[1]) if len(args) == 2 else None
    if helper_id is None:
        await send(update, context, [Reply(texts.HELPER_USAGE)])
        return
    try:
        grid = await context.services.wishes.remove_helper(user.id, args[0], helper_id)
    except NotFound as exc:
        if str(exc) == "helper":
            grid_name = esc(args[0])
            text = texts.HELPER_NOT_THERE.format(grid=grid_name, helper=helper_id)
        elif str(exc) == args[0]:
            text = texts.HOUSEHOLD_UNKNOWN_GRID.format(code=esc(args[0]))
        else:
            text = texts.HOUSEHOLD_NOT_FOUND
        await send(update, context, [Reply(text)])
        return
    except GridbotError:
        await send(update, context, [Reply(texts.HOUSEHOLD_NOT_FOUND)])
        return
    text = texts.HELPER_REMOVED.format(helper=helper_id, grid=esc(grid))
    await send(update, context, [Reply(text)])


async def on_callback(update: Update, context: BotContext) -> None:
    """认领 and 已实现 under /wishes."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    pressed = cb.parse(query.data)
    wish_id = parsing.checked(pressed.number) if pressed else None
    if pressed is None or wish_id is None:
        await query.answer(texts.BUTTON_STALE)
        return
    service = context.services.wishes
    try:
        if pressed.button == cb.WISH_CLAIM:
            text = texts.WISH_CLAIMED_DONE.format(id=await service.claim(user.id, wish_id))
        elif pressed.button == cb.WISH_FULFIL:
            text = texts.WISH_FULFILLED_DONE.format(id=await service.fulfil(user.id, wish_id))
        else:
            await query.answer(texts.BUTTON_STALE)
            return
    except GridbotError as exc:
        await query.answer(_refusal(exc), show_alert=True)
        return
    await answer(update, context, Reply(text), clear=False)
