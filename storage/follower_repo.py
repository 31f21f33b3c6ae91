"""我也遇到 and 并单: who follows which ticket, and the open tickets a report may join; the
residents' answers to 每月一题 invitations (for their export and erasure).

Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    OPEN_STATUSES,
    ActorKind,
    AgendaReply,
    Attachment,
    Resident,
    Ticket,
    TicketEvent,
    TicketFollower,
)

FOLLOWER_EVENT_KINDS = ("metoo", "follower_rated")
"""History kinds a follower authors on tickets that are not theirs."""


@dataclass
class FollowerRepo:
    """Followers of tickets, and the queries around them."""

    session: AsyncSession

    async def get(self, ticket_id: int, resident_id: int) -> TicketFollower | None:
        """The resident's follow of this ticket, if any."""
        stmt = select(TicketFollower).where(
            TicketFollower.ticket_id == ticket_id, TicketFollower.resident_id == resident_id
        )
        return (await self.session.scalars(stmt)).one_or_none()

    async def of_ticket(self, ticket_id: int) -> Sequence[TicketFollower]:
        """Everyone following a ticket, in the order they joined."""
        stmt = (
            select(TicketFollower)
            .where(TicketFollower.ticket_id == ticket_id)
            .order_by(TicketFollower.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def of_resident(self, resident_id: int) -> Sequence[TicketFollower]:
        """Every ticket a resident follows."""
        stmt = (
            select(TicketFollower)
            .where(TicketFollower.resident_id == resident_id)
            .order_by(TicketFollower.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def counts(self, ticket_ids: Sequence[int]) -> dict[int, int]:
        """How many followers each of these tickets has (absent: none)."""
        if not ticket_ids:
            return {}
        stmt = (
            select(TicketFollower.ticket_id, func.count(TicketFollower.id))
            .where(TicketFollower.ticket_id.in_(ticket_ids))
            .group_by(TicketFollower.ticket_id)
        )
        return {row[0]: int(row[1]) for row in await self.session.execute(stmt)}

    async def chats(self, ticket_id: int) -> list[int]:
        """The chats of a ticket's followers who can still be reached."""
        stmt = (
            select(Resident.telegram_id)
            .join(TicketFollower, TicketFollower.resident_id == Resident.id)
            .where(
                TicketFollower.ticket_id == ticket_id,
                Resident.telegram_id > 0,
                Resident.blocked.is_(False),
            )
            .order_by(TicketFollower.id)
        )
        return [int(chat) for chat in (await self.session.scalars(stmt)).all()]

    async def residents_of(self, ticket_ids: Sequence[int]) -> dict[int, set[int]]:
        """The residents following each of these tickets (absent: none)."""
        found: dict[int, set[int]] = {}
        for start in range(0, len(ticket_ids), 500):
            stmt = select(TicketFollower.ticket_id, TicketFollower.resident_id).where(
                TicketFollower.ticket_id.in_(ticket_ids[start : start + 500])
            )
            for ticket_id, resident_id in (await self.session.execute(stmt)).all():
                found.setdefault(ticket_id, set()).add(resident_id)
        return found

    def add(self, follower: TicketFollower) -> None:
        """Stage a new follow."""
        self.session.add(follower)

    async def open_nearby(self, intent: str, grid_id: int) -> Sequence[tuple[Ticket, Resident]]:
        """Open tickets of this category in this grid, with their residents (newest first)."""
        stmt = (
            select(Ticket, Resident)
            .join(Resident, Resident.id == Ticket.resident_id)
            .where(
                Ticket.intent == intent,
                Ticket.grid_id == grid_id,
                Ticket.status.in_(OPEN_STATUSES),
                Ticket.emergency.is_(False),
            )
            .order_by(Ticket.id.desc())
            .limit(50)
        )
        return [(row[0], row[1]) for row in (await self.session.execute(stmt)).all()]

    async def forget(self, resident_id: int, old_chat: int, new_chat: int, placeholder: str) -> int:
        """Erase a resident's words and photos on tickets they follow; return how many follows."""
        follows = await self.of_resident(resident_id)
        files = [int(i) for f in follows for i in (f.attachment_ids or [])]
        if files:
            await self.session.execute(delete(Attachment).where(Attachment.id.in_(files)))
        for follow in follows:
            follow.attachment_ids = None
        for reply in await self.agenda_replies(resident_id):
            reply.suggestion = placeholder if reply.suggestion is not None else None
            reply.awaiting_since = None
        events = (
            await self.session.scalars(
                select(TicketEvent).where(
                    TicketEvent.actor_kind == ActorKind.RESIDENT,
                    TicketEvent.actor_id == old_chat,
                    TicketEvent.kind.in_(FOLLOWER_EVENT_KINDS),
                )
            )
        ).all()
        for event in events:
            event.actor_id = new_chat
            event.text = placeholder if event.text is not None else None
        return len(follows)

    async def agenda_replies(self, resident_id: int) -> Sequence[AgendaReply]:
        """The resident's invitations to 每月一题 items, with their answers and suggestions."""
        stmt = (
            select(AgendaReply)
            .where(AgendaReply.resident_id == resident_id)
            .order_by(AgendaReply.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def authored(self, chat: int) -> Sequence[TicketEvent]:
        """The history entries a resident wrote as a follower (for their data export)."""
        stmt = (
            select(TicketEvent)
            .where(
                TicketEvent.actor_kind == ActorKind.RESIDENT,
                TicketEvent.actor_id == chat,
                TicketEvent.kind.in_(FOLLOWER_EVENT_KINDS),
            )
            .order_by(TicketEvent.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def foreign_attachments(self, ticket_ids: Sequence[int]) -> set[int]:
        """Attachments followers added to these tickets (not the tickets' residents' data)."""
        if not ticket_ids:
            return set()
        stmt = select(TicketFollower.attachment_ids).where(TicketFollower.ticket_id.in_(ticket_ids))
        return {int(i) for ids in (await self.session.scalars(stmt)).all() for i in ids or ()}
