"""What happened to a ticket, as data: every transition returns a list of these.

The service layer stores each one as a history row and turns it into notifications
(``bot.domain.notifications``); ``bot.domain.tickets.apply`` folds them into the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Event:
    """Base of ticket events: which ticket, when."""

    ticket_id: int
    at: datetime


@dataclass(frozen=True)
class Dispatched(Event):
    """派单: the ticket was sent to its grid's workers (or the admins when it has none)."""

    grid_id: int | None


@dataclass(frozen=True)
class Taken(Event):
    """签收: a worker became the owner (首问负责); ``implicit`` when by answering first."""

    staff_id: int
    implicit: bool = False


@dataclass(frozen=True)
class Replied(Event):
    """A staff member's message to the resident."""

    staff_id: int
    text: str


@dataclass(frozen=True)
class Noted(Event):
    """An internal note, never shown to the resident."""

    staff_id: int
    text: str


@dataclass(frozen=True)
class Transferred(Event):
    """转派 to another grid; the ticket has no owner until someone there takes it."""

    staff_id: int
    from_grid: int | None
    to_grid: int
    reason: str | None


@dataclass(frozen=True)
class Resolved(Event):
    """办结, with what was done; the resident is asked to rate."""

    staff_id: int
    text: str


@dataclass(frozen=True)
class Rated(Event):
    """回访: the resident's rating closes the ticket (``default``: nobody rated in time)."""

    rating: str
    default: bool = False


@dataclass(frozen=True)
class Reopened(Event):
    """The resident said it is not solved: back to its owner."""


@dataclass(frozen=True)
class Cancelled(Event):
    """The resident withdrew the ticket."""


@dataclass(frozen=True)
class Reminded(Event):
    """催办: the deadline is near or past; the people acting on it were reminded."""


@dataclass(frozen=True)
class Escalated(Event):
    """督办: the ticket is overdue; the admins over it were told."""


# --- issue 14: the clock paused while the ticket waits for the resident -----------------


@dataclass(frozen=True)
class WaitingResident(Event):
    """待居民补充: a worker's question waits for the resident; the time limits pause."""

    staff_id: int


@dataclass(frozen=True)
class ResidentAnswered(Event):
    """The resident answered: the limits run again, moved on by the paused time."""

    paused_seconds: int
    respond_by: datetime | None
    due_by: datetime | None


@dataclass(frozen=True)
class PauseEnded(ResidentAnswered):
    """The pause ended without the resident's answer (办结, 转派, 撤销 or 并单 while waiting):
    the limits are moved on by the paused time all the same (history ``pause_ended``)."""


# --- 我也遇到 and 并单 (issue 14) -------------------------------------------------------------


@dataclass(frozen=True)
class MeToo(Event):
    """我也遇到: another household has the same problem (``households``: how many now)."""

    households: int
    resident_id: int | None = None
    """The household that joined by 我也遇到 (None when followers came by a merge)."""


@dataclass(frozen=True)
class Merged(Event):
    """并单: the ticket was closed as a duplicate of ``into``; its people follow that one."""

    staff_id: int
    into: int
