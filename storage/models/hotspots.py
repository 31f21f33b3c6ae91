"""The hotspots the daily watch has announced to the admins (so it announces each once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.types import UTCDateTime, utcnow


class HotspotAlert(Base):
    """One hotspot announced: kind + category + place, its size then, whether it doubled."""

    __tablename__ = "hotspot_alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # crowd | repeat | recur
    intent: Mapped[str] = mapped_column(String(40))
    grid_id: Mapped[int] = mapped_column(Integer)  # 0: no grid (no foreign key: a key, kept)
    place: Mapped[str] = mapped_column(String(100))  # the building, "" for the grid as a whole
    size: Mapped[int] = mapped_column(Integer)
    doubled: Mapped[bool] = mapped_column(Boolean, default=False)
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("kind", "intent", "grid_id", "place"),)
