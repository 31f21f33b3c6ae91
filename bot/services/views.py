"""Plain, Telegram-free views of domain objects that handlers render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from storage.models import TicketStatus

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class AreaView:
    """An area as a choice: code and name."""

    code: str
    name: str


@dataclass(frozen=True)
class ResidentView:
    """A resident's registration as shown back to them."""

    telegram_id: int
    registered: bool
    community: str | None
    grid: str | None
    address: str | None
    phone: str | None


@dataclass(frozen=True)
class EventView:
    """One entry of a ticket's history."""

    at: datetime
    kind: str
    actor_kind: str
    text: str | None
    rating: str | None = None


@dataclass(frozen=True)
class TicketView:
    """A ticket as shown to a resident or a worker."""

    id: int
    intent: str
    intent_name: str
    status: TicketStatus
    text: str
    priority: int
    emergency: bool
    grid: str | None
    created_at: datetime
    respond_by: datetime | None
    due_by: datetime | None
    respond_within_hours: float
    events: tuple[EventView, ...] = ()
    photos: int = 0
    locations: int = 0
    respond_working: bool = False  # respond_within_hours counts working hours (工作时)
