"""每月一题: list, raise from /hotspots, invite, announce. Role checks live in access.py."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import answer, send
from bot.chat.views import agenda as view
from bot.chat.views import callbacks as cb
from bot.chat.views import keyboards, texts
from bot.chat.views.render import Reply
from bot.domain.agenda import WrongStage
from bot.services.agenda import Spot
from bot.services.errors import GridbotError, InvalidInput


def refusal(exc: GridbotError) -> str:
    """The plain answer for a refused step."""
    if isinstance(exc, WrongStage):
        stage = texts.AGENDA_STAGES.get(exc.stage, exc.stage)
        return texts.AGENDA_WRONG_STAGE.format(id=exc.item_id, stage=stage)
    if isinstance(exc, InvalidInput):
        return texts.AGENDA_NOBODY
    return texts.AGENDA_NOT_FOUND


async def agenda(update: Update, context: BotContext) -> None:
    """/agenda; /agenda <id>; /agenda <id> <outcome> (公布结果)."""
    user, message, args = update.effective_user, update.effective_message, context.args or []
    if user is None or message is None:
        return
    if not args:
        items = await context.services.agenda_queries.items(user.id)
        markup = keyboards.agenda_list([i.id for i in items[:12]])
        await send(update, context, [Reply(view.listing(items), markup)])
        return
    item_id = parsing.number(args[0])
    if item_id is None:
        await send(update, context, [Reply(texts.AGENDA_USAGE)])
        return
    if len(args) == 1:
        await _show(update, context, item_id)
        return
    outcome = (message.text or "").split(maxsplit=2)[2]
    try:
        count = await context.services.agenda.announce(user.id, item_id, outcome)
    except GridbotError as exc:
        await send(update, context, [Reply(refusal(exc))])
        return
    await send(update, context, [Reply(texts.AGENDA_ANNOUNCED.format(count=count, id=item_id))])


async def _show(update: Update, context: BotContext, item_id: int) -> None:
    user = update.effective_user
    assert user is not None
    try:
        item = await context.services.agenda_queries.detail(user.id, item_id)
    except GridbotError:
        await answer(update, context, Reply(texts.AGENDA_NOT_FOUND), clear=False)
        return
    markup = keyboards.agenda_invite(item.id) if item.status == "raised" else None
    await answer(update, context, Reply(view.item_text(item), markup), clear=False)


async def on_callback(update: Update, context: BotContext) -> None:
    """列入每月一题 (under /hotspots), 邀请相关居民, 详情."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    if (item_id := cb.AG_SHOW.parse(query.data)) is not None:
        await _show(update, context, item_id)
    elif (item_id := cb.AG_INVITE.parse(query.data)) is not None:
        try:
            count = await context.services.agenda.invite(user.id, item_id)
        except GridbotError as exc:
            await answer(update, context, Reply(refusal(exc)))
            return
        await answer(update, context, Reply(texts.AGENDA_INVITED.format(count=count, id=item_id)))
    elif (raised := cb.AG_RAISE.parse(query.data)) is not None:
        await _raise(update, context, *raised)
    else:
        await answer(update, context, Reply(texts.AGENDA_USAGE), clear=False)


async def _raise(update: Update, context: BotContext, first: int, kind: str) -> None:
    user = update.effective_user
    assert user is not None
    spots = await context.services.hotspots.for_admin(user.id)
    spot = next((s for s in spots if s.kind.value == kind and s.tickets[:1] == (first,)), None)
    if spot is None:
        await answer(update, context, Reply(texts.AGENDA_HOTSPOT_GONE), clear=False)
        return
    chosen = Spot(kind, spot.intent, spot.grid_id, spot.building, spot.tickets)
    try:
        item_id = await context.services.agenda.raise_item(user.id, chosen)
    except GridbotError as exc:
        await answer(update, context, Reply(refusal(exc)), clear=False)
        return
    await _show(update, context, item_id)
