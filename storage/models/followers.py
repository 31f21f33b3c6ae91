"""我也遇到 and 并单: residents who follow a ticket another resident opened; 每月一题 items and
the residents invited to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class TicketFollower(Base):
    """A household that has the same problem as a ticket's resident (我也遇到, or 并单)."""

    __tablename__ = "ticket_followers"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    via: Mapped[str] = mapped_column(String(20))  # metoo | merged
    attachment_ids: Mapped[list[Any] | None] = mapped_column(JSON)
    """Their photos and locations added to the ticket (erased with them)."""
    rating: Mapped[str | None] = mapped_column(String(20))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("ticket_id", "resident_id"),
        Index("ix_ticket_followers_resident_id", "resident_id"),
    )


class AgendaItem(Base):
    """每月一题: a hotspot an admin raised for the residents' council (议事会)."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int] = mapped_column(BigInteger)
    month: Mapped[str] = mapped_column(String(7))  # 2026-12, in GRIDBOT_TIMEZONE
    kind: Mapped[str] = mapped_column(String(20))  # crowd | repeat | recur
    intent: Mapped[str] = mapped_column(String(40))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    building: Mapped[str | None] = mapped_column(String(100))
    tickets: Mapped[list[Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="raised")  # raised|invited|announced
    outcome: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AgendaReply(Base):
    """One invited resident of an agenda item: 我要参加, and their suggestion."""

    __tablename__ = "agenda_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    joining: Mapped[bool] = mapped_column(Boolean, default=False)
    suggestion: Mapped[str | None] = mapped_column(Text)
    awaiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """我有建议 pressed: the resident's next message is the suggestion."""
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        UniqueConstraint("item_id", "resident_id"),
        Index("ix_agenda_replies_resident_id", "resident_id"),
    )
