"""Tickets as residents see them: opening one, its history, listing, withdrawing.

Opening a ticket is shared by the report flow and by later handoffs (self-service → person).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import pause
from bot.domain import tickets as lifecycle
from bot.domain.errors import Forbidden, NotFound, NotOpen
from bot.domain.events import Event
from bot.domain.workcalendar import WorkCalendar, due
from bot.services.audience import Audiences
from bot.services.lifecycle import Who, record, state_of
from bot.services.views import Clock, EventView, TicketView
from intents import Catalogue, Intent
from storage.models import (
    OPEN_STATUSES,
    ActorKind,
    Area,
    Resident,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

OTHER = "other"
__all__ = ["OTHER", "Clock", "ResidentTickets", "open_ticket", "own_ticket", "ticket_view"]


def intent_name(catalogue: Catalogue, key: str) -> str:
    """The catalogue's name of an intent key ("" for ``other``: the views name it)."""
    if key == OTHER:
        return ""
    try:
        return catalogue.get(key).name
    except KeyError:
        return key


def deadlines(intent: Intent | None, emergency: bool) -> tuple[int, float, float]:
    """Priority, respond-within and resolve-within hours for an intent (``None`` = other)."""
    if intent is None:
        return 1, 24.0, 72.0
    if emergency:
        return (
            intent.emergency_priority,
            intent.emergency_respond_within_hours,
            intent.emergency_resolve_within_hours,
        )
    return intent.priority, intent.respond_within_hours, intent.resolve_within_hours


def working(intent: Intent | None, emergency: bool) -> bool:
    """Whether the ticket's limits count in working hours (工作时); emergencies: clock."""
    return intent is not None and intent.hours == "working" and not emergency


def limits(
    catalogue: Catalogue,
    key: str,
    emergency: bool,
    start: datetime,
    calendar: WorkCalendar | None,
) -> tuple[int, datetime, datetime]:
    """Priority, respond-by and resolve-by of a ticket of ``key`` that starts at ``start``."""
    intent = _intent(catalogue, key)
    priority, respond, resolve = deadlines(intent, emergency)
    counts_working = working(intent, emergency)
    return (
        priority,
        due(start, respond, counts_working, calendar),
        due(start, resolve, counts_working, calendar),
    )


def intent_of(catalogue: Catalogue, key: str) -> Intent | None:
    """The catalogue's intent of a key (None for ``other`` or an intent since removed)."""
    return _intent(catalogue, key)


def _intent(catalogue: Catalogue, key: str) -> Intent | None:
    try:
        return catalogue.get(key)
    except KeyError:
        return None


async def open_ticket(
    repos: Repos,
    catalogue: Catalogue,
    resident: Resident,
    key: str,
    text: str,
    now: datetime,
    *,
    emergency: bool = False,
    data: dict[str, Any] | None = None,
    calendar: WorkCalendar | None = None,
) -> Ticket:
    """Create a ticket in the resident's grid with deadlines from the catalogue."""
    priority, respond_by, due_by = limits(catalogue, key, emergency, now, calendar)
    ticket = Ticket(
        resident_id=resident.id,
        grid_id=resident.grid_id,
        intent=key,
        text=text,
        # 受理 and 派单 happen in the same transaction: the ticket is born dispatched
        status=TicketStatus.ASSIGNED,
        priority=priority,
        emergency=emergency,
        created_at=now,
        updated_at=now,
        respond_by=respond_by,
        due_by=due_by,
    )
    repos.tickets.add(ticket)
    await repos.tickets.flush()
    repos.tickets.add_event(
        TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor_kind=ActorKind.RESIDENT,
            actor_id=resident.telegram_id,
            kind="created",
            text=text,
            data={"intent": key, "emergency": emergency, **(data or {})},
        )
    )
    resident.active_ticket_id = ticket.id
    log.info("ticket %d opened: intent=%s emergency=%s", ticket.id, key, emergency)
    return ticket


def resident_event(
    ticket: Ticket, resident: Resident, kind: str, now: datetime, text: str | None = None
) -> TicketEvent:
    """A history entry written by the resident."""
    return TicketEvent(
        ticket_id=ticket.id,
        at=now,
        actor_kind=ActorKind.RESIDENT,
        actor_id=resident.telegram_id,
        kind=kind,
        text=text,
    )


async def ticket_view(
    repos: Repos, catalogue: Catalogue, ticket: Ticket, *, history: bool = False
) -> TicketView:
    """A ticket for display; with the resident-visible history when asked."""
    grid: Area | None = ticket.__dict__.get("grid")  # already at hand if dispatched just now
    if grid is None and ticket.grid_id is not None:
        grid = await repos.session.get(Area, ticket.grid_id)
    events: tuple[EventView, ...] = ()
    photos = locations = 0
    if history:
        rows = await repos.tickets.events(ticket.id, resident_view=True)
        events = tuple(
            EventView(e.at, e.kind, e.actor_kind.value, e.text, (e.data or {}).get("rating"))
            for e in rows
        )
        for a in await repos.tickets.attachments(ticket.id):
            photos += a.kind == "photo"
            locations += a.kind == "location"
    intent = _intent(catalogue, ticket.intent)
    _, respond, _ = deadlines(intent, ticket.emergency)
    return TicketView(
        id=ticket.id,
        intent=ticket.intent,
        intent_name=intent_name(catalogue, ticket.intent),
        status=ticket.status,
        text=ticket.text,
        priority=ticket.priority,
        emergency=ticket.emergency,
        grid=grid.name if grid else None,
        created_at=ticket.created_at,
        respond_by=ticket.respond_by,
        due_by=ticket.due_by,
        respond_within_hours=respond,
        respond_working=working(intent, ticket.emergency),
        events=events,
        photos=photos,
        locations=locations,
    )


class ResidentTickets:
    """What a resident can do with their own tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        audiences: Audiences,
        clock: Clock,
        calendar: WorkCalendar | None = None,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._audiences = audiences
        self._clock = clock
        self._calendar = calendar

    async def cancel(self, telegram_id: int, ticket_id: int) -> TicketView:
        """Withdraw an open ticket of the resident's."""
        async with unit_of_work(self._sessions) as repos:
            ticket = await own_ticket(repos, telegram_id, ticket_id, for_update=True)
            resident = await repos.residents.by_telegram_id(telegram_id)
            assert resident is not None
            try:
                events = lifecycle.cancel(state_of(ticket), resident.id, self._clock())
            except NotOpen as exc:
                raise Forbidden("ticket is not open") from exc
            events = self._pause_ended(ticket, events)
            who = Who(ActorKind.RESIDENT, telegram_id)
            await record(repos, ticket, events, who, self._audiences)
            if resident.active_ticket_id == ticket.id:
                resident.active_ticket_id = None
            log.info("ticket %d cancelled by its resident", ticket.id)
            return await ticket_view(repos, self._catalogue, ticket)

    def _pause_ended(self, ticket: Ticket, events: list[Event]) -> list[Event]:
        """A withdrawal while waiting for the resident moves the limits on by the pause too."""
        if ticket.waiting_since is None or not events:
            return events
        counts_working = working(_intent(self._catalogue, ticket.intent), ticket.emergency)
        return pause.ended(
            state_of(ticket), events, events[-1].at, ticket.waiting_since,
            (ticket.respond_by, ticket.due_by), counts_working, self._calendar,
        )  # fmt: skip

    async def change_intent(self, telegram_id: int, ticket_id: int, key: str) -> TicketView:
        """The resident says the category was wrong: change it, recorded in the history."""
        if key != OTHER and key not in self._catalogue.keys:
            raise NotFound(key)
        async with unit_of_work(self._sessions) as repos:
            ticket = await own_ticket(repos, telegram_id, ticket_id, for_update=True)
            if ticket.status not in OPEN_STATUSES:
                raise Forbidden("ticket is not open")
            old, now = ticket.intent, self._clock()
            priority, ticket.respond_by, ticket.due_by = limits(
                self._catalogue, key, ticket.emergency, ticket.created_at, self._calendar
            )
            ticket.intent, ticket.priority, ticket.updated_at = key, priority, now
            resident = await repos.residents.by_telegram_id(telegram_id)
            assert resident is not None
            event = resident_event(ticket, resident, "intent_changed", now)
            event.data = {"from": old, "to": key}
            repos.tickets.add_event(event)
            return await ticket_view(repos, self._catalogue, ticket)


async def own_ticket(
    repos: Repos, telegram_id: int, ticket_id: int, for_update: bool = False
) -> Ticket:
    resident = await repos.residents.by_telegram_id(telegram_id)
    ticket = await repos.tickets.get(ticket_id, for_update=for_update)
    if resident is None or ticket is None or ticket.resident_id != resident.id:
        raise NotFound("ticket")
    return ticket
