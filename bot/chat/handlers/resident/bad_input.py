"""Input the bot cannot use: answered politely, never crashing, never silently dropped."""

from __future__ import annotations

import logging

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, filters

from bot.chat.context import BotContext
from bot.chat.handlers.replying import send
from bot.chat.views import texts
from bot.chat.views.render import Reply


class ChannelForward(filters.MessageFilter):
    """A message forwarded from a channel."""

    def filter(self, message: Message) -> bool:
        """True for channel-origin forwards."""
        origin = message.forward_origin
        return origin is not None and origin.type == "channel"


CHANNEL_FORWARD = ChannelForward(name="ChannelForward")
log = logging.getLogger(__name__)


async def outside_private(update: Update, context: BotContext) -> None:
    """Groups and channels get no answer there, ever (not even a refusal or an error); a
    command or mention addressed to the bot in a group is answered privately, if the sender
    lets the bot write to them. Runs before the access gate and ends the update."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    message, user = update.message, update.effective_user
    in_group = chat.type != ChatType.CHANNEL and message is not None and user is not None
    if in_group and message is not None and user is not None and _addressed(message):
        try:
            await context.bot.send_message(user.id, texts.GROUP_ANSWERED_PRIVATELY)
        except TelegramError:
            log.info("group %d: could not answer user %d privately", chat.id, user.id)
    raise ApplicationHandlerStop


def _addressed(message: Message) -> bool:
    return bool(message.text and message.text.startswith("/")) or any(
        e.type == MessageEntity.MENTION for e in message.entities
    )


async def voice(update: Update, context: BotContext) -> None:
    """Voice notes and audio."""
    await send(update, context, [Reply(texts.VOICE_DECLINED)])


async def sticker(update: Update, context: BotContext) -> None:
    """Stickers."""
    await send(update, context, [Reply(texts.STICKER_DECLINED)])


async def file(update: Update, context: BotContext) -> None:
    """Videos, animations and non-image files."""
    await send(update, context, [Reply(texts.FILE_DECLINED)])


async def forward(update: Update, context: BotContext) -> None:
    """Channel posts forwarded to the bot."""
    await send(update, context, [Reply(texts.FORWARD_DECLINED)])
