"""Repositories: queries and writes inside the caller's transaction. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.conversation_repo import ConversationRepo
from storage.models import (
    Area,
    AreaLevel,
    ProcessedUpdate,
    Resident,
    Staff,
    StaffArea,
    StaffRole,
)
from storage.notice_repos import DeliveryRepo, NoticeRepo
from storage.ops_repos import AuditRepo, ResidentDataRepo
from storage.outbox_repo import OutboxRepo
from storage.ticket_repos import InfoRepo, TicketRepo
from storage.types import utcnow
from storage.visit_repos import HouseholdRepo
from storage.web_repo import WebRepo


@dataclass
class AreaRepo:
    """The area hierarchy."""

    session: AsyncSession

    async def get(self, area_id: int) -> Area | None:
        """One area by id."""
        return await self.session.get(Area, area_id)

    async def by_code(self, code: str) -> Area | None:
        """The area with this code, if any."""
        result = await self.session.scalars(select(Area).where(Area.code == code))
        return result.one_or_none()

    async def by_codes(self, codes: Sequence[str]) -> dict[str, Area]:
        """Areas keyed by code, for the codes that exist."""
        result = await self.session.scalars(select(Area).where(Area.code.in_(codes)))
        return {a.code: a for a in result}

    async def count(self) -> int:
        """How many areas exist."""
        return int(await self.session.scalar(select(func.count()).select_from(Area)) or 0)

    async def children(self, parent_id: int) -> Sequence[Area]:
        """Direct children of an area, in display order."""
        stmt = select(Area).where(Area.parent_id == parent_id).order_by(Area.sort_order, Area.id)
        return (await self.session.scalars(stmt)).all()

    async def by_level(self, level: AreaLevel) -> Sequence[Area]:
        """All areas of one level, in display order."""
        stmt = select(Area).where(Area.level == level).order_by(Area.sort_order, Area.id)
        return (await self.session.scalars(stmt)).all()

    def add(self, area: Area) -> None:
        """Stage a new area."""
        self.session.add(area)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (not a commit)."""
        await self.session.flush()


@dataclass
class ResidentRepo:
    """Residents by Telegram id."""

    session: AsyncSession

    async def by_telegram_id(self, telegram_id: int) -> Resident | None:
        """The resident with this Telegram id, if known."""
        stmt = select(Resident).where(Resident.telegram_id == telegram_id)
        return (await self.session.scalars(stmt)).one_or_none()

    def add(self, resident: Resident) -> None:
        """Stage a new resident."""
        self.session.add(resident)


@dataclass
class StaffRepo:
    """Grid workers and admins, with the areas they serve."""

    session: AsyncSession

    async def by_telegram_id(self, telegram_id: int) -> Staff | None:
        """The staff member with this Telegram id (areas loaded), if any."""
        stmt = (
            select(Staff).where(Staff.telegram_id == telegram_id).options(selectinload(Staff.areas))
        )
        return (await self.session.scalars(stmt)).one_or_none()

    async def role_by_telegram_id(self, telegram_id: int) -> StaffRole | None:
        """The active role of this Telegram user, without loading their areas."""
        stmt = select(Staff.role).where(Staff.telegram_id == telegram_id, Staff.active.is_(True))
        return (await self.session.scalars(stmt)).one_or_none()

    async def all(self) -> Sequence[Staff]:
        """Every staff member with their areas, by role then id."""
        stmt = select(Staff).options(selectinload(Staff.areas)).order_by(Staff.role, Staff.id)
        return (await self.session.scalars(stmt)).all()

    async def for_area(self, area_id: int, role: StaffRole) -> Sequence[Staff]:
        """Active staff of one role serving one area."""
        stmt = (
            select(Staff)
            .join(StaffArea, StaffArea.staff_id == Staff.id)
            .where(StaffArea.area_id == area_id, Staff.role == role, Staff.active.is_(True))
            .order_by(Staff.id)
        )
        return (await self.session.scalars(stmt)).all()

    def add(self, staff: Staff) -> None:
        """Stage a new staff member."""
        self.session.add(staff)

    async def set_areas(self, staff: Staff, area_ids: Sequence[int]) -> None:
        """Replace the areas a staff member serves."""
        await self.session.execute(delete(StaffArea).where(StaffArea.staff_id == staff.id))
        self.session.add_all(StaffArea(staff_id=staff.id, area_id=a) for a in area_ids)


@dataclass
class UpdateRepo:
    """Processed Telegram update ids."""

    session: AsyncSession

    async def claim(self, update_id: int) -> bool:
        """Record an update id; False if it was already processed (by any process)."""
        dialect = self.session.bind.dialect.name if self.session.bind else "sqlite"
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = (
            insert(ProcessedUpdate)
            .values(update_id=update_id, processed_at=utcnow())
            .on_conflict_do_nothing(index_elements=["update_id"])
        )
        result = await self.session.execute(stmt)
        return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass
class Repos:
    """All repositories bound to one session (one unit of work)."""

    session: AsyncSession
    areas: AreaRepo = field(init=False)
    residents: ResidentRepo = field(init=False)
    staff: StaffRepo = field(init=False)
    updates: UpdateRepo = field(init=False)
    tickets: TicketRepo = field(init=False)
    info: InfoRepo = field(init=False)
    outbox: OutboxRepo = field(init=False)
    conversations: ConversationRepo = field(init=False)
    notices: NoticeRepo = field(init=False)
    deliveries: DeliveryRepo = field(init=False)
    resident_data: ResidentDataRepo = field(init=False)
    audit: AuditRepo = field(init=False)
    households: HouseholdRepo = field(init=False)
    web: WebRepo = field(init=False)

    def __post_init__(self) -> None:
        self.areas = AreaRepo(self.session)
        self.residents = ResidentRepo(self.session)
        self.staff = StaffRepo(self.session)
        self.updates = UpdateRepo(self.session)
        self.tickets = TicketRepo(self.session)
        self.info = InfoRepo(self.session)
        self.outbox = OutboxRepo(self.session)
        self.conversations = ConversationRepo(self.session)
        self.notices = NoticeRepo(self.session)
        self.deliveries = DeliveryRepo(self.session)
        self.resident_data = ResidentDataRepo(self.session)
        self.audit = AuditRepo(self.session)
        self.households = HouseholdRepo(self.session)
        self.web = WebRepo(self.session)
