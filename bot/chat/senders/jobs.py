"""Periodic jobs (PTB JobQueue): drain the outbox, sweep deadlines, the daily hotspot watch.
They run only while the Application runs; the sweep and the watch run in one process at a
time (a leader lock)."""

from __future__ import annotations

import logging
from datetime import time
from typing import Any

from bot.bootstrap import Services
from bot.chat.context import SENDER_KEY, BotApp, BotContext
from bot.domain.hotspots import Hotspot
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


async def watch_hotspots(context: BotContext) -> None:
    """The daily hotspot watch: admins hear of hotspots new since the last run."""
    await hotspot_watch(context.services)
    await context.bot_data[SENDER_KEY].drain()


async def hotspot_watch(services: Services) -> int:
    """Find every area's hotspots and announce the new ones, once across all processes."""
    async with try_job_lock(services.sessions, "gridbot.hotspots") as leader:
        if not leader:
            return 0
        found = [
            Hotspot(v.kind, v.intent, v.grid_id, v.building, v.households, v.tickets)
            for v in await services.hotspots.overall()
        ]
        return len(await services.hotspot_alerts.announce(found))


def schedule(app: BotApp, hotspots_at: time | None = None) -> None:
    """Register the periodic jobs (no-op without a JobQueue); the watch daily at ``hotspots_at``."""
    queue: Any = app.job_queue
    if queue is None:
        log.warning("no JobQueue: reminders and retries will not run")
        return
    queue.run_repeating(drain_outbox, interval=DRAIN_EVERY, first=1.0, name="outbox")
    queue.run_repeating(sweep_deadlines, interval=SWEEP_EVERY, first=10.0, name="deadlines")
    if hotspots_at is not None:
        queue.run_daily(watch_hotspots, time=hotspots_at, name="hotspots")
