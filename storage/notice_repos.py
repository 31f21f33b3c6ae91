"""Queries for notices (broadcasts) and their deliveries. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.leases import lease_due
from storage.models import Area, DeliveryStatus, Notice, NoticeDelivery, NoticeStatus, Resident


@dataclass(frozen=True, slots=True)
class Recipient:
    """A resident a notice can reach."""

    resident_id: int
    chat_id: int
    address: str | None


@dataclass(frozen=True, slots=True)
class Unconfirmed:
    """A resident who received a notice and has not pressed 已阅."""

    grid: str | None
    address: str | None
    name: str


@dataclass
class NoticeRepo:
    """Notices and the residents they can reach."""

    session: AsyncSession

    def add(self, notice: Notice) -> None:
        """Stage a new notice."""
        self.session.add(notice)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (not a commit)."""
        await self.session.flush()

    async def get(self, notice_id: int, *, for_update: bool = False) -> Notice | None:
        """One notice by id (row-locked on PostgreSQL when ``for_update``)."""
        stmt = select(Notice).where(Notice.id == notice_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def by_ids(self, notice_ids: Sequence[int]) -> dict[int, Notice]:
        """Notices keyed by id."""
        stmt = select(Notice).where(Notice.id.in_(notice_ids))
        return {n.id: n for n in await self.session.scalars(stmt)}

    async def recent(self, created_by: int, limit: int = 10) -> Sequence[Notice]:
        """The newest sent (or sending) notices of one admin."""
        stmt = (
            select(Notice)
            .where(
                Notice.created_by == created_by,
                Notice.status.in_((NoticeStatus.SENDING, NoticeStatus.DONE)),
            )
            .order_by(Notice.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def sending(self) -> Sequence[Notice]:
        """Notices still being sent."""
        stmt = select(Notice).where(Notice.status == NoticeStatus.SENDING).order_by(Notice.id)
        return (await self.session.scalars(stmt)).all()

    async def finish(self, notice_id: int, now: datetime) -> bool:
        """Mark a sending notice done; False if someone else already did."""
        result = await self.session.execute(
            update(Notice)
            .where(Notice.id == notice_id, Notice.status == NoticeStatus.SENDING)
            .values(status=NoticeStatus.DONE, finished_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def recipients(
        self, grid_ids: frozenset[int] | None, address_contains: str | None = None
    ) -> list[Recipient]:
        """Registered residents who have not blocked the bot, in these grids (None = all)."""
        stmt = select(Resident.id, Resident.telegram_id, Resident.address).where(
            Resident.registered.is_(True), Resident.blocked.is_(False)
        )
        if grid_ids is not None:
            stmt = stmt.where(Resident.grid_id.in_(grid_ids))
        if address_contains is not None:
            stmt = stmt.where(Resident.address.contains(address_contains, autoescape=True))
        rows = await self.session.execute(stmt.order_by(Resident.id))
        return [Recipient(r, c, a) for r, c, a in rows.all()]


@dataclass
class DeliveryRepo:
    """One row per (notice, resident): leased, sent, acknowledged."""

    session: AsyncSession

    async def add_recipients(
        self, notice_id: int, recipients: Sequence[Recipient], due: datetime
    ) -> None:
        """Insert a pending delivery per recipient; existing (notice, resident) rows are kept."""
        if not recipients:
            return
        dialect = self.session.bind.dialect.name if self.session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        values = [
            {
                "notice_id": notice_id,
                "resident_id": r.resident_id,
                "chat_id": r.chat_id,
                "status": DeliveryStatus.PENDING,
                "attempts": 0,
                "next_attempt_at": due,
            }
            for r in recipients
        ]
        for start in range(0, len(values), 1000):
            stmt = insert(NoticeDelivery).values(values[start : start + 1000])
            stmt = stmt.on_conflict_do_nothing(index_elements=["notice_id", "resident_id"])
            await self.session.execute(stmt)

    async def claim(
        self, owner: str, now: datetime, lease: timedelta, limit: int
    ) -> Sequence[NoticeDelivery]:
        """Lease up to ``limit`` due pending deliveries, oldest first (skipping locked rows)."""
        where = [NoticeDelivery.status == DeliveryStatus.PENDING]
        return await lease_due(self.session, NoticeDelivery, where, owner, now, lease, limit)

    async def get(self, delivery_id: int) -> NoticeDelivery | None:
        """One delivery by id."""
        return await self.session.get(NoticeDelivery, delivery_id)

    async def counts(self, notice_id: int) -> tuple[dict[DeliveryStatus, int], int]:
        """Deliveries of a notice per status, and how many were acknowledged."""
        stmt = (
            select(NoticeDelivery.status, func.count(), func.count(NoticeDelivery.acked_at))
            .where(NoticeDelivery.notice_id == notice_id)
            .group_by(NoticeDelivery.status)
        )
        rows = (await self.session.execute(stmt)).all()
        return {DeliveryStatus(s): int(n) for s, n, _ in rows}, sum(int(a) for *_, a in rows)

    async def block_resident(self, resident_id: int, reason: str) -> int:
        """Mark every pending delivery to a resident as blocked; how many there were."""
        result = await self.session.execute(
            update(NoticeDelivery)
            .where(
                NoticeDelivery.resident_id == resident_id,
                NoticeDelivery.status == DeliveryStatus.PENDING,
            )
            .values(status=DeliveryStatus.BLOCKED, last_error=reason, lease_until=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def unconfirmed(self, notice_id: int) -> list[Unconfirmed]:
        """Residents who received the notice and have not acknowledged it, by grid and address."""
        stmt = (
            select(Area.name, Resident.address, Resident.display_name)
            .select_from(NoticeDelivery)
            .join(Resident, Resident.id == NoticeDelivery.resident_id)
            .outerjoin(Area, Area.id == Resident.grid_id)
            .where(
                NoticeDelivery.notice_id == notice_id,
                NoticeDelivery.status == DeliveryStatus.SENT,
                NoticeDelivery.acked_at.is_(None),
            )
            .order_by(Area.sort_order, Area.id, Resident.address, Resident.id)
        )
        rows = (await self.session.execute(stmt)).all()
        return [Unconfirmed(g, a, n) for g, a, n in rows]
