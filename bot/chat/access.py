"""Handlers that run before all others: skip redelivered updates, learn the sender's role,
and stop staff commands and buttons from anyone without the role (the one place roles
are checked). A resident typing a staff command gets the ordinary "unknown command".

The handler in ``GUARD_GROUP`` runs first (one database transaction for both jobs).
Raising ``ApplicationHandlerStop`` there means no later group sees the update.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.chat.context import BotContext
from bot.chat.views import texts
from storage.models import StaffRole

log = logging.getLogger(__name__)

GUARD_GROUP = -100
AFTER_GROUP = 100

WORKER, ADMIN = StaffRole.WORKER, StaffRole.ADMIN
STAFF_COMMANDS: dict[str, StaffRole] = {
    "queue": WORKER,
    "take": WORKER,
    "reply": WORKER,
    "note": WORKER,
    "resolve": WORKER,
    "transfer": WORKER,
    "overdue": ADMIN,
    "grant": ADMIN,
    "revoke": ADMIN,
    "stats": ADMIN,
    "broadcast": ADMIN,
    "notice": ADMIN,
}
STAFF_CALLBACK_PREFIX = "w:"


async def admit(update: Update, context: BotContext) -> None:
    """Skip an update already handled (a redelivery, another process); learn the sender's
    role; refuse staff actions to everyone without the role."""
    user = update.effective_user
    fresh, role = await context.services.updates.admit(update.update_id, user.id if user else None)
    if not fresh:
        log.info("update %d already processed; skipped", update.update_id)
        raise ApplicationHandlerStop
    context.role = role
    await _gate(update, context)


def required_role(update: Update) -> StaffRole | None:
    """The role a command or button needs, if it is a staff one."""
    query = update.callback_query
    if query is not None:
        return WORKER if (query.data or "").startswith(STAFF_CALLBACK_PREFIX) else None
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    command = message.text.split()[0][1:].split("@")[0].lower()
    return STAFF_COMMANDS.get(command)


def allowed(role: StaffRole | None, needed: StaffRole) -> bool:
    """Admins may do what workers do; residents may do neither."""
    return role is ADMIN or role is needed


async def _gate(update: Update, context: BotContext) -> None:
    """Stop a staff command or button from someone without the role it needs."""
    user = update.effective_user
    if user is None:
        return
    needed = required_role(update)
    if needed is None or allowed(context.role, needed):
        return
    log.info("user %d refused a %s action", user.id, needed.value)
    if update.callback_query is not None:
        await update.callback_query.answer(texts.UNKNOWN_COMMAND)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)
    raise ApplicationHandlerStop


async def kick_sender(update: Update, context: BotContext) -> None:
    """After every update: deliver what it put in the outbox (when the bot is running)."""
    if context.application.running:
        sender = context.bot_data.get("sender")
        if sender is not None:
            context.application.create_task(sender.drain(), update=update)
