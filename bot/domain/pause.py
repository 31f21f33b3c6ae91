"""待居民补充: a worker's question pauses the ticket's time limits until the resident answers.

``ask`` is a reply that starts the pause; ``mark_waiting`` starts it after a reply already
sent (the button under the reply); ``answered`` ends it when the resident writes, moving the
deadlines on by the paused time (working time for tickets counted in 工作时). While paused,
the deadline sweep neither reminds nor escalates. Nothing here does I/O.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import policy
from bot.domain import tickets as lifecycle
from bot.domain.errors import NotOpen
from bot.domain.events import Event, ResidentAnswered, WaitingResident
from bot.domain.policy import Actor
from bot.domain.tickets import Status, TicketState
from bot.domain.workcalendar import WorkCalendar, paused_time, shift


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
    respond_by, due_by = deadlines
    paused = paused_time(since, now, working, calendar)
    if t.status in (Status.NEW, Status.ASSIGNED):
        respond_by = shift(respond_by, paused, working, calendar)
    due_by = shift(due_by, paused, working, calendar)
    seconds = int(max((now - since).total_seconds(), 0))
    return [ResidentAnswered(t.id, now, seconds, respond_by, due_by)]
