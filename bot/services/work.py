"""What grid workers and admins do with tickets: queue, take, reply, note, resolve, transfer.

Every change a resident should know about is written to the outbox in the same
transaction; every action is written to the audit log.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat.views import texts
from bot.services import audit
from bot.services.dispatch import Dispatcher, esc
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.outbox import enqueue, inline
from bot.services.scope import Actor, actor
from bot.services.tickets import intent_name
from bot.services.views import Clock
from intents import Catalogue
from storage.models import (
    OPEN_STATUSES,
    ActorKind,
    Area,
    AreaLevel,
    Resident,
    Staff,
    Ticket,
    TicketEvent,
    TicketStatus,
)
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

RATING_ROWS = (("s", "b"), ("d", "u"))


class AlreadyTaken(Forbidden):
    """Another worker owns the ticket (首问负责)."""

    def __init__(self, ticket_id: int, owner: str) -> None:
        super().__init__(f"ticket {ticket_id} is owned by {owner}")
        self.ticket_id, self.owner = ticket_id, owner


class NotOpen(Forbidden):
    """The ticket's status does not allow this."""

    def __init__(self, ticket_id: int, status: TicketStatus) -> None:
        super().__init__(f"ticket {ticket_id} is {status.value}")
        self.ticket_id, self.status = ticket_id, status


@dataclass(frozen=True)
class QueueItem:
    """One line of a worker's queue."""

    id: int
    intent_name: str
    grid: str
    status: TicketStatus
    priority: int
    emergency: bool
    deadline: datetime | None
    overdue: bool


@dataclass(frozen=True)
class StaffEvent:
    """A history entry as staff see it."""

    at: datetime
    kind: str
    actor_kind: str
    actor_name: str | None
    text: str | None
    public: bool


@dataclass(frozen=True)
class StaffTicket:
    """A ticket with everything staff may see."""

    id: int
    intent_name: str
    status: TicketStatus
    priority: int
    grid: str
    owner: str | None
    resident_name: str
    phone: str | None
    address: str | None
    text: str
    created_at: datetime
    respond_by: datetime | None
    due_by: datetime | None
    photos: int
    locations: int
    events: tuple[StaffEvent, ...]


@dataclass(frozen=True)
class Done:
    """The result of an action on a ticket."""

    ticket_id: int
    detail: str = ""


def mask_phone(phone: str | None) -> str:
    """138****5678: enough to recognise, not enough to call."""
    if not phone:
        return texts.NOT_SET
    digits = phone.replace(" ", "")
    return digits[:-8] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def deadline_of(ticket: Ticket) -> datetime | None:
    """The deadline that matters now: respond-by before 签收, resolve-by after."""
    if ticket.status in (TicketStatus.NEW, TicketStatus.ASSIGNED):
        return ticket.respond_by
    return ticket.due_by


class WorkService:
    """Grid workers' and admins' actions on tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        dispatcher: Dispatcher,
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._dispatcher = dispatcher
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz

    async def queue(self, telegram_id: int) -> list[QueueItem]:
        """Open tickets of my grids: urgent and overdue first, then by deadline."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            stmt = select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
            if me.grid_ids is not None:
                stmt = stmt.where(Ticket.grid_id.in_(me.grid_ids))
            tickets = (await repos.session.scalars(stmt)).all()
            grids = await _names(repos, {t.grid_id for t in tickets})
        items = [self._item(t, grids, now) for t in tickets]
        far = datetime.max.replace(tzinfo=now.tzinfo)
        return sorted(
            items, key=lambda i: (not i.emergency, not i.overdue, -i.priority, i.deadline or far)
        )

    async def overdue(self, telegram_id: int) -> list[QueueItem]:
        """The overdue tickets an admin oversees."""
        return [item for item in await self.queue(telegram_id) if item.overdue]

    def _item(self, t: Ticket, grids: dict[int, str], now: datetime) -> QueueItem:
        deadline = deadline_of(t)
        return QueueItem(
            id=t.id,
            intent_name=intent_name(self._catalogue, t.intent),
            grid=grids.get(t.grid_id or 0, ""),
            status=t.status,
            priority=t.priority,
            emergency=t.emergency,
            deadline=deadline,
            overdue=deadline is not None and deadline < now,
        )

    async def take(self, telegram_id: int, ticket_id: int) -> Done:
        """签收: the ticket becomes mine (accepted); a second taker is told who has it."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id, lock=True)
            if ticket.assignee_id is not None and ticket.status is TicketStatus.ACCEPTED:
                if ticket.assignee_id == me.staff.id:
                    return Done(ticket.id, "mine")
                owner = await repos.session.get(Staff, ticket.assignee_id)
                raise AlreadyTaken(ticket.id, owner.name if owner else "")
            _require_open(ticket)
            ticket.assignee_id, ticket.status = me.staff.id, TicketStatus.ACCEPTED
            ticket.accepted_at = ticket.accepted_at or now
            ticket.updated_at = now
            ticket.reminded_at = ticket.escalated_at = None  # the resolve deadline starts
            self._event(repos, ticket, me, "accepted", now)
            await self._tell_resident(
                repos, ticket, texts.RESIDENT_TAKEN.format(name=esc(me.name), id=ticket.id)
            )
            audit.record(repos, telegram_id, me.role.value, "take", ticket.id)
            return Done(ticket.id)

    async def reply(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """A message to the resident as coming from 网格员<name>; stored."""
        if not text.strip():
            raise InvalidInput("empty reply")
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id, lock=True)
            _require_open(ticket)
            self._require_owner_or_take(repos, ticket, me, now)
            self._event(repos, ticket, me, "reply", now, text)
            body = texts.RESIDENT_REPLY.format(
                name=esc(me.name), id=ticket.id, text=esc(text, 3000)
            )
            resident = await self._tell_resident(repos, ticket, body)
            if resident is not None:
                resident.active_ticket_id = ticket.id
            ticket.updated_at = now
            audit.record(repos, telegram_id, me.role.value, "reply", ticket.id)
            return Done(ticket.id)

    async def note(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """An internal note, never shown to the resident."""
        if not text.strip():
            raise InvalidInput("empty note")
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id)
            self._event(repos, ticket, me, "note", now, text, visible=False)
            audit.record(repos, telegram_id, me.role.value, "note", ticket.id)
            return Done(ticket.id)

    async def resolve(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """办结 with what was done; the resident is asked to rate."""
        if not text.strip():
            raise InvalidInput("empty resolution")
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id, lock=True)
            _require_open(ticket)
            self._require_owner_or_take(repos, ticket, me, now)
            ticket.status, ticket.resolved_at, ticket.updated_at = TicketStatus.RESOLVED, now, now
            self._event(repos, ticket, me, "resolved", now, text)
            buttons = inline(
                [[(texts.RATING_NAMES[c], f"rate:{ticket.id}:{c}") for c in row]
                 for row in RATING_ROWS]
            )  # fmt: skip
            body = texts.RESIDENT_RESOLVED.format(id=ticket.id, text=esc(text, 3000))
            await self._tell_resident(repos, ticket, body, markup=buttons)
            audit.record(repos, telegram_id, me.role.value, "resolve", ticket.id)
            return Done(ticket.id)

    async def transfer(self, telegram_id: int, ticket_id: int, grid_code: str, reason: str) -> Done:
        """转派 to another grid: its workers are notified; recorded."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id, lock=True)
            _require_open(ticket)
            target = await repos.areas.by_code(grid_code)
            if target is None or target.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise NotFound(grid_code)
            old = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
            ticket.grid_id, ticket.assignee_id = target.id, None
            event = self._event(repos, ticket, me, "transferred", now, reason or None)
            event.data = {"from": old.code if old else None, "to": target.code}
            prefix = texts.WORKER_TRANSFERRED_IN.format(
                id=ticket.id, from_grid=esc(old.name if old else ""), reason=esc(reason or "—")
            )
            await self._dispatcher.dispatch(repos, ticket, now, prefix=prefix, tell_resident=False)
            message = texts.RESIDENT_TRANSFERRED.format(id=ticket.id, grid=esc(target.name))
            await self._tell_resident(repos, ticket, message)
            audit.record(repos, telegram_id, me.role.value, "transfer", ticket.id, to=grid_code)
            return Done(ticket.id, target.name)

    async def grids_for_transfer(self, telegram_id: int, ticket_id: int) -> list[tuple[str, str]]:
        """Other grids of the ticket's community, as (code, name) choices."""
        async with unit_of_work(self._sessions) as repos:
            _, ticket = await self._ticket(repos, telegram_id, ticket_id)
            grid = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
            if grid is None or grid.parent_id is None:
                return []
            siblings = await repos.areas.children(grid.parent_id)
            return [(a.code, a.name) for a in siblings if a.id != grid.id]

    async def detail(self, telegram_id: int, ticket_id: int) -> StaffTicket:
        """The whole history with notes; the phone only for the owner and admins."""
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id)
            resident = await repos.session.get(Resident, ticket.resident_id)
            owner = (
                await repos.session.get(Staff, ticket.assignee_id) if ticket.assignee_id else None
            )
            grid = await repos.session.get(Area, ticket.grid_id) if ticket.grid_id else None
            events = await repos.tickets.events(ticket.id, resident_view=False)
            files = await repos.tickets.attachments(ticket.id)
            may_see = me.role.value == "admin" or (owner is not None and owner.id == me.staff.id)
            phone = resident.phone if resident else None
            return StaffTicket(
                id=ticket.id,
                intent_name=intent_name(self._catalogue, ticket.intent),
                status=ticket.status,
                priority=ticket.priority,
                grid=grid.name if grid else "",
                owner=(owner.name or str(owner.telegram_id)) if owner else None,
                resident_name=resident.display_name if resident else "",
                phone=phone if may_see else mask_phone(phone),
                address=resident.address if resident else None,
                text=ticket.text,
                created_at=ticket.created_at,
                respond_by=ticket.respond_by,
                due_by=ticket.due_by,
                photos=sum(a.kind == "photo" for a in files),
                locations=sum(a.kind == "location" for a in files),
                events=tuple(
                    StaffEvent(
                        e.at,
                        e.kind,
                        e.actor_kind.value,
                        (e.data or {}).get("name"),
                        e.text,
                        e.visible_to_resident,
                    )
                    for e in events
                ),
            )

    # --- helpers ---------------------------------------------------------------------------
    async def _ticket(
        self, repos: Repos, telegram_id: int, ticket_id: int, lock: bool = False
    ) -> tuple[Actor, Ticket]:
        me = await actor(repos, telegram_id, self._admin_ids)
        ticket = await repos.tickets.get(ticket_id, for_update=lock)
        if ticket is None or not me.covers(ticket.grid_id):
            raise NotFound("ticket")
        return me, ticket

    def _require_owner_or_take(
        self, repos: Repos, ticket: Ticket, me: Actor, now: datetime
    ) -> None:
        """首问负责: whoever answers first without taking becomes the owner."""
        if ticket.assignee_id is None or ticket.status is not TicketStatus.ACCEPTED:
            ticket.assignee_id, ticket.status = me.staff.id, TicketStatus.ACCEPTED
            ticket.accepted_at = ticket.accepted_at or now
            self._event(repos, ticket, me, "accepted", now)
        elif ticket.assignee_id != me.staff.id and me.role.value != "admin":
            raise AlreadyTaken(ticket.id, "")

    def _event(
        self,
        repos: Repos,
        ticket: Ticket,
        me: Actor,
        kind: str,
        now: datetime,
        text: str | None = None,
        visible: bool = True,
    ) -> TicketEvent:
        event = TicketEvent(
            ticket_id=ticket.id,
            at=now,
            actor_kind=ActorKind.STAFF,
            actor_id=me.staff.telegram_id,
            kind=kind,
            text=text,
            data={"name": me.name},
            visible_to_resident=visible,
        )
        repos.tickets.add_event(event)
        return event

    async def _tell_resident(
        self, repos: Repos, ticket: Ticket, text: str, markup: dict[str, object] | None = None
    ) -> Resident | None:
        resident = await repos.session.get(Resident, ticket.resident_id)
        if resident is not None and resident.telegram_id > 0:
            await enqueue(repos, resident.telegram_id, text, markup=markup, ticket_id=ticket.id)
        return resident


def _require_open(ticket: Ticket) -> None:
    if ticket.status not in OPEN_STATUSES:
        raise NotOpen(ticket.id, ticket.status)


async def _names(repos: Repos, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await repos.session.execute(select(Area.id, Area.name).where(Area.id.in_(wanted)))
    return {row.id: row.name for row in rows}
