"""/web: a single-use link that signs a worker or admin in to the web console."""

from __future__ import annotations

from telegram import LinkPreviewOptions, Update

from bot.chat.context import BotContext
from bot.chat.views import render, texts
from bot.services.errors import Forbidden
from bot.services.web_access import LINK_LIFETIME


async def web(update: Update, context: BotContext) -> None:
    """/web: send a sign-in link valid a few minutes (no preview: a preview would not use it,
    but the link should not be fetched by anyone but the staff member)."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    try:
        url = await context.services.web.issue_link(user.id)
    except Forbidden:
        await context.bot.send_message(chat.id, texts.NOT_IN_SCOPE)
        return
    minutes = int(LINK_LIFETIME.total_seconds() // 60)
    await context.bot.send_message(
        chat.id,
        texts.WEB_LINK.format(url=render.esc(url), minutes=minutes),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )
