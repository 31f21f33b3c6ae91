"""Repositories: queries and writes inside the caller's transaction. They never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.conversation_repo import ConversationRepo
from storage.leases import lease_due
from storage.models import (
    OPEN_STATUSES,
    Area,
    AreaLevel,
    Attachment,
    InfoRequest,
    OutboxMessage,
    OutboxStatus,
    ProcessedUpdate,
    Resident,
    Staff,
    StaffArea,
    StaffRole,
    Ticket,
    TicketEvent,
)
from storage.types import utcnow


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
class TicketRepo:
    """Tickets, their history and attachments."""

    session: AsyncSession

    async def get(self, ticket_id: int, *, for_update: bool = False) -> Ticket | None:
        """One ticket by id (row-locked on PostgreSQL when ``for_update``)."""
        stmt = select(Ticket).where(Ticket.id == ticket_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def of_resident(self, resident_id: int, limit: int = 20) -> Sequence[Ticket]:
        """A resident's tickets, newest first."""
        stmt = (
            select(Ticket)
            .where(Ticket.resident_id == resident_id)
            .order_by(Ticket.id.desc())
            .limit(limit)
        )
        return (await self.session.scalars(stmt)).all()

    async def open_of_resident(self, resident_id: int, intent: str) -> Ticket | None:
        """The newest ticket of this resident and intent that is still being handled."""
        stmt = (
            select(Ticket)
            .where(
                Ticket.resident_id == resident_id,
                Ticket.intent == intent,
                Ticket.status.in_(OPEN_STATUSES),
            )
            .order_by(Ticket.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).one_or_none()

    def add(self, ticket: Ticket) -> None:
        """Stage a new ticket."""
        self.session.add(ticket)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (not a commit)."""
        await self.session.flush()

    def add_event(self, event: TicketEvent) -> None:
        """Append to a ticket's history."""
        self.session.add(event)

    async def events(self, ticket_id: int, *, resident_view: bool) -> Sequence[TicketEvent]:
        """A ticket's history in order; only what the resident may see when asked."""
        stmt = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
        if resident_view:
            stmt = stmt.where(TicketEvent.visible_to_resident.is_(True))
        return (await self.session.scalars(stmt.order_by(TicketEvent.id))).all()

    async def latest_event(self, ticket_id: int, kind: str) -> TicketEvent | None:
        """The newest history entry of this kind on a ticket."""
        stmt = (
            select(TicketEvent)
            .where(TicketEvent.ticket_id == ticket_id, TicketEvent.kind == kind)
            .order_by(TicketEvent.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    async def latest_attachment(self, ticket_id: int, kind: str) -> Attachment | None:
        """The newest attachment of this kind on a ticket."""
        stmt = (
            select(Attachment)
            .where(Attachment.ticket_id == ticket_id, Attachment.kind == kind)
            .order_by(Attachment.id.desc())
            .limit(1)
        )
        return (await self.session.scalars(stmt)).first()

    def add_attachment(self, attachment: Attachment) -> None:
        """Attach a photo, document or location."""
        self.session.add(attachment)

    async def attachments(self, ticket_id: int) -> Sequence[Attachment]:
        """A ticket's attachments in order."""
        stmt = select(Attachment).where(Attachment.ticket_id == ticket_id).order_by(Attachment.id)
        return (await self.session.scalars(stmt)).all()


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


@dataclass
class InfoRepo:
    """Self-service answers and their outcome."""

    session: AsyncSession

    def add(self, request: InfoRequest) -> None:
        """Stage a new self-service answer."""
        self.session.add(request)

    async def get(self, request_id: int) -> InfoRequest | None:
        """One self-service answer by id."""
        return await self.session.get(InfoRequest, request_id)

    async def flush(self) -> None:
        """Send pending changes so generated ids are known (not a commit)."""
        await self.session.flush()


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

    def __post_init__(self) -> None:
        self.areas = AreaRepo(self.session)
        self.residents = ResidentRepo(self.session)
        self.staff = StaffRepo(self.session)
        self.updates = UpdateRepo(self.session)
        self.tickets = TicketRepo(self.session)
        self.info = InfoRepo(self.session)
        self.outbox = OutboxRepo(self.session)
        self.conversations = ConversationRepo(self.session)
