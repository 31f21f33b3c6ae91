"""Tickets, their history and attachments, and self-service answers."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from storage.models.base import ActorKind, Base, TicketStatus, _enum
from storage.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from storage.models.people import Area, Resident, Staff


class Ticket(Base):
    """A resident's request, shown to people as ``#<id>``."""

    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="RESTRICT"))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    intent: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[TicketStatus] = mapped_column(_enum(TicketStatus), default=TicketStatus.NEW)
    priority: Mapped[int] = mapped_column(Integer, default=1)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    respond_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rating: Mapped[str | None] = mapped_column(String(20))
    rating_is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    emergency: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # 待居民补充: paused
    # issue 14 (核查, 延期, 申诉): who submitted 办结 (the doer, who may not check it),
    # the extension waiting for an admin, and the appeal of a 不满意 rating
    resolver_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    extension_hours: Mapped[int | None] = mapped_column(Integer)
    extension_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    appeal: Mapped[str | None] = mapped_column(String(20))

    resident: Mapped[Resident] = relationship(foreign_keys=[resident_id], lazy="raise")
    grid: Mapped[Area | None] = relationship(lazy="raise")
    assignee: Mapped[Staff | None] = relationship(foreign_keys=[assignee_id], lazy="raise")

    __table_args__ = (
        Index("ix_tickets_resident_id", "resident_id"),
        Index("ix_tickets_grid_status", "grid_id", "status"),
        Index("ix_tickets_assignee_id", "assignee_id"),
    )


class TicketEvent(Base):
    """Append-only history: every change and every message on a ticket."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_kind: Mapped[ActorKind] = mapped_column(_enum(ActorKind))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    visible_to_resident: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (Index("ix_ticket_events_ticket_id", "ticket_id", "id"),)


class Attachment(Base):
    """A photo, document or location attached to a ticket."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(100))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    media_group_id: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    """The worker who sent it (办结 evidence for 核查); None: the resident's."""

    __table_args__ = (Index("ix_attachments_ticket_id", "ticket_id"),)


class InfoRequest(Base):
    """A self-service answer given for an ``info`` intent, and whether it sufficed."""

    __tablename__ = "info_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    intent: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))  # solved | escalated | None
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_info_requests_resident_id", "resident_id"),)
