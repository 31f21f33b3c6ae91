"""Input the bot cannot use: answered politely, never crashing, never silently dropped."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.ext import filters

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


async def group_message(update: Update, context: BotContext) -> None:
    """In a group, answer only what is addressed to the bot: ask to talk privately."""
    message = update.effective_message
    if message is None:
        return
    addressed = bool(message.text and message.text.startswith("/")) or any(
        e.type == MessageEntity.MENTION for e in message.entities
    )
    if addressed:
        await send(update, context, [Reply(texts.GROUP_DECLINED)])


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
