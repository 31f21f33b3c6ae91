"""Admins' notices: the /broadcast dialogue, the preview's buttons, /notice, and 已阅.

``/broadcast`` asks for the audience, the text (and maybe one photo) and whether a receipt
is wanted, then shows the preview; ``/broadcast <scope> <text>`` goes straight to it. The
preview's buttons (发送 / 取消 / 回执) work on the saved draft, so they outlive the dialogue.
Role checks live in access.py (``w:`` buttons, STAFF_COMMANDS); the service checks the areas.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, argument, send
from bot.chat.senders.broadcaster import BROADCASTER_KEY, Broadcaster
from bot.chat.views import notices as notice_render
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.services.broadcast import (
    MAX_CAPTION,
    MAX_TEXT,
    Audience,
    Scope,
    check_text,
    parse_audience,
)
from bot.services.errors import Forbidden, GridbotError, InvalidInput, NotFound

BC = notice_render.BC
AUDIENCE, COMMUNITY, GRID, BUILDING, TEXT, RECEIPT = range(6)
END = ConversationHandler.END
DRAFT = "broadcast"


def _draft(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr,no-any-return]


def _data(update: Update) -> str | None:
    return update.callback_query.data if update.callback_query is not None else None


def _buttons(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row, and 取消 at the bottom."""
    keyboard = [[InlineKeyboardButton(label, callback_data=f"{BC}{data}")] for label, data in rows]
    keyboard.append([InlineKeyboardButton(texts.BTN_BC_QUIT, callback_data=f"{BC}q")])
    return InlineKeyboardMarkup(keyboard)


def refusal(exc: GridbotError) -> str:
    """The plain answer for a refused notice."""
    if isinstance(exc, Forbidden):
        return texts.BC_NOT_YOURS
    if isinstance(exc, NotFound):
        return texts.BC_UNKNOWN_AREA.format(code=esc(str(exc)))
    if str(exc) == "building":
        return texts.BC_BAD_BUILDING
    if str(exc) == "too long":
        return texts.BC_TOO_LONG.format(text=MAX_TEXT, caption=MAX_CAPTION)
    if str(exc) == "empty":
        return texts.BC_EMPTY_TEXT
    return texts.BC_USAGE


async def start(update: Update, context: BotContext) -> int:
    """/broadcast: the audience buttons; /broadcast <scope> <text>: the preview at once."""
    message = update.effective_message
    assert message is not None
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    words = (message.text or "").split(maxsplit=2)
    if len(words) == 1:
        rows = [("a:all", texts.BTN_BC_ALL), ("a:com", texts.BTN_BC_COMMUNITY)]
        rows += [("a:grid", texts.BTN_BC_GRID), ("a:bld", texts.BTN_BC_BUILDING)]
        markup = _buttons([(label, data) for data, label in rows])
        await send(update, context, [Reply(texts.BC_PICK_AUDIENCE, markup)])
        return AUDIENCE
    if len(words) < 3:
        await send(update, context, [Reply(texts.BC_USAGE)])
        return END
    try:
        audience = parse_audience(words[1])
    except InvalidInput:
        await send(update, context, [Reply(texts.BC_USAGE)])
        return END
    await _preview(update, context, audience, words[2], None, needs_ack=False)
    return END


async def _preview(
    update: Update,
    context: BotContext,
    audience: Audience,
    text: str,
    photo: str | None,
    *,
    needs_ack: bool,
) -> None:
    user = update.effective_user
    assert user is not None
    try:
        draft = await context.services.broadcast.draft(user.id, audience, text, photo, needs_ack)
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc)))
        return
    await answer(update, context, notice_render.preview(draft))


async def on_audience(update: Update, context: BotContext) -> int:
    """全部 / 社区 / 网格 / 楼栋."""
    kind = argument(_data(update), 3)
    if kind == "all":
        _draft(context)["audience"] = Audience(Scope.ALL)
        await answer(update, context, Reply(texts.BC_ASK_TEXT))
        return TEXT
    user = update.effective_user
    assert user is not None
    communities = await context.services.broadcast.communities(user.id)
    if not communities:
        await answer(update, context, Reply(texts.BC_NO_AREAS))
        return END
    _draft(context)["kind"] = kind
    markup = _buttons([(name, f"c:{area_id}") for area_id, name in communities])
    await answer(update, context, Reply(texts.BC_PICK_COMMUNITY, markup))
    return COMMUNITY


async def on_community(update: Update, context: BotContext) -> int:
    """A community chosen: done (社区), or pick a grid, or type a building."""
    area_id = int(argument(_data(update), 3))
    draft, services = _draft(context), context.services.broadcast
    code = await services.area_code(area_id)
    if draft.get("kind") == "grid":
        user = update.effective_user
        assert user is not None
        grids = await services.grids(user.id, area_id)
        markup = _buttons([(name, f"g:{grid_id}") for grid_id, name in grids])
        await answer(update, context, Reply(texts.BC_PICK_GRID, markup))
        return GRID
    if draft.get("kind") == "bld":
        draft["community"] = code
        await answer(update, context, Reply(texts.BC_ASK_BUILDING))
        return BUILDING
    draft["audience"] = Audience(Scope.COMMUNITY, code)
    await answer(update, context, Reply(texts.BC_ASK_TEXT))
    return TEXT


async def on_grid(update: Update, context: BotContext) -> int:
    """A grid chosen."""
    area_id = int(argument(_data(update), 3))
    code = await context.services.broadcast.area_code(area_id)
    _draft(context)["audience"] = Audience(Scope.GRID, code)
    await answer(update, context, Reply(texts.BC_ASK_TEXT))
    return TEXT


async def on_building(update: Update, context: BotContext) -> int:
    """The building's text (matched against residents' addresses)."""
    message = update.effective_message
    assert message is not None
    building = (message.text or "").strip()
    if len(building) > 50:
        await send(update, context, [Reply(texts.BC_BAD_BUILDING)])
        return BUILDING
    draft = _draft(context)
    draft["audience"] = Audience(Scope.BUILDING, draft.get("community"), building)
    await send(update, context, [Reply(texts.BC_ASK_TEXT)])
    return TEXT


async def on_text(update: Update, context: BotContext) -> int:
    """The notice's text, or a photo (its caption is the text)."""
    message = update.effective_message
    assert message is not None
    draft = _draft(context)
    if message.photo:
        draft["photo"] = message.photo[-1].file_id
        if not message.caption:
            await send(update, context, [Reply(texts.BC_PHOTO_KEPT)])
            return TEXT
    text = message.caption if message.photo else message.text
    try:
        draft["text"] = check_text(text or "", draft.get("photo"))
    except InvalidInput as exc:
        await send(update, context, [Reply(refusal(exc))])
        return TEXT
    markup = _buttons([(texts.BTN_ACK_YES, "r:1"), (texts.BTN_ACK_NO, "r:0")])
    await send(update, context, [Reply(texts.BC_ASK_ACK, markup)])
    return RECEIPT


async def on_receipt(update: Update, context: BotContext) -> int:
    """回执 or not: the preview."""
    needs_ack = argument(_data(update), 3) == "1"
    draft = context.user_data.pop(DRAFT, {})  # type: ignore[union-attr]
    if "audience" not in draft or "text" not in draft:
        await answer(update, context, Reply(texts.BC_EXPIRED))
        return END
    photo = draft.get("photo")
    await _preview(update, context, draft["audience"], draft["text"], photo, needs_ack=needs_ack)
    return END


async def quit_dialogue(update: Update, context: BotContext) -> int:
    """取消 during the dialogue."""
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    await answer(update, context, Reply(texts.BC_QUIT))
    return END


async def on_preview(update: Update, context: BotContext) -> None:
    """The preview's buttons: 发送, 取消, and the 回执 switch."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    action, notice_id = argument(query.data, 2), int(argument(query.data, 3))
    services = context.services.broadcast
    try:
        if action == "send":
            await _send(update, context, notice_id)
            return
        if action == "ack":
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


async def expired(update: Update, context: BotContext) -> None:
    """A dialogue button pressed after the dialogue ended."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.BC_EXPIRED)


async def notice(update: Update, context: BotContext) -> None:
    """/notice <id>: progress and who has not confirmed; /notice: my latest notices."""
    user = update.effective_user
    assert user is not None
    args = context.args or []
    if not args:
        drafts = await context.services.broadcast.recent(user.id)
        await send(update, context, [Reply(notice_render.recent(drafts))])
        return
    if not args[0].lstrip("#＃").isdigit():
        await send(update, context, [Reply(texts.NOTICE_USAGE)])
        return
    try:
        found = await context.services.broadcast.report(user.id, int(args[0].lstrip("#＃")))
    except GridbotError:
        await send(update, context, [Reply(texts.NOTICE_NOT_FOUND)])
        return
    await send(update, context, [Reply(notice_render.report(found))])


async def on_ack(update: Update, context: BotContext) -> None:
    """A resident pressed 已阅 under a notice."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    try:
        fresh = await context.services.broadcast.acknowledge(user.id, int(argument(query.data)))
    except (GridbotError, ValueError):
        await query.answer(texts.ACK_UNKNOWN)
        return
    await query.answer(texts.ACK_THANKS if fresh else texts.ACK_ALREADY)
    if query.message is not None and query.message.is_accessible:
        await query.edit_message_reply_markup(None)


def handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """The dialogue, the preview's buttons, /notice and the expired-button answer."""
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    words = private & filters.TEXT & ~filters.COMMAND

    def button(pattern: str, callback: Any) -> CallbackQueryHandler[BotContext, Any]:
        return CallbackQueryHandler(callback, pattern=rf"^{BC}{pattern}")

    with warnings.catch_warnings():
        # Buttons belong to the admin's dialogue in their chat, not to one message: tracking
        # per chat and user is what we want, so PTB's per_message hint does not apply.
        warnings.filterwarnings("ignore", ".*per_message=False", PTBUserWarning)
        dialogue: ConversationHandler[BotContext] = ConversationHandler(
            entry_points=[CommandHandler("broadcast", start, filters=new & private)],
            states={
                AUDIENCE: [button(r"a:", on_audience)],
                COMMUNITY: [button(r"c:\d+$", on_community)],
                GRID: [button(r"g:\d+$", on_grid)],
                BUILDING: [MessageHandler(words, on_building)],
                TEXT: [MessageHandler(words | (private & filters.PHOTO), on_text)],
                RECEIPT: [button(r"r:[01]$", on_receipt)],
            },
            fallbacks=[button(r"q$", quit_dialogue)],
            allow_reentry=True,
            name="broadcast",
        )
    return [
        dialogue,
        button(r"(send|drop|ack):\d+$", on_preview),
        button("", expired),
        CommandHandler("notice", notice, filters=new & private),
    ]


def resident_handlers() -> list[BaseHandler[Any, BotContext, Any]]:
    """The residents' 已阅 button."""
    return [CallbackQueryHandler(on_ack, pattern=rf"^{notice_render.ACK}\d+$")]
