"""The outbox: notifications waiting to reach a chat. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
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

    async def troubled(
        self, *, failed: bool, delayed_before: datetime | None, limit: int
    ) -> Sequence[OutboxMessage]:
        """Failed or blocked rows (``failed``) and/or rows pending since before
        ``delayed_before``."""
        conditions: list[ColumnElement[bool]] = []
        if failed:
            conditions.append(OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.BLOCKED]))
        if delayed_before is not None:
            conditions.append(
                (OutboxMessage.status == OutboxStatus.PENDING)
                & (OutboxMessage.created_at < delayed_before)
            )
        if not conditions:
            return []
        stmt = select(OutboxMessage).where(or_(*conditions)).order_by(OutboxMessage.id).limit(limit)
        return (await self.session.scalars(stmt)).all()

    async def failed_count(self) -> int:
        """How many messages failed for good."""
        stmt = select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED)
        return int(await self.session.scalar(stmt) or 0)

    async def delayed_count(self, created_before: datetime) -> int:
        """How many messages still wait that were written before ``created_before``."""
        stmt = select(func.count()).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.created_at < created_before
        )
        return int(await self.session.scalar(stmt) or 0)

    async def requeue_failed(self, ids: list[int] | None, now: datetime) -> list[int]:
        """Make these failed rows (all failed rows if ``ids`` is None) pending again, due now,
        with a fresh retry window; the ids requeued."""
        where = [OutboxMessage.status == OutboxStatus.FAILED]
        if ids is not None:
            where.append(OutboxMessage.id.in_(ids))
        found = list((await self.session.scalars(select(OutboxMessage.id).where(*where))).all())
        if found:
            await self.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(found))
                .values(
                    status=OutboxStatus.PENDING, next_attempt_at=now, created_at=now,
                    lease_owner=None, lease_until=None,
                )
            )  # fmt: skip
        return sorted(found)
