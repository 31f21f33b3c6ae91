"""The idempotency log of Telegram updates."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import StaffRole
from storage.uow import unit_of_work


class UpdateLog:
    """Remembers which update ids were handled, across restarts and processes."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], admin_ids: frozenset[int] = frozenset()
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids

    async def admit(self, update_id: int, user_id: int | None) -> tuple[bool, StaffRole | None]:
        """In one transaction: claim the update id (False for a redelivery) and find the
        sender's staff role (None for residents)."""
        async with unit_of_work(self._sessions) as repos:
            if not await repos.updates.claim(update_id):
                return False, None
            if user_id is None:
                return True, None
            if user_id in self._admin_ids:
                return True, StaffRole.ADMIN
            staff = await repos.staff.role_by_telegram_id(user_id)
            return True, staff

    async def claim(self, update_id: int) -> bool:
        """True the first time an update id is seen; False for a redelivery."""
        async with unit_of_work(self._sessions) as repos:
            return await repos.updates.claim(update_id)
