"""Tickets, their history and attachments; self-service answers. Never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OPEN_STATUSES,
    Attachment,
    InfoRequest,
    Ticket,
    TicketEvent,
)


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
