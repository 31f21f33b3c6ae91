"""A leader lock so a periodic job runs once even when several bot processes share a database.

On PostgreSQL the lock is ``pg_try_advisory_xact_lock(hashtext(name))`` taken in a
transaction held open for the duration of the ``async with`` block; it is released when
that transaction ends, whatever happens (even if the process dies). On SQLite only one
process runs the bot, so the lock is always granted.

    async with try_job_lock(services.sessions, "reminders") as leader:
        if leader:
            await run_reminders()
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)


@asynccontextmanager
async def try_job_lock(
    sessions: async_sessionmaker[AsyncSession], name: str
) -> AsyncIterator[bool]:
    """Yield True if this process holds the named job lock for the block, False otherwise."""
    async with sessions() as session:
        bind = session.bind
        if bind is None or bind.dialect.name != "postgresql":
            yield True
            return
        async with session.begin():
            acquired = bool(
                await session.scalar(
                    text("SELECT pg_try_advisory_xact_lock(hashtext(:name))"), {"name": name}
                )
            )
            if not acquired:
                log.debug("job lock %s is held by another process", name)
            yield acquired
