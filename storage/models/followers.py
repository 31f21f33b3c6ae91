"""我也遇到 and 并单: residents who follow a ticket another resident opened."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
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
