"""Households and visits (进百家门). Repositories never commit."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    DeliveryStatus,
    Household,
    Notice,
    NoticeDelivery,
    Resident,
    Ticket,
    Visit,
    Wish,
)

STAND_INS = select(Household.proxy_resident_id).where(Household.proxy_resident_id.is_not(None))
"""The stand-in residents of households: their tickets' ratings were recorded by staff."""


@dataclass
class HouseholdRepo:
    """Households of grids, and the visits paid to them."""

    session: AsyncSession

    async def get(self, household_id: int) -> Household | None:
        """One household by id."""
        return await self.session.get(Household, household_id)

    async def for_update(self, household_id: int) -> Household | None:
        """One household, locked for this transaction (PostgreSQL)."""
        stmt = select(Household).where(Household.id == household_id).with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def due(self, grid_ids: Collection[int] | None, until: datetime) -> Sequence[Household]:
        """Households of these grids (None: all) due for a visit by ``until``."""
        stmt = select(Household).where(Household.next_due_at <= until)
        if grid_ids is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_ids))
        return (await self.session.scalars(stmt.order_by(Household.id))).all()

    async def of_grids(self, grid_ids: Collection[int] | None) -> Sequence[Household]:
        """Every household of these grids (None: all)."""
        stmt = select(Household)
        if grid_ids is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_ids))
        return (await self.session.scalars(stmt.order_by(Household.id))).all()

    async def by_proxy(self, resident_id: int) -> Household | None:
        """The household a stand-in resident was made for, if any."""
        stmt = select(Household).where(Household.proxy_resident_id == resident_id)
        return (await self.session.scalars(stmt)).one_or_none()

    def add(self, household: Household) -> None:
        """Stage a new household."""
        self.session.add(household)

    def add_visit(self, visit: Visit) -> None:
        """Stage a visit."""
        self.session.add(visit)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (not a commit)."""
        await self.session.flush()

    async def visits(self, household_id: int) -> Sequence[Visit]:
        """A household's visits, oldest first."""
        stmt = select(Visit).where(Visit.household_id == household_id).order_by(Visit.at, Visit.id)
        return (await self.session.scalars(stmt)).all()

    async def last_visit(self, household_id: int) -> Visit | None:
        """A household's latest visit, if any."""
        stmt = (
            select(Visit)
            .where(Visit.household_id == household_id)
            .order_by(Visit.at.desc(), Visit.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).one_or_none()

    async def visits_since(
        self, grid_ids: Collection[int] | None, since: datetime
    ) -> Sequence[tuple[Visit, int]]:
        """Visits since ``since`` to households of these grids, with each household's grid."""
        stmt = (
            select(Visit, Household.grid_id)
            .join(Household, Household.id == Visit.household_id)
            .where(Visit.at >= since)
        )
        if grid_ids is not None:
            stmt = stmt.where(Household.grid_id.in_(grid_ids))
        return [(v, g) for v, g in (await self.session.execute(stmt)).all()]

    async def visited_ever(self, household_ids: Collection[int]) -> set[int]:
        """Which of these households have had at least one visit."""
        if not household_ids:
            return set()
        stmt = (
            select(Visit.household_id)
            .where(Visit.household_id.in_(household_ids))
            .group_by(Visit.household_id)
            .having(func.count() > 0)
        )
        return set((await self.session.scalars(stmt)).all())

    async def wishes(self, household_id: int) -> Sequence[Wish]:
        """A household's 微心愿, oldest first."""
        stmt = select(Wish).where(Wish.household_id == household_id).order_by(Wish.id)
        return (await self.session.scalars(stmt)).all()

    async def wishes_of_resident(self, resident_id: int) -> Sequence[Wish]:
        """A resident's own 微心愿, oldest first."""
        stmt = select(Wish).where(Wish.resident_id == resident_id).order_by(Wish.id)
        return (await self.session.scalars(stmt)).all()

    async def ratings_on_behalf(
        self, grid_ids: Collection[int] | None, since: datetime
    ) -> dict[str, int]:
        """Ratings staff recorded for households (tickets created since ``since``), by rating."""
        stmt = (
            select(Ticket.rating, func.count())
            .where(
                Ticket.resident_id.in_(STAND_INS),
                Ticket.created_at >= since,
                Ticket.rating.is_not(None),
                Ticket.rating_is_default.is_(False),
            )
            .group_by(Ticket.rating)
        )
        if grid_ids is not None:
            stmt = stmt.where(Ticket.grid_id.in_(grid_ids))
        return {str(r): int(n) for r, n in (await self.session.execute(stmt)).all()}

    async def delete(self, household: Household) -> int:
        """Remove a household, its visits and its wishes; how many visits went."""
        await self.session.execute(delete(Wish).where(Wish.household_id == household.id))
        gone = await self.session.execute(delete(Visit).where(Visit.household_id == household.id))
        await self.session.delete(household)
        return int(gone.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Unacknowledged:
    """A resident of a grid who has not pressed 已阅 on a notice that asked for it."""

    notice_id: int
    grid_id: int
    name: str
    address: str | None


async def unacknowledged(
    session: AsyncSession, grid_ids: Collection[int] | None, since: datetime
) -> list[Unacknowledged]:
    """Residents of these grids (None: all) who received a notice with 回执, sent since
    ``since``, and have not acknowledged it."""
    stmt = (
        select(Notice.id, Resident.grid_id, Resident.display_name, Resident.address)
        .select_from(NoticeDelivery)
        .join(Notice, Notice.id == NoticeDelivery.notice_id)
        .join(Resident, Resident.id == NoticeDelivery.resident_id)
        .where(
            Notice.needs_ack.is_(True),
            Notice.created_at >= since,
            NoticeDelivery.status == DeliveryStatus.SENT,
            NoticeDelivery.acked_at.is_(None),
            Resident.grid_id.is_not(None),
        )
        .order_by(Notice.id, Resident.id)
    )
    if grid_ids is not None:
        stmt = stmt.where(Resident.grid_id.in_(grid_ids))
    rows = (await session.execute(stmt)).all()
    return [Unacknowledged(n, g or 0, name, a) for n, g, name, a in rows]
