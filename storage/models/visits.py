"""进百家门: households (people the bot may not otherwise know), their visits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class Household(Base):
    """A household of a grid, recorded by staff, with its care groups and next visit."""

    __tablename__ = "households"

    id: Mapped[int] = mapped_column(primary_key=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="RESTRICT"))
    address: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text, default="")
    care_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # The stand-in resident that tickets opened on the household's behalf belong to: never
    # messaged (blocked), erased with the household.
    proxy_resident_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_visit_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_households_grid_due", "grid_id", "next_due_at"),)


class Visit(Base):
    """One knock on a household's door: when, by whom, what came of it."""

    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(20))
    problems: Mapped[int] = mapped_column(Integer, default=0)
    tickets: Mapped[list[Any]] = mapped_column(JSON, default=list)

    __table_args__ = (
        Index("ix_visits_household_id", "household_id", "at"),
        Index("ix_visits_staff_at", "staff_id", "at"),
    )
