"""The idempotency log of Telegram updates."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.uow import unit_of_work


class UpdateLog:
    """Remembers which update ids were handled, across restarts and processes."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def claim(self, update_id: int) -> bool:
        """True the first time an update id is seen; False for a redelivery."""
        async with unit_of_work(self._sessions) as repos:
            return await repos.updates.claim(update_id)
