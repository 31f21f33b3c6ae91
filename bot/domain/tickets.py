"""The ticket lifecycle as one state machine.

受理/派单 (``dispatch``) → 签收 (``take``) → 办理 (``reply``, ``note``, ``transfer``) →
办结 (``resolve``) → 回访 (``rate``: closes, or reopens when not solved). Residents may
``cancel`` an open ticket; the deadline sweep ``remind``s, ``escalate``s and
``auto_close``s. Each transition checks the actor's right to make it and returns the
events it causes; ``apply`` folds events into the state. Nothing here does I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain import policy
from bot.domain.errors import AlreadyOwned, Forbidden, InvalidInput, NotFound, NotOpen
from bot.domain.events import (
    Cancelled,
    Dispatched,
    Escalated,
    Event,
    Merged,
    Noted,
    Rated,
    Reminded,
    Reopened,
    Replied,
    ResidentAnswered,
    Resolved,
    Taken,
    Transferred,
    WaitingResident,
)
from bot.domain.policy import Actor
from bot.domain.review_events import (
    RESIDENT,
    ExtensionApproved,
    ExtensionRefused,
    ExtensionRequested,
    RatingAppealed,
    RatingRemoved,
    RatingUpheld,
    Verified,
    VerifyFailed,
    VerifyRequested,
)


class Status(enum.StrEnum):
    """The life of a request; reopening returns to ``accepted``."""

    NEW = "new"
    ASSIGNED = "assigned"
    ACCEPTED = "accepted"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    VERIFYING = "verifying"
    """办结 of a category that needs 核查: waiting for a check by someone else (issue 14)."""
    MERGED = "merged"


OPEN = frozenset({Status.NEW, Status.ASSIGNED, Status.ACCEPTED})
FINAL = frozenset({Status.CLOSED, Status.CANCELLED, Status.MERGED})
RATINGS = {"s": "satisfied", "b": "fairly_satisfied", "d": "dissatisfied"}
NOT_SOLVED = "u"
DEFAULT_RATING = "satisfied"


@dataclass(frozen=True)
class TicketState:
    """What the lifecycle needs to know of a ticket."""

    id: int
    resident_id: int
    status: Status
    grid_id: int | None
    owner_id: int | None = None
    reminded: bool = False
    escalated: bool = False
    waiting: bool = False  # 待居民补充: the clock is paused (issue 14)
    # issue 14: the doer of 办结, the extension waiting for an admin, the rating and its appeal
    resolver_id: int | None = None
    extension_hours: int | None = None
    extension_until: datetime | None = None
    rating: str | None = None
    rating_default: bool = False
    appeal: str | None = None

    @property
    def is_open(self) -> bool:
        """Someone still has to act on it."""
        return self.status in OPEN


def _require_open(t: TicketState) -> None:
    if not t.is_open:
        raise NotOpen(t.id, t.status.value)


def _require_text(text: str) -> str:
    if not text.strip():
        raise InvalidInput("empty text")
    return text


def dispatch(t: TicketState, now: datetime) -> list[Event]:
    """派单 to the ticket's grid (the system acts)."""
    _require_open(t)
    return [Dispatched(t.id, now, t.grid_id)]


def take(t: TicketState, actor: Actor, now: datetime) -> list[Event]:
    """签收: the actor becomes the owner; nothing happens if they already are."""
    policy.require_sight(actor, t.grid_id)
    _require_open(t)
    if t.owner_id == actor.staff_id and t.status is Status.ACCEPTED:
        return []
    if t.owner_id is not None and t.status is Status.ACCEPTED:
        raise AlreadyOwned(t.id, t.owner_id)  # even an admin hands it over by transfer
    return [Taken(t.id, now, actor.staff_id)]


def _act_as_owner(t: TicketState, actor: Actor, now: datetime) -> list[Event]:
    """Answering an open ticket nobody owns makes the actor its owner (首问负责)."""
    policy.require_sight(actor, t.grid_id)
    _require_open(t)
    if t.owner_id is None or t.status is not Status.ACCEPTED:
        return [Taken(t.id, now, actor.staff_id, implicit=True)]
    policy.require_owner_or_admin(actor, t.id, t.owner_id, t.grid_id)
    return []


def reply(t: TicketState, actor: Actor, text: str, now: datetime) -> list[Event]:
    """A message to the resident from the owner (or whoever answers first)."""
    _require_text(text)
    return [*_act_as_owner(t, actor, now), Replied(t.id, now, actor.staff_id, text)]


def note(t: TicketState, actor: Actor, text: str, now: datetime) -> list[Event]:
    """An internal note by any staff member who can see the ticket."""
    _require_text(text)
    policy.require_sight(actor, t.grid_id)
    return [Noted(t.id, now, actor.staff_id, text)]


def resolve(t: TicketState, actor: Actor, text: str, now: datetime) -> list[Event]:
    """办结 by the owner (or whoever answers first, or an admin over it)."""
    _require_text(text)
    return [*_act_as_owner(t, actor, now), Resolved(t.id, now, actor.staff_id, text)]


@dataclass(frozen=True)
class Target:
    """Where a transfer goes: the grid, its community, and the actor's own communities."""

    grid_id: int
    community_id: int | None
    own_communities: frozenset[int] = frozenset()


def transfer(
    t: TicketState, actor: Actor, to: Target, reason: str | None, now: datetime
) -> list[Event]:
    """转派: only the owner or an admin over it may move an owned ticket (首问负责), only to
    another grid inside the actor's scope (a worker: their communities; an admin: their areas)."""
    to_grid = to.grid_id
    policy.require_sight(actor, t.grid_id)
    _require_open(t)
    if t.status is Status.ACCEPTED or t.owner_id is not None:
        policy.require_owner_or_admin(actor, t.id, t.owner_id, t.grid_id)
    if to_grid == t.grid_id:
        raise InvalidInput("already in this grid")
    policy.require_may_transfer_to(actor, to_grid, to.community_id, to.own_communities)
    return [
        Transferred(t.id, now, actor.staff_id, t.grid_id, to_grid, reason or None),
        Dispatched(t.id, now, to_grid),
    ]


def rate(t: TicketState, resident_id: int, code: str, now: datetime) -> list[Event]:
    """回访: a rating closes a resolved ticket; "not solved" reopens it to its owner. While
    the ticket waits for 核查, the resident's answer is the check (not solved: 返工)."""
    if resident_id != t.resident_id:
        raise NotFound("ticket")
    if code not in RATINGS and code != NOT_SOLVED:
        raise NotFound(code)
    if t.status not in (Status.RESOLVED, Status.VERIFYING):
        raise Forbidden("not waiting for a rating")
    checking = t.status is Status.VERIFYING
    if code == NOT_SOLVED:
        return [VerifyFailed(t.id, now, RESIDENT) if checking else Reopened(t.id, now)]
    checked = [Verified(t.id, now, RESIDENT)] if checking else []
    return [*checked, Rated(t.id, now, RATINGS[code])]


def cancel(t: TicketState, resident_id: int, now: datetime) -> list[Event]:
    """The resident withdraws their own open ticket."""
    if resident_id != t.resident_id:
        raise NotFound("ticket")
    _require_open(t)
    return [Cancelled(t.id, now)]


def remind(t: TicketState, now: datetime) -> list[Event]:
    """催办, once per deadline."""
    return [Reminded(t.id, now)] if t.is_open and not t.reminded else []


def escalate(t: TicketState, now: datetime) -> list[Event]:
    """督办, once per deadline."""
    return [Escalated(t.id, now)] if t.is_open and not t.escalated else []


def auto_close(t: TicketState, now: datetime) -> list[Event]:
    """默认满意: a resolved ticket nobody rated in time closes (recorded as a default)."""
    if t.status is not Status.RESOLVED:
        return []
    return [Rated(t.id, now, DEFAULT_RATING, default=True)]


def merge(t: TicketState, into: TicketState, actor: Actor, now: datetime) -> list[Event]:
    """并单: close ``t`` as a duplicate of ``into`` (both open; by ``t``'s owner or an admin)."""
    policy.require_may_merge(actor, t.grid_id, into.grid_id)
    _require_open(t)
    _require_open(into)
    if t.id == into.id:
        raise InvalidInput("a ticket cannot be merged into itself")
    policy.require_owner_or_admin(actor, t.id, t.owner_id, t.grid_id)
    return [Merged(t.id, now, actor.staff_id, into.id)]


def apply(t: TicketState, events: Iterable[Event]) -> TicketState:
    """The state after these events."""
    for e in events:
        t = _apply_review(_apply_one(t, e), e)
    return t


def _apply_one(t: TicketState, e: Event) -> TicketState:
    if isinstance(e, Dispatched):
        return replace(t, status=Status.ASSIGNED, grid_id=e.grid_id, owner_id=None)
    if isinstance(e, Taken):
        return replace(
            t, status=Status.ACCEPTED, owner_id=e.staff_id, reminded=False, escalated=False
        )
    if isinstance(e, Transferred):
        return replace(t, grid_id=e.to_grid, owner_id=None)
    if isinstance(e, Resolved):
        return replace(t, status=Status.RESOLVED)
    if isinstance(e, Rated):
        return replace(t, status=Status.CLOSED, rating=e.rating, rating_default=e.default)
    if isinstance(e, Reopened):
        return replace(t, status=Status.ACCEPTED)
    if isinstance(e, Cancelled):
        return replace(t, status=Status.CANCELLED)
    if isinstance(e, Reminded):
        return replace(t, reminded=True)
    if isinstance(e, Escalated):
        return replace(t, escalated=True)
    if isinstance(e, WaitingResident | ResidentAnswered):  # issue 14: the pause
        return replace(t, waiting=isinstance(e, WaitingResident))
    if isinstance(e, Merged):
        return replace(t, status=Status.MERGED)
    return t  # Replied, Noted: history only


def _apply_review(t: TicketState, e: Event) -> TicketState:
    """核查, 延期 and 申诉 (issue 14); a pending extension lapses when the work is handed in,
    moved or withdrawn."""
    if isinstance(e, Resolved | VerifyRequested | Transferred | Cancelled):
        t = replace(t, extension_hours=None, extension_until=None)
    if isinstance(e, VerifyRequested):
        return replace(t, status=Status.VERIFYING, resolver_id=e.staff_id)
    if isinstance(e, Verified):
        return replace(t, status=Status.RESOLVED)
    if isinstance(e, VerifyFailed):
        return replace(t, status=Status.ACCEPTED)
    if isinstance(e, ExtensionRequested):
        return replace(t, extension_hours=e.hours, extension_until=e.until)
    if isinstance(e, ExtensionApproved | ExtensionRefused):
        return replace(t, extension_hours=None, extension_until=None)
    if isinstance(e, RatingAppealed):
        return replace(t, appeal="pending")
    if isinstance(e, RatingUpheld):
        return replace(t, appeal="upheld")
    if isinstance(e, RatingRemoved):
        return replace(t, appeal="removed", rating=None)
    return t


def deadline(
    status: Status, respond_by: datetime | None, due_by: datetime | None
) -> datetime | None:
    """The deadline that matters now: respond-by before 签收, resolve-by after."""
    if status in (Status.NEW, Status.ASSIGNED):
        return respond_by
    return due_by
