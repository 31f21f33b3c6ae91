"""Declarative base, naming convention and the enums stored as strings."""

from __future__ import annotations

import enum

from sqlalchemy import (
    Enum,
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention (for Alembic)."""

    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type[enum.Enum]) -> Enum:
    """Store an enum by value as a plain string (no native PG enum to migrate)."""
    return Enum(
        cls,
        native_enum=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class AreaLevel(enum.StrEnum):
    """区 → 街道 → 社区 → 网格 → 微网格."""

    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    COMMUNITY = "community"
    GRID = "grid"
    MICRO_GRID = "micro_grid"


class StaffRole(enum.StrEnum):
    """网格员 (worker) or 管理员 (admin)."""

    WORKER = "worker"
    ADMIN = "admin"


class TicketStatus(enum.StrEnum):
    """The life of a request; reopening returns to ``accepted``."""

    NEW = "new"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    VERIFYING = "verifying"
    """办结 submitted for a category that needs 核查: waiting for someone else's check."""
    MERGED = "merged"


OPEN_STATUSES = (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED)
"""Statuses in which someone still has to act on a ticket."""


class ActorKind(enum.StrEnum):
    """Who caused a ticket event."""

    RESIDENT = "resident"
    STAFF = "staff"
    SYSTEM = "system"


class OutboxStatus(enum.StrEnum):
    """Delivery state of an outbox row."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"
