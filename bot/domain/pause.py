"""待居民补充: a worker's question pauses the ticket's time limits until the resident answers.

``ask`` is a reply that starts the pause; ``mark_waiting`` starts it after a reply already
sent (the button under the reply); ``answered`` ends it when the resident writes, moving the
deadlines on by the paused time (working time for tickets counted in 工作时); ``ended`` does
the same when 办结, 转派, withdrawal or 并单 ends it first. While paused, the deadline sweep
neither reminds nor escalates. Nothing here does I/O.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import policy
from bot.domain import tickets as lifecycle
from bot.domain.errors import NotOpen
from bot.domain.events import (
    Cancelled,
    Event,
    Merged,
    PauseEnded,
    ResidentAnswered,
    Resolved,
    Transferred,
    WaitingResident,
)
from bot.domain.policy import Actor
from bot.domain.review_events import VerifyRequested
from bot.domain.tickets import Status, TicketState
from bot.domain.workcalendar import WorkCalendar, paused_time, shift

ENDS_PAUSE = (Resolved, VerifyRequested, Transferred, Cancelled, Merged)
"""What ends a pause when the resident has not answered."""


def ask(t: TicketState, actor: Actor, text: str, now: datetime) -> list[Event]:
    """A question to the resident that pauses the clock (the reply's rules apply)."""
    events = lifecycle.reply(t, actor, text, now)
    if t.waiting:
        return events
    return [*events, WaitingResident(t.id, now, actor.staff_id)]


def mark_waiting(t: TicketState, actor: Actor, now: datetime) -> list[Event]:
    """The ticket waits for the resident from now on (its owner or an admin over it)."""
    policy.require_sight(actor, t.grid_id)
    if not t.is_open:
        raise NotOpen(t.id, t.status.value)
    owner = t.owner_id if t.status is Status.ACCEPTED else None
    policy.require_owner_or_admin(actor, t.id, owner, t.grid_id)
    return [] if t.waiting else [WaitingResident(t.id, now, actor.staff_id)]


def answered(
    t: TicketState,
    now: datetime,
    since: datetime | None,
    deadlines: tuple[datetime | None, datetime | None],
    working: bool,
    calendar: WorkCalendar | None,
) -> list[Event]:
    """The resident answered a waiting ticket: the limits run again, moved on by the pause.

    ``deadlines`` are respond-by and resolve-by; respond-by moves only before 签收 (after it,
    it is history that 响应率 is counted from)."""
    if not t.waiting or since is None:
        return []
    return [ResidentAnswered(t.id, now, *_moved(t, now, since, deadlines, working, calendar))]


def ended(
    t: TicketState,
    events: list[Event],
    now: datetime,
    since: datetime | None,
    deadlines: tuple[datetime | None, datetime | None],
    working: bool,
    calendar: WorkCalendar | None,
) -> list[Event]:
    """``events`` end a pause the resident never answered: ``PauseEnded`` first, moving the
    limits on by the paused time as an answer would (waiting never counts against 按期结案率)."""
    if not t.waiting or since is None or not any(isinstance(e, ENDS_PAUSE) for e in events):
        return events
    moved = _moved(t, now, since, deadlines, working, calendar)
    return [PauseEnded(t.id, now, *moved), *events]


def _moved(
    t: TicketState,
    now: datetime,
    since: datetime,
    deadlines: tuple[datetime | None, datetime | None],
    working: bool,
    calendar: WorkCalendar | None,
) -> tuple[int, datetime | None, datetime | None]:
    """The seconds paused, and respond-by (moved only before 签收) and resolve-by moved on."""
    respond_by, due_by = deadlines
    paused = paused_time(since, now, working, calendar)
    if t.status in (Status.NEW, Status.ASSIGNED):
        respond_by = shift(respond_by, paused, working, calendar)
    due_by = shift(due_by, paused, working, calendar)
    seconds = int(max((now - since).total_seconds(), 0))
    return seconds, respond_by, due_by
