"""Admins' chat commands: /grant and /revoke (role checks live in access.py)."""

from __future__ import annotations

from telegram import Update

from bot.chat.context import BotContext
from bot.chat.handlers import parsing
from bot.chat.handlers.replying import send
from bot.chat.views import render, texts
from bot.chat.views.render import Reply
from bot.domain.policy import Pinned
from bot.services.errors import Forbidden, GridbotError, NotFound
from storage.models import StaffRole


def _refused(exc: Forbidden, target: int) -> str:
    """Why /grant or /revoke was refused: a settings admin, or outside the actor's scope."""
    return (texts.MANAGE_PINNED if isinstance(exc, Pinned) else texts.MANAGE_OUT_OF_SCOPE).format(
        id=target
    )


async def grant(update: Update, context: BotContext) -> None:
    """/grant <telegram_id> worker|admin <area_code>."""
    user = update.effective_user
    args = context.args or []
    roles = {r.value: r for r in StaffRole}
    target = parsing.telegram_id(args[0]) if args else None
    if user is None or len(args) != 3 or target is None or args[1] not in roles:
        await send(update, context, [Reply(texts.USAGE_GRANT)])
        return
    role, code = roles[args[1]], args[2]
    try:
        view = await context.services.staff_admin.grant(user.id, target, role, code)
    except NotFound:
        await send(update, context, [Reply(texts.UNKNOWN_GRID_CODE.format(code=render.esc(code)))])
        return
    except Forbidden as exc:
        await send(update, context, [Reply(_refused(exc, target))])
        return
    except GridbotError:
        await send(update, context, [Reply(texts.USAGE_GRANT)])
        return
    text = texts.GRANTED.format(
        id=target, role=texts.ROLE_NAMES[role.value], areas=render.esc(", ".join(view.area_codes))
    )
    await send(update, context, [Reply(text)])


async def revoke(update: Update, context: BotContext) -> None:
    """/revoke <telegram_id>."""
    user = update.effective_user
    args = context.args or []
    target = parsing.telegram_id(args[0]) if len(args) == 1 else None
    if user is None or target is None:
        await send(update, context, [Reply(texts.USAGE_REVOKE)])
        return
    try:
        revoked = await context.services.staff_admin.revoke(user.id, target)
    except Forbidden as exc:
        await send(update, context, [Reply(_refused(exc, target))])
        return
    template = texts.REVOKED if revoked else texts.REVOKE_UNKNOWN
    await send(update, context, [Reply(template.format(id=target))])
