"""Handlers that run before all others: skip redelivered updates, learn the sender's role.

Group ``GUARD_GROUP`` runs first. Raising ``ApplicationHandlerStop`` there means no
later group sees the update.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from storage.models import StaffRole

log = logging.getLogger(__name__)

GUARD_GROUP = -100
ROLE_GROUP = -90


async def skip_processed(update: Update, context: BotContext) -> None:
    """Stop an update whose id was already handled (a webhook redelivery, another process)."""
    if not await context.services.updates.claim(update.update_id):
        log.info("update %d already processed; skipped", update.update_id)
        raise ApplicationHandlerStop


async def load_role(update: Update, context: BotContext) -> None:
    """Put the sender's staff role (or None for a resident) on the context."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    if user.id in services.admin_ids:
        context.role = StaffRole.ADMIN
    else:
        context.role = await services.staff.role_of(user.id)
