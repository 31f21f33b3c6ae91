"""Queries for operations: metrics, the audit log, and a resident's data. They never commit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActorKind,
    Area,
    Attachment,
    AuditEntry,
    DeliveryStatus,
    InfoRequest,
    NoticeDelivery,
    OutboxMessage,
    OutboxStatus,
    Resident,
    Ticket,
    TicketEvent,
)


@dataclass
class MetricsRepo:
    """Counts read at scrape time."""

    session: AsyncSession

    async def ping(self) -> None:
        """Run ``SELECT 1``; raises when the database cannot be reached."""
        await self.session.execute(text("SELECT 1"))

    async def tickets_by_status(self) -> dict[str, int]:
        """How many tickets are in each status (statuses with none are absent)."""
        stmt = select(Ticket.status, func.count()).group_by(Ticket.status)
        return {str(status): int(n) for status, n in (await self.session.execute(stmt)).all()}

    async def outbox_by_status(self) -> dict[str, int]:
        """How many outbox rows are in each delivery status."""
        stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {str(status): int(n) for status, n in (await self.session.execute(stmt)).all()}

    async def outbox_delayed(self, created_before: datetime) -> int:
        """Outbox rows still pending that were written before ``created_before``."""
        stmt = select(func.count()).where(
            OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.created_at < created_before
        )
        return int(await self.session.scalar(stmt) or 0)

    async def deliveries_by_status(self) -> dict[str, int]:
        """How many notice copies are in each delivery status."""
        stmt = select(NoticeDelivery.status, func.count()).group_by(NoticeDelivery.status)
        return {str(status): int(n) for status, n in (await self.session.execute(stmt)).all()}


@dataclass
class AuditRepo:
    """The audit log."""

    session: AsyncSession

    def add(self, entry: AuditEntry) -> None:
        """Stage one audit entry."""
        self.session.add(entry)

    async def since(self, since: datetime) -> Sequence[AuditEntry]:
        """Entries at or after ``since``, oldest first."""
        stmt = (
            select(AuditEntry).where(AuditEntry.at >= since).order_by(AuditEntry.at, AuditEntry.id)
        )
        return (await self.session.scalars(stmt)).all()


@dataclass
class ResidentDataRepo:
    """Everything held about one resident, for export and erasure."""

    session: AsyncSession

    async def resident(self, telegram_id: int) -> Resident | None:
        """The resident with this Telegram id, if known."""
        stmt = select(Resident).where(Resident.telegram_id == telegram_id)
        return (await self.session.scalars(stmt)).one_or_none()

    async def area(self, area_id: int | None) -> Area | None:
        """An area by id (None for None)."""
        return None if area_id is None else await self.session.get(Area, area_id)

    async def tickets(self, resident_id: int) -> Sequence[Ticket]:
        """The resident's tickets, oldest first."""
        stmt = select(Ticket).where(Ticket.resident_id == resident_id).order_by(Ticket.id)
        return (await self.session.scalars(stmt)).all()

    async def events(self, ticket_ids: Sequence[int]) -> Sequence[TicketEvent]:
        """Events of these tickets, in order."""
        stmt = (
            select(TicketEvent)
            .where(TicketEvent.ticket_id.in_(ticket_ids))
            .order_by(TicketEvent.ticket_id, TicketEvent.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def attachments(self, ticket_ids: Sequence[int]) -> Sequence[Attachment]:
        """Attachments of these tickets, in order."""
        stmt = (
            select(Attachment)
            .where(Attachment.ticket_id.in_(ticket_ids))
            .order_by(Attachment.ticket_id, Attachment.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def info_requests(self, resident_id: int) -> Sequence[InfoRequest]:
        """The resident's self-service questions, oldest first."""
        stmt = (
            select(InfoRequest)
            .where(InfoRequest.resident_id == resident_id)
            .order_by(InfoRequest.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def outbox_to(self, chat_id: int) -> Sequence[OutboxMessage]:
        """Outbox rows addressed to this chat, oldest first."""
        stmt = (
            select(OutboxMessage).where(OutboxMessage.chat_id == chat_id).order_by(OutboxMessage.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def notice_deliveries(self, resident_id: int) -> Sequence[NoticeDelivery]:
        """The resident's copies of notices, oldest first."""
        stmt = (
            select(NoticeDelivery)
            .where(NoticeDelivery.resident_id == resident_id)
            .order_by(NoticeDelivery.id)
        )
        return (await self.session.scalars(stmt)).all()

    async def forget_deliveries(self, resident_id: int, new_chat_id: int, reason: str) -> int:
        """Cancel the resident's pending notice copies and detach all from their chat;
        return how many were cancelled."""
        pending = await self.session.execute(
            update(NoticeDelivery)
            .where(
                NoticeDelivery.resident_id == resident_id,
                NoticeDelivery.status == DeliveryStatus.PENDING,
            )
            .values(status=DeliveryStatus.FAILED, last_error=reason, lease_until=None)
        )
        await self.session.execute(
            update(NoticeDelivery)
            .where(NoticeDelivery.resident_id == resident_id)
            .values(chat_id=new_chat_id)
        )
        return int(pending.rowcount)  # type: ignore[attr-defined]

    async def scrub_other_events(
        self, ticket_ids: Sequence[int], scrub: Callable[[str], str]
    ) -> int:
        """Pass the texts (and string data) of staff and system events on these tickets
        through ``scrub``; return how many changed."""
        stmt = select(TicketEvent).where(
            TicketEvent.ticket_id.in_(ticket_ids), TicketEvent.actor_kind != ActorKind.RESIDENT
        )
        changed = 0
        for event in (await self.session.scalars(stmt)).all():
            text = None if event.text is None else scrub(event.text)
            data = None if event.data is None else _scrub_data(event.data, scrub)
            if text != event.text or data != event.data:
                event.text, event.data = text, data
                changed += 1
        return changed

    async def erase_ticket_texts(self, ticket_ids: Sequence[int], placeholder: str) -> None:
        """Replace the tickets' texts with a placeholder."""
        stmt = update(Ticket).where(Ticket.id.in_(ticket_ids)).values(text=placeholder)
        await self.session.execute(stmt)

    async def erase_resident_events(
        self, ticket_ids: Sequence[int], old_actor_id: int, new_actor_id: int, placeholder: str
    ) -> int:
        """Blank the text, data and Telegram id of resident-authored events; return how many."""
        events = (
            await self.session.scalars(
                select(TicketEvent).where(
                    TicketEvent.ticket_id.in_(ticket_ids),
                    TicketEvent.actor_kind == ActorKind.RESIDENT,
                )
            )
        ).all()
        for event in events:
            if event.text is not None:
                event.text = placeholder
            event.data = _without_personal(event.data)
            if event.actor_id == old_actor_id:
                event.actor_id = new_actor_id
        return len(events)

    async def delete_attachments(self, ticket_ids: Sequence[int]) -> int:
        """Delete the tickets' photos, documents and locations; return how many."""
        stmt = delete(Attachment).where(Attachment.ticket_id.in_(ticket_ids))
        result = await self.session.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def erase_info_requests(self, resident_id: int, placeholder: str) -> int:
        """Replace the texts of the resident's self-service questions; return how many."""
        stmt = (
            update(InfoRequest)
            .where(InfoRequest.resident_id == resident_id)
            .values(text=placeholder)
        )
        result = await self.session.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def delete_pending_outbox(self, chat_id: int) -> int:
        """Delete unsent messages to this chat; return how many."""
        stmt = delete(OutboxMessage).where(
            OutboxMessage.chat_id == chat_id, OutboxMessage.status == OutboxStatus.PENDING
        )
        result = await self.session.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def anonymise_outbox(
        self, chat_id: int, new_chat_id: int, ticket_ids: Sequence[int]
    ) -> int:
        """Keep the resident's delivered/failed rows for statistics without their chat or
        parameters; drop the finished text of pre-event (``legacy``) rows about their tickets."""
        legacy = OutboxMessage.kind == "legacy"
        await self.session.execute(
            update(OutboxMessage)
            .where(legacy, OutboxMessage.ticket_id.in_(ticket_ids))
            .values(params=None)
        )
        stmt = (
            update(OutboxMessage)
            .where(OutboxMessage.chat_id == chat_id)
            .values(chat_id=new_chat_id, params=None)
        )
        result = await self.session.execute(stmt)
        return int(result.rowcount)  # type: ignore[attr-defined]


PERSONAL_KEYS = frozenset(
    {
        "text",
        "caption",
        "phone",
        "phone_number",
        "address",
        "name",
        "first_name",
        "last_name",
        "username",
        "latitude",
        "longitude",
        "file_id",
        "file_unique_id",
        "contact",
        "location",
    }
)


def _scrub_data(data: dict[str, Any], scrub: Callable[[str], str]) -> dict[str, Any]:
    """Event data with every string value passed through ``scrub``."""
    return {k: scrub(v) if isinstance(v, str) else v for k, v in data.items()}


def _without_personal(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Event data minus keys that can hold personal data."""
    if data is None:
        return None
    return {k: v for k, v in data.items() if k not in PERSONAL_KEYS}
