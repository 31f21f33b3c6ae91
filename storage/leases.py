"""Leasing due rows (outbox messages, notice deliveries) so several senders share the work.

A row is due when its ``next_attempt_at`` has come and nobody holds an unexpired lease on
it. On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets concurrent senders pass over each other's
rows; a sender that dies leaves a lease that simply runs out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NoticeDelivery, OutboxMessage

Leased = TypeVar("Leased", OutboxMessage, NoticeDelivery)


async def lease_due(
    session: AsyncSession,
    model: type[Leased],
    where: Sequence[ColumnElement[bool]],
    owner: str,
    now: datetime,
    lease: timedelta,
    limit: int,
) -> Sequence[Leased]:
    """Lease up to ``limit`` due rows matching ``where``, oldest first; never commits."""
    stmt = (
        select(model)
        .where(
            *where,
            model.next_attempt_at <= now,
            or_(model.lease_until.is_(None), model.lease_until < now),
        )
        .order_by(model.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = (await session.scalars(stmt)).all()
    for row in rows:
        row.lease_owner, row.lease_until = owner, now + lease
    return rows
