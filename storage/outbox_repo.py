"""The outbox: notifications waiting to reach a chat. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.leases import lease_due
from storage.models import (
    OutboxMessage,
    OutboxStatus,
    Resident,
)


@dataclass
class OutboxRepo:
    """Messages waiting to reach a chat."""

    session: AsyncSession

    def add(self, message: OutboxMessage) -> None:
        """Stage a message (sent after the transaction commits)."""
        self.session.add(message)

    async def claim_heads(
        self, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[OutboxMessage]:
        """Lease the oldest pending message of each chat that is due (one per chat: in order)."""
        heads = (
            select(func.min(OutboxMessage.id))
            .where(OutboxMessage.status == OutboxStatus.PENDING)
            .group_by(OutboxMessage.chat_id)
        )
        where = [OutboxMessage.id.in_(heads)]
        return await lease_due(self.session, OutboxMessage, where, owner, now, lease, limit)

    async def get(self, message_id: int) -> OutboxMessage | None:
        """One outbox row by id."""
        return await self.session.get(OutboxMessage, message_id)

    async def delivered_as(self, chat_id: int, telegram_message_id: int) -> OutboxMessage | None:
        """The outbox row that became this Telegram message, if any."""
        stmt = select(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id,
            OutboxMessage.telegram_message_id == telegram_message_id,
        )
        return (await self.session.scalars(stmt)).first()

    async def block_chat(self, chat_id: int, reason: str) -> int:
        """Mark every pending message to a chat as blocked; how many there were."""
        result = await self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.BLOCKED, last_error=reason, lease_until=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def blocked_chats(self, chat_ids: set[int]) -> set[int]:
        """Those of these chats that are residents who blocked the bot."""
        if not chat_ids:
            return set()
        stmt = select(Resident.telegram_id).where(
            Resident.telegram_id.in_(chat_ids), Resident.blocked.is_(True)
        )
        return set((await self.session.scalars(stmt)).all())

    async def pending_count(self) -> int:
        """How many messages wait to be sent."""
        stmt = select(func.count()).where(OutboxMessage.status == OutboxStatus.PENDING)
        return int(await self.session.scalar(stmt) or 0)
