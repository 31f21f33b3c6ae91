"""核查 before 结案, 延期 and 申诉: the state machine's transitions of issue 14.

For a category that needs 核查 (``verify: true`` in the catalogue), 办结 needs a worker's photo
(without one the text waits: ``EvidenceWanted``) and puts the ticket in ``verifying``; someone
other than the doer checks it — the resident through the rating (``tickets.rate``), or another
worker or an admin (``check``) — passed: ``resolved`` and the rating as usual; failed: back to
the owner (返工). The owner may ask for one extension at a time and appeal a 不满意 rating once;
an admin over the grid (never the one asking) decides. Nothing here does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import policy
from bot.domain import tickets as lifecycle
from bot.domain.errors import AlreadyPending, Forbidden, InvalidInput, NothingPending, NotOpen
from bot.domain.events import Event, Resolved
from bot.domain.policy import Actor
from bot.domain.review_events import (
    STAFF,
    CheckEscalated,
    CheckReminded,
    EvidenceAdded,
    EvidenceWanted,
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
from bot.domain.tickets import Status, TicketState
from bot.domain.workcalendar import WorkCalendar, due

MAX_EXTENSION_HOURS = 30 * 24
"""The longest extension one request may ask for (30 days; 30 working days in 工作时)."""
DISSATISFIED = lifecycle.RATINGS["d"]
APPEAL_PENDING, APPEAL_UPHELD, APPEAL_REMOVED = "pending", "upheld", "removed"


@dataclass(frozen=True)
class Check:
    """What 办结 of this ticket needs: 核查 (its category's flag) and whether evidence is there."""

    needed: bool = False
    has_evidence: bool = False


def _reason(text: str | None) -> str:
    if text is None or not text.strip():
        raise InvalidInput("a reason is needed")
    return text.strip()


def resolve(t: TicketState, actor: Actor, text: str, now: datetime, check: Check) -> list[Event]:
    """办结; for a 核查 category it waits for a photo, then for a check by someone else."""
    events = lifecycle.resolve(t, actor, text, now)
    if not check.needed:
        return events
    head = [e for e in events if not isinstance(e, Resolved)]
    if not check.has_evidence:
        return [*head, EvidenceWanted(t.id, now, actor.staff_id, text)]
    return [*head, VerifyRequested(t.id, now, actor.staff_id, text)]


def add_evidence(t: TicketState, actor: Actor, now: datetime) -> list[Event]:
    """A worker's photo of the work: by the owner (or an admin over it) of an open ticket."""
    policy.require_sight(actor, t.grid_id)
    if not t.is_open:
        raise NotOpen(t.id, t.status.value)
    owner = t.owner_id if t.status is Status.ACCEPTED else None
    policy.require_owner_or_admin(actor, t.id, owner, t.grid_id)
    return [EvidenceAdded(t.id, now, actor.staff_id)]


def check(
    t: TicketState, actor: Actor, passed: bool, reason: str | None, now: datetime
) -> list[Event]:
    """核查 by another worker of the grid or an admin over it: passed, or failed with a reason."""
    policy.require_sight(actor, t.grid_id)
    if t.status is not Status.VERIFYING:
        raise NotOpen(t.id, t.status.value)
    policy.require_may_check(actor, t.grid_id, t.resolver_id)
    if passed:
        return [Verified(t.id, now, STAFF, actor.staff_id)]
    return [VerifyFailed(t.id, now, STAFF, actor.staff_id, _reason(reason))]


@dataclass(frozen=True)
class Counting:
    """How a ticket's limits count: working hours of ``calendar`` (工作时), or clock hours."""

    working: bool = False
    calendar: WorkCalendar | None = None


def extension_hours(amount: int, days: bool, counting: Counting) -> tuple[float, bool]:
    """The hours an extension of ``amount`` days (or hours) adds, and whether they are working
    hours: in 工作时 one day is one working day (the calendar's working hours of a day)."""
    if counting.working and counting.calendar is not None:
        return (amount * counting.calendar.day_hours if days else float(amount)), True
    return float(amount * 24 if days else amount), False


def request_extension(
    t: TicketState,
    actor: Actor,
    amount: int,
    reason: str,
    now: datetime,
    due_by: datetime | None,
    *,
    days: bool = False,
    counting: Counting = Counting(),
) -> list[Event]:
    """延期: the owner asks for ``amount`` hours (or days) more than the resolve-by time, in
    working time when the ticket counts 工作时; one request at a time."""
    policy.require_sight(actor, t.grid_id)
    if not t.is_open:
        raise NotOpen(t.id, t.status.value)
    owner = t.owner_id if t.status is Status.ACCEPTED else None
    policy.require_owner(actor, t.id, owner)
    if t.extension_until is not None:
        raise AlreadyPending("an extension is already waiting")
    if not 1 <= (amount * 24 if days else amount) <= MAX_EXTENSION_HOURS:
        raise InvalidInput("hours out of range")
    hours, working = extension_hours(amount, days, counting)
    until = due(due_by or now, hours, working, counting.calendar)
    event = ExtensionRequested(
        t.id, now, actor.staff_id, round(hours), until, _reason(reason), working
    )
    return [event]


def decide_extension(t: TicketState, actor: Actor, approve: bool, now: datetime) -> list[Event]:
    """同意延期 / 不同意 by an admin over the grid (not the owner asking)."""
    policy.require_admin_over(actor, t.grid_id, t.owner_id)
    if t.extension_until is None or t.extension_hours is None:
        raise NothingPending("no extension is waiting")
    if not t.is_open:
        raise NotOpen(t.id, t.status.value)
    if not approve:
        return [ExtensionRefused(t.id, now, actor.staff_id)]
    return [ExtensionApproved(t.id, now, actor.staff_id, t.extension_hours, t.extension_until)]


def appeal(t: TicketState, actor: Actor, reason: str, now: datetime) -> list[Event]:
    """申诉: the owner appeals a resident's 不满意 once, with a reason."""
    policy.require_sight(actor, t.grid_id)
    if t.status is not Status.CLOSED or t.rating != DISSATISFIED or t.rating_default:
        raise Forbidden("only a 不满意 rating may be appealed")
    policy.require_owner(actor, t.id, t.owner_id)
    if t.appeal is not None:
        raise AlreadyPending("a rating is appealed once")
    return [RatingAppealed(t.id, now, actor.staff_id, _reason(reason))]


def decide_appeal(t: TicketState, actor: Actor, remove: bool, now: datetime) -> list[Event]:
    """维持 or 撤销 the appealed rating, by an admin over the grid (not the appellant)."""
    policy.require_admin_over(actor, t.grid_id, t.owner_id)
    if t.appeal != APPEAL_PENDING:
        raise NothingPending("no appeal is waiting")
    if remove:
        return [RatingRemoved(t.id, now, actor.staff_id)]
    return [RatingUpheld(t.id, now, actor.staff_id)]


def chase_check(
    t: TicketState, since: datetime, chased: tuple[bool, bool], now: datetime, wait: timedelta
) -> list[Event]:
    """A 核查 waiting since ``since``: remind the checkers after ``wait``, escalate (督办) to the
    admins after twice that; once each (``chased``: reminded, escalated already)."""
    if t.status is not Status.VERIFYING or wait <= timedelta(0):
        return []
    waited = now - since
    hours = int(waited.total_seconds() // 3600)
    reminded, escalated = chased
    events: list[Event] = []
    if waited >= wait and not reminded:
        events.append(CheckReminded(t.id, now, hours))
    if waited >= 2 * wait and not escalated:
        events.append(CheckEscalated(t.id, now, hours))
    return events
