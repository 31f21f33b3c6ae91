"""One unit of work per service call: it owns the transaction; repositories never commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.repos import Repos


@asynccontextmanager
async def unit_of_work(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[Repos]:
    """One transaction: commit on normal exit, roll back on any exception."""
    async with sessions() as session, session.begin():
        yield Repos(session)
