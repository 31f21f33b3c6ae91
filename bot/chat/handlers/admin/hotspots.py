"""/hotspots: 多人同诉, 一人多诉 and 同址复发 in the admin's areas. Role checks in access.py."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers.replying import send
from bot.chat.views import hotspots as view
from bot.chat.views import keyboards
from bot.chat.views.render import Reply


async def hotspots(update: Update, context: BotContext) -> None:
    """/hotspots: every hotspot of the admin's grids, numbered, with its tickets."""
    user = update.effective_user
    if user is None:
        return
    found = context.services.hotspots
    spots = await found.for_admin(user.id)
    markup = keyboards.agenda_raise(view.raise_buttons(spots))
    await send(update, context, [Reply(view.listing(spots, found.limits), markup)])
