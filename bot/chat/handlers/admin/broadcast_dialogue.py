"""The /broadcast dialogue: audience, text (and maybe one photo), receipt, then the preview.

``/broadcast`` asks step by step; ``/broadcast <scope> <text>`` goes straight to the preview.
The draft is stored per chat by the service, so every step may land on another process.
Free text and photos reach ``on_message`` through the resident message handlers, which ask
the chat's conversation first (the dialogue is not a PTB ConversationHandler: that would
keep its step in one process's memory).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, send
from bot.chat.views import callbacks as cb
from bot.chat.views import notices as notice_render
from bot.chat.views import texts
from bot.chat.views.render import Reply, esc
from bot.domain.conversation import BroadcastStep, Scope
from bot.services.broadcast import MAX_CAPTION, MAX_TEXT, Audience, parse_audience
from bot.services.broadcast_dialogue import Asked, Expired, Refused
from bot.services.errors import Forbidden, GridbotError, InvalidInput, NotFound

AUDIENCES = {"all": Scope.ALL, "com": Scope.COMMUNITY, "grid": Scope.GRID, "bld": Scope.BUILDING}
"""The audience buttons' words (``w:bc:a:<word>``) and what they choose."""
AUDIENCE_LABELS = {
    "all": texts.BTN_BC_ALL,
    "com": texts.BTN_BC_COMMUNITY,
    "grid": texts.BTN_BC_GRID,
    "bld": texts.BTN_BC_BUILDING,
}


def _buttons(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """One button per row (label, callback data), and 取消 at the bottom."""
    keyboard = [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    keyboard.append([InlineKeyboardButton(texts.BTN_BC_QUIT, callback_data=cb.BC_QUIT())])
    return InlineKeyboardMarkup(keyboard)


def _refused(reason: str) -> str:
    if reason == "building":
        return texts.BC_BAD_BUILDING
    if reason == "too long":
        return texts.BC_TOO_LONG.format(text=MAX_TEXT, caption=MAX_CAPTION)
    if reason == "empty":
        return texts.BC_EMPTY_TEXT
    return texts.BC_USAGE


def refusal(exc: GridbotError) -> str:
    """The plain answer for a refused notice."""
    if isinstance(exc, Forbidden):
        return texts.BC_NOT_YOURS
    if isinstance(exc, NotFound):
        return texts.BC_UNKNOWN_AREA.format(code=esc(str(exc)))
    return _refused(str(exc))


def _asked(asked: Asked) -> Reply:
    """The question for the step the dialogue is at now."""
    if asked.step is BroadcastStep.COMMUNITY:
        if not asked.choices:
            return Reply(texts.BC_NO_AREAS)
        rows = [(name, cb.BC_COMMUNITY(area_id)) for area_id, name in asked.choices]
        return Reply(texts.BC_PICK_COMMUNITY, _buttons(rows))
    if asked.step is BroadcastStep.GRID:
        rows = [(name, cb.BC_GRID(area_id)) for area_id, name in asked.choices]
        return Reply(texts.BC_PICK_GRID, _buttons(rows))
    if asked.step is BroadcastStep.BUILDING:
        return Reply(texts.BC_ASK_BUILDING)
    if asked.step is BroadcastStep.RECEIPT:
        rows = [(texts.BTN_ACK_YES, cb.BC_RECEIPT_YES()), (texts.BTN_ACK_NO, cb.BC_RECEIPT_NO())]
        return Reply(texts.BC_ASK_ACK, _buttons(rows))
    return Reply(texts.BC_PHOTO_KEPT if asked.photo_kept else texts.BC_ASK_TEXT)


def _user_id(update: Update) -> int:
    user = update.effective_user
    assert user is not None
    return user.id


async def expired(update: Update, context: BotContext) -> None:
    """A dialogue button pressed after the dialogue ended (or at another step)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.BC_EXPIRED)


async def start(update: Update, context: BotContext) -> None:
    """/broadcast: the audience buttons; /broadcast <scope> <text>: the preview at once."""
    message = update.effective_message
    assert message is not None
    dialogue, user_id = context.services.broadcast.dialogue, _user_id(update)
    words = (message.text or "").split(maxsplit=2)
    if len(words) == 1:
        await dialogue.begin(user_id)
        markup = _buttons(
            [(label, cb.BC_AUDIENCE(word)) for word, label in AUDIENCE_LABELS.items()]
        )
        await send(update, context, [Reply(texts.BC_PICK_AUDIENCE, markup)])
        return
    await dialogue.end(user_id)  # a one-line notice ends any dialogue in progress
    if len(words) < 3:
        await send(update, context, [Reply(texts.BC_USAGE)])
        return
    try:
        audience = parse_audience(words[1])
    except InvalidInput:
        await send(update, context, [Reply(texts.BC_USAGE)])
        return
    await _preview(update, context, audience, words[2], None, needs_ack=False)


async def _preview(
    update: Update,
    context: BotContext,
    audience: Audience,
    text: str,
    photo: str | None,
    *,
    needs_ack: bool,
) -> None:
    services, user_id = context.services.broadcast, _user_id(update)
    try:
        draft = await services.draft(user_id, audience, text, photo, needs_ack)
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc)))
        return
    await answer(update, context, notice_render.preview(draft))


async def on_audience(update: Update, context: BotContext) -> None:
    """全部 / 社区 / 网格 / 楼栋."""
    query = update.callback_query
    word = cb.BC_AUDIENCE.parse(query.data if query else None)
    dialogue = context.services.broadcast.dialogue
    try:
        asked = await dialogue.choose_audience(_user_id(update), AUDIENCES[word or ""])
    except (GridbotError, KeyError):
        await expired(update, context)
        return
    await answer(update, context, _asked(asked))


async def on_community(update: Update, context: BotContext) -> None:
    """A community chosen: done (社区), or pick a grid, or type a building."""
    query = update.callback_query
    area_id = cb.BC_COMMUNITY.parse(query.data if query else None) or 0
    dialogue = context.services.broadcast.dialogue
    try:
        asked = await dialogue.choose_community(_user_id(update), area_id)
    except GridbotError:
        await expired(update, context)
        return
    await answer(update, context, _asked(asked))


async def on_grid(update: Update, context: BotContext) -> None:
    """A grid chosen."""
    query = update.callback_query
    area_id = cb.BC_GRID.parse(query.data if query else None) or 0
    try:
        asked = await context.services.broadcast.dialogue.choose_grid(_user_id(update), area_id)
    except GridbotError:
        await expired(update, context)
        return
    await answer(update, context, _asked(asked))


async def on_message(update: Update, context: BotContext) -> bool:
    """The building, or the notice's text or photo (its caption is the text); False when
    the chat's dialogue no longer takes it (the sender handles it as any message)."""
    message = update.effective_message
    assert message is not None
    photo = message.photo[-1].file_id if message.photo else None
    text = message.caption if message.photo else message.text
    try:
        result = await context.services.broadcast.dialogue.message(_user_id(update), text, photo)
    except InvalidInput:  # raced: another step ended the dialogue meanwhile
        return False
    if result is None:
        return False
    reply = Reply(_refused(result.reason)) if isinstance(result, Refused) else _asked(result)
    await send(update, context, [reply])
    return True


async def on_receipt(update: Update, context: BotContext) -> None:
    """回执 or not: the preview."""
    query = update.callback_query
    needs_ack = cb.BC_RECEIPT_YES.matches(query.data if query else None)
    try:
        draft = await context.services.broadcast.dialogue.finish(_user_id(update), needs_ack)
    except Expired:
        await answer(update, context, Reply(texts.BC_EXPIRED))
        return
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc)))
        return
    await answer(update, context, notice_render.preview(draft))


async def quit_dialogue(update: Update, context: BotContext) -> None:
    """取消 during the dialogue."""
    try:
        await context.services.broadcast.dialogue.end(_user_id(update), quitting=True)
    except GridbotError:
        await expired(update, context)
        return
    await answer(update, context, Reply(texts.BC_QUIT))
