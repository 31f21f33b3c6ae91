"""Periodic jobs (PTB JobQueue): drain the outbox, sweep deadlines. They run only while the
Application runs, and the sweep runs in one process at a time (a leader lock)."""

from __future__ import annotations

import logging
from typing import Any

from bot.chat.context import SENDER_KEY, BotApp, BotContext
from storage.locks import try_job_lock

log = logging.getLogger(__name__)

DRAIN_EVERY = 2.0
SWEEP_EVERY = 60.0


async def drain_outbox(context: BotContext) -> None:
    """Deliver due outbox messages (retries whose time has come, other processes' leftovers)."""
    await context.bot_data[SENDER_KEY].drain()


async def sweep_deadlines(context: BotContext) -> None:
    """Reminders, escalations and default closing: once across all processes."""
    services = context.services
    async with try_job_lock(services.sessions, "gridbot.sweep") as leader:
        if leader:
            await services.deadlines.sweep()
            await services.visit_sweep.sweep()  # 进百家门: overdue visits of elders alone
    await context.bot_data[SENDER_KEY].drain()


def schedule(app: BotApp) -> None:
    """Register the periodic jobs (no-op without a JobQueue)."""
    queue: Any = app.job_queue
    if queue is None:
        log.warning("no JobQueue: reminders and retries will not run")
        return
    queue.run_repeating(drain_outbox, interval=DRAIN_EVERY, first=1.0, name="outbox")
    queue.run_repeating(sweep_deadlines, interval=SWEEP_EVERY, first=10.0, name="deadlines")
