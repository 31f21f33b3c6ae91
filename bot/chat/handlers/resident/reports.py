"""A resident's text, photos and locations, and the buttons that file them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers.admin import broadcast_dialogue
from bot.chat.handlers.replying import answer, send
from bot.chat.handlers.resident import registration
from bot.chat.handlers.staff import new_dialogue
from bot.chat.views import callbacks as cb
from bot.chat.views import keyboards, render, texts
from bot.chat.views.render import Reply
from bot.domain.conversation import Dialogue, Kept, KeptMedia, KeptText
from bot.services.errors import GridbotError, NotFound
from bot.services.reports import Elsewhere, Empty, Media, Outcome, Unregistered
from bot.services.tickets import OTHER

Routed = Outcome | Unregistered | Elsewhere


async def _route(
    update: Update,
    context: BotContext,
    call: Callable[[], Awaitable[Routed]],
    kept: Kept,
    safety: str | None = None,
) -> None:
    """Run a report call; hand the message to the chat's other dialogue (the /broadcast
    draft) or to registration when the call says so, else show what came of it.

    An emergency's ``safety`` line comes first whatever the chat is doing; the message is
    then kept by registration (never taken as an address) or filed as a report, urgent."""
    result = await call()
    if safety is not None and isinstance(result, Unregistered | Elsewhere):
        await send(update, context, [Reply(render.esc(safety))])
    if isinstance(result, Elsewhere):
        dialogue = (
            new_dialogue.on_message
            if result.dialogue is Dialogue.ON_BEHALF
            else broadcast_dialogue.on_message
        )
        if await dialogue(update, context):
            return
        result = await call()  # the dialogue let go of the chat
    if isinstance(result, Unregistered):
        if result.step is not None:
            urgent = safety is not None and isinstance(kept, KeptText)
            await registration.on_step(update, context, result.step, kept, urgent)
        else:
            await registration.begin_with(update, context, kept)
    elif not isinstance(result, Elsewhere):
        await send(update, context, render.outcome(result))


async def on_text(update: Update, context: BotContext) -> None:
    """Free text: the chat's dialogue, registration first if needed, then the report flow."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or message.text is None:
        return
    text = message.text
    reply_to = message.reply_to_message.message_id if message.reply_to_message else None
    reports = context.services.reports
    call = lambda: reports.submit(user.id, text, reply_to)  # noqa: E731
    await _route(update, context, call, KeptText(text), reports.safety_line(text))


async def on_media(update: Update, context: BotContext) -> None:
    """A photo (or image file) or a location: attach it, or start a report with it."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return
    media = _media(update)
    if media is None:
        return
    caption, reports = message.caption, context.services.reports
    kept = KeptMedia(media, caption)
    safety = reports.safety_line(caption) if caption else None
    await _route(update, context, lambda: reports.media(user.id, media, caption), kept, safety)


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
    if cb.REPORT_DROP.matches(query.data):
        await reports.drop(user.id)
        await answer(update, context, Reply(texts.DROPPED))
        return
    try:
        result = await reports.choose(user.id, cb.REPORT.parse(query.data) or "")
    except GridbotError:
        await answer(update, context, Reply(texts.NOTHING_PENDING))
        return
    await answer(update, context, *render.outcome(result))


async def on_info(update: Update, context: BotContext) -> None:
    """已解决 / 还需要人工帮助 under a self-service answer."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    ok = cb.INFO_OK.parse(query.data)
    solved, request_id = ok is not None, ok or cb.INFO_HELP.parse(query.data) or 0
    try:
        result = await context.services.reports.info_outcome(user.id, request_id, solved)
    except GridbotError:
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
    change_to = cb.CHANGE_TO.parse(query.data)
    if change_to is not None:
        ticket_id, key = change_to
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
    ticket = cb.CHANGE.parse(query.data)
    if ticket is None:
        await answer(update, context, Reply(texts.NOTHING_PENDING))
        return
    choices = [c for c in context.services.reports.categories() if c.key != OTHER]
    await answer(
        update, context, Reply(texts.CHOOSE_NEW_CATEGORY, keyboards.change_to(ticket, choices))
    )


async def on_split(update: Update, context: BotContext) -> None:
    """这是另一件事: file the message that was added to an existing ticket on its own."""
    user, query = update.effective_user, update.callback_query
    if user is None or query is None:
        return
    try:
        result = await context.services.reports.split(user.id, cb.SPLIT.parse(query.data) or 0)
    except GridbotError:
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
