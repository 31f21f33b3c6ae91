"""Between the domain's ticket state machine and the database.

``state_of`` reads a ticket row as the domain sees it; ``record`` applies the events a
transition returned: the row's columns, one history row each, and the notifications
they cause written to the outbox as data (kind, chat, ticket, parameters).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import events as ev
from bot.domain import review_events as rv
from bot.domain.notifications import (
    FOR_HOUSEHOLD,
    FOR_HOUSEHOLD_PARAM,
    Audience,
    Kind,
    Notification,
    for_events,
)
from bot.domain.tickets import Status, TicketState, deadline
from bot.services.audience import Audiences
from bot.services.outbox import enqueue
from storage.models import ActorKind, Ticket, TicketEvent, TicketStatus
from storage.repos import Repos

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Who:
    """Who caused the events, as the history records them."""

    kind: ActorKind
    telegram_id: int | None = None
    name: str | None = None


SYSTEM = Who(ActorKind.SYSTEM)


def state_of(ticket: Ticket) -> TicketState:
    """The ticket row as the domain sees it."""
    return TicketState(
        id=ticket.id,
        resident_id=ticket.resident_id,
        status=Status(ticket.status.value),
        grid_id=ticket.grid_id,
        owner_id=ticket.assignee_id,
        reminded=ticket.reminded_at is not None,
        escalated=ticket.escalated_at is not None,
        waiting=ticket.waiting_since is not None,
        resolver_id=ticket.resolver_id,
        extension_hours=ticket.extension_hours,
        extension_until=ticket.extension_until,
        rating=ticket.rating,
        rating_default=ticket.rating_is_default,
        appeal=ticket.appeal,
    )


async def record(
    repos: Repos,
    ticket: Ticket,
    events: list[ev.Event],
    who: Who,
    audiences: Audiences,
    *,
    skip: frozenset[Kind] = frozenset(),
) -> list[TicketEvent]:
    """Apply ``events`` to the row, write their history and their notifications."""
    rows = [_history(ticket, e, who) for e in events]
    for e in events:
        _apply(ticket, e)
    for row in rows:
        repos.tickets.add_event(row)
    plan = [(i, n) for i, n in for_events(events) if n.kind not in skip]
    if any(n.needs_history for _, n in plan):
        await repos.tickets.flush()  # history ids, referenced by the notifications
    for index, note in plan:
        chats = await audiences.resolve(repos, ticket, note.audience)
        if note.audience is Audience.DISPATCH:
            dispatched = next(r for r in rows if r.kind == "dispatched")
            dispatched.data = {**(dispatched.data or {}), "recipients": len(chats)}
        params = _params(note, rows[index])
        if note.audience is Audience.RESIDENT and not chats and note.kind in FOR_HOUSEHOLD:
            # 进百家门: the person has no Telegram; the staff who opened it tell them
            chats = await audiences.for_household(repos, ticket, who.telegram_id)
            params[FOR_HOUSEHOLD_PARAM] = True
        for chat_id in chats:
            enqueue(repos, chat_id, note.kind, ticket_id=ticket.id, params=params)
    return rows


def _params(note: Notification, history: TicketEvent) -> dict[str, Any]:
    if note.needs_history:
        return {**note.params, "event": history.id}
    return dict(note.params)


def _apply(t: Ticket, e: ev.Event) -> None:
    t.updated_at = e.at
    if isinstance(e, ev.Dispatched):
        t.status, t.grid_id, t.assignee_id = TicketStatus.ASSIGNED, e.grid_id, None
    elif isinstance(e, ev.Taken):
        t.status, t.assignee_id = TicketStatus.ACCEPTED, e.staff_id
        t.accepted_at = t.accepted_at or e.at
        t.reminded_at = t.escalated_at = None  # the resolve deadline starts
    elif isinstance(e, ev.Transferred):
        t.grid_id, t.assignee_id = e.to_grid, None
    elif isinstance(e, ev.Resolved):
        t.status, t.resolved_at = TicketStatus.RESOLVED, e.at
    elif isinstance(e, ev.Rated):
        t.status, t.closed_at = TicketStatus.CLOSED, e.at
        t.rating, t.rating_is_default = e.rating, e.default
    elif isinstance(e, ev.Reopened):
        t.status, t.resolved_at = TicketStatus.ACCEPTED, None
    elif isinstance(e, ev.Cancelled):
        t.status, t.closed_at = TicketStatus.CANCELLED, e.at
    elif isinstance(e, ev.Reminded):
        t.reminded_at = e.at
    elif isinstance(e, ev.Escalated):
        t.escalated_at = e.at
    _apply_pause(t, e)
    _apply_review(t, e)


def _apply_pause(t: Ticket, e: ev.Event) -> None:
    """Issue 14: 待居民补充 pauses the limits; the resident's answer moves them on."""
    if isinstance(e, ev.WaitingResident):
        t.waiting_since = e.at
    elif isinstance(e, ev.ResidentAnswered):
        t.waiting_since = None
        t.respond_by, t.due_by = e.respond_by, e.due_by
        t.reminded_at = t.escalated_at = None  # the moved deadline is reminded afresh
    elif isinstance(e, ev.Resolved | ev.Cancelled | ev.Transferred | ev.Merged):
        t.waiting_since = None  # nobody waits for the resident any more
    elif isinstance(e, rv.VerifyRequested):
        t.waiting_since = None


def _apply_review(t: Ticket, e: ev.Event) -> None:
    """核查, 延期 and 申诉 (issue 14); a pending extension lapses when the work is handed in,
    moved or withdrawn."""
    if isinstance(e, ev.Resolved | ev.Transferred | ev.Cancelled | rv.VerifyRequested):
        t.extension_hours = t.extension_until = None
    if isinstance(e, rv.VerifyRequested):
        t.status, t.resolved_at, t.resolver_id = TicketStatus.VERIFYING, e.at, e.staff_id
    elif isinstance(e, rv.Verified):
        t.status = TicketStatus.RESOLVED
    elif isinstance(e, rv.VerifyFailed):
        t.status, t.resolved_at = TicketStatus.ACCEPTED, None
    elif isinstance(e, rv.ExtensionRequested):
        t.extension_hours, t.extension_until = e.hours, e.until
    elif isinstance(e, rv.ExtensionApproved):
        t.due_by, t.extension_hours, t.extension_until = e.until, None, None
        t.reminded_at = t.escalated_at = None  # a new deadline: remind and escalate again
    elif isinstance(e, rv.ExtensionRefused):
        t.extension_hours = t.extension_until = None
    elif isinstance(e, rv.RatingAppealed):
        t.appeal = "pending"
    elif isinstance(e, rv.RatingUpheld):
        t.appeal = "upheld"
    elif isinstance(e, rv.RatingRemoved):
        t.appeal, t.rating = "removed", None
    elif isinstance(e, ev.Merged):
        t.status, t.closed_at = TicketStatus.MERGED, e.at


HISTORY: dict[type[ev.Event], tuple[str, bool]] = {
    ev.Dispatched: ("dispatched", True),
    ev.Taken: ("accepted", True),
    ev.Replied: ("reply", True),
    ev.Noted: ("note", False),
    ev.Transferred: ("transferred", True),
    ev.Resolved: ("resolved", True),
    ev.Rated: ("rated", True),
    ev.Reopened: ("reopened", True),
    ev.Cancelled: ("cancelled", True),
    ev.Reminded: ("reminded", False),
    ev.Escalated: ("escalated", False),
    ev.WaitingResident: ("waiting_resident", False),
    ev.ResidentAnswered: ("resident_answered", False),
    ev.PauseEnded: ("pause_ended", False),
    # issue 14: 核查, 延期, 申诉 (the kinds the rates are computed from)
    rv.EvidenceWanted: ("evidence_wanted", False),
    rv.EvidenceAdded: ("evidence", False),
    rv.VerifyRequested: ("verify_requested", True),
    rv.Verified: ("verified", True),
    rv.VerifyFailed: ("verify_failed", True),
    rv.ExtensionRequested: ("extension_requested", False),
    rv.ExtensionApproved: ("extension_approved", True),
    rv.ExtensionRefused: ("extension_refused", False),
    rv.RatingAppealed: ("rating_appealed", False),
    rv.RatingUpheld: ("rating_upheld", False),
    rv.RatingRemoved: ("rating_removed", False),
    rv.CheckReminded: ("verify_reminded", False),
    rv.CheckEscalated: ("verify_escalated", False),
    ev.MeToo: ("metoo", False),
    ev.Merged: ("merged", True),
}
"""Each event's history kind and whether the resident sees it."""


def _history(ticket: Ticket, e: ev.Event, who: Who) -> TicketEvent:
    kind, visible = HISTORY[type(e)]
    data: dict[str, Any] = {"name": who.name} if who.kind is ActorKind.STAFF else {}
    text: str | None = None
    if isinstance(e, ev.Replied | ev.Noted | ev.Resolved):
        text = e.text
    elif isinstance(e, ev.Transferred):
        text = e.reason
        data.update({"from_grid": e.from_grid, "to_grid": e.to_grid})
    elif isinstance(e, ev.Dispatched):
        data["grid_id"] = e.grid_id
    elif isinstance(e, ev.Rated):
        data["rating"] = e.rating
        kind = "closed" if e.default else kind
    elif isinstance(e, ev.ResidentAnswered):
        data["paused_seconds"] = e.paused_seconds
    elif isinstance(e, ev.MeToo):
        data["households"] = e.households
    elif isinstance(e, ev.Merged):
        data["into"] = e.into
    else:
        text = _review_history(e, data)
    actor_kind = SYSTEM.kind if isinstance(e, ev.Dispatched) else who.kind
    return TicketEvent(
        ticket_id=ticket.id,
        at=e.at,
        actor_kind=actor_kind,
        actor_id=who.telegram_id if actor_kind is not ActorKind.SYSTEM else None,
        kind=kind,
        text=text,
        data=data or None,
        visible_to_resident=visible,
    )


def _review_history(e: ev.Event, data: dict[str, Any]) -> str | None:
    """The text and data of a 核查, 延期 or 申诉 history row (the contract of issue 14)."""
    if isinstance(e, rv.EvidenceWanted | rv.VerifyRequested):
        return e.text
    if isinstance(e, rv.Verified | rv.VerifyFailed):
        data["by"] = e.by
        return e.reason if isinstance(e, rv.VerifyFailed) else None
    if isinstance(e, rv.ExtensionRequested | rv.ExtensionApproved):
        data.update({"hours": e.hours, "until": e.until.isoformat()})
        if isinstance(e, rv.ExtensionRequested) and e.working:
            data["working"] = True  # the hours are working hours (工作时)
        return e.reason if isinstance(e, rv.ExtensionRequested) else None
    if isinstance(e, rv.RatingAppealed):
        return e.reason
    if isinstance(e, rv.CheckReminded | rv.CheckEscalated):
        data["hours"] = e.hours
    return None


__all__ = ["SYSTEM", "Audience", "Kind", "Who", "deadline_of", "record", "state_of"]


def deadline_of(ticket: Ticket) -> datetime | None:
    """The ticket's deadline that matters now (the domain's rule)."""
    return deadline(Status(ticket.status.value), ticket.respond_by, ticket.due_by)
