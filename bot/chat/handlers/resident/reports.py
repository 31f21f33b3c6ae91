"""A resident's text, photos and locations, and the buttons that file them."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import answer, argument, send
from bot.chat.handlers.resident import registration
from bot.chat.views import keyboards, render, texts
from bot.chat.views.render import Reply
from bot.services.errors import GridbotError, NotFound
from bot.services.reports import Empty, Media, Unregistered
from bot.services.tickets import OTHER

MEDIA_FIELDS = {f.name for f in fields(Media)}


async def on_text(update: Update, context: BotContext) -> None:
    """Free text: registration first if needed, then the report flow."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    await submit_text(update, context, message.text, reply_to)


async def submit_text(
    update: Update, context: BotContext, text: str, reply_to: int | None = None
) -> None:
    """File a text (registration first if needed); render whatever came of it."""
    user = update.effective_user
    assert user is not None
    result = await context.services.reports.submit(user.id, text, reply_to)
    if isinstance(result, Unregistered):
        if result.step is not None:
            await registration.on_step_text(update, context, result.step, text)
        else:
            await registration.begin_with(update, context, text)
        return
    await send(update, context, render.outcome(result))


async def on_media(update: Update, context: BotContext) -> None:
    """A photo (or image file) or a location: attach it, or start a report with it."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    media = _media(update)
    if media is None:
        return
    registered, step = await context.services.registration.status(user.id)
    kept = {**media.as_state(), "caption": message.caption}
    if step is not None:
        await context.services.registration.keep(user.id, kept)
        await send(update, context, [Reply(texts.REG_PRESS_BUTTON)])
    elif not registered:
        await registration.begin_with(update, context, kept)
    else:
        result = await context.services.reports.media(user.id, media, message.caption)
        await send(update, context, render.outcome(result))


async def submit_media(update: Update, context: BotContext, kept: dict[str, Any]) -> None:
    """File a photo or location kept while the resident registered."""
    user = update.effective_user
    assert user is not None
    fields = {k: v for k, v in kept.items() if k in MEDIA_FIELDS}
    result = await context.services.reports.media(user.id, Media(**fields), kept.get("caption"))
    await send(update, context, render.outcome(result))


def _media(update: Update) -> Media | None:
    message = update.effective_message
    assert message is not None
    group = message.media_group_id
    if message.photo:
        best = message.photo[-1]
        return Media("photo", best.file_id, best.file_unique_id, media_group_id=group)
    if message.document is not None:
        doc = message.document
        return Media("photo", doc.file_id, doc.file_unique_id, media_group_id=group)
    if message.location is not None:
        loc = message.location
        return Media("location", latitude=loc.latitude, longitude=loc.longitude)
    return None


async def on_choice(update: Update, context: BotContext) -> None:
    """A category button for a kept message, or 算了."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    reports = context.services.reports
    if query.data == keyboards.DROP:
        await reports.drop(user.id)
        await answer(update, context, Reply(texts.DROPPED))
        return
    try:
        result = await reports.choose(user.id, argument(query.data))
    except GridbotError:
        await answer(update, context, Reply(texts.NOTHING_PENDING))
        return
    await answer(update, context, *render.outcome(result))


async def on_info(update: Update, context: BotContext) -> None:
    """已解决 / 还需要人工帮助 under a self-service answer."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    solved = (query.data or "").startswith(keyboards.INFO_OK)
    try:
        result = await context.services.reports.info_outcome(
            user.id, int(argument(query.data)), solved
        )
    except (GridbotError, ValueError):
        await answer(update, context, Reply(texts.ALREADY_ANSWERED))
        return
    if isinstance(result, Empty):
        await answer(
            update, context, Reply(texts.INFO_SOLVED if solved else texts.ALREADY_ANSWERED)
        )
    else:
        await answer(update, context, *render.outcome(result))


async def on_change(update: Update, context: BotContext) -> None:
    """不是这个类别: offer the categories; then move the ticket to the chosen one."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    data = query.data or ""
    if data.startswith(keyboards.CHANGE_TO):
        ticket_id, key = int(argument(data, 1)), argument(data, 2)
        try:
            view = await context.services.tickets.change_intent(user.id, ticket_id, key)
        except NotFound:
            await answer(update, context, Reply(texts.TICKET_NOT_FOUND))
            return
        except GridbotError:
            await answer(update, context, Reply(texts.NOTHING_PENDING))
            return
        text = texts.INTENT_CHANGED.format(
            id=view.id, intent=render.esc(view.intent_name or texts.OTHER_INTENT_NAME)
        )
        await answer(update, context, Reply(text))
        return
    ticket_id = int(argument(data))
    choices = [c for c in context.services.reports.categories() if c.key != OTHER]
    await answer(
        update, context, Reply(texts.CHOOSE_NEW_CATEGORY, keyboards.change_to(ticket_id, choices))
    )


async def on_split(update: Update, context: BotContext) -> None:
    """这是另一件事: file the message that was added to an existing ticket on its own."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    try:
        result = await context.services.reports.split(user.id, int(argument(query.data)))
    except (GridbotError, ValueError):
        await answer(update, context, Reply(texts.NOTHING_PENDING))
        return
    await answer(update, context, *render.outcome(result))


async def on_edited(update: Update, context: BotContext) -> None:
    """An edited message: add it to the ticket being reported, or ask to send it anew."""
    user, message = update.effective_user, update.edited_message
    if user is None or message is None or update.effective_chat is None:
        return
    if update.effective_chat.type != "private":
        return
    ticket_id = None
    if message.text:
        ticket_id = await context.services.reports.add_to_active(user.id, message.text)
    text = texts.EDITED_NOTED.format(id=ticket_id) if ticket_id else texts.EDITED_DECLINED
    await send(update, context, [Reply(text)])
