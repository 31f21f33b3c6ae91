"""Tickets as staff see them: the queue of their grids, overdue work, one ticket in full."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.errors import NotFound
from bot.domain.metoo import households
from bot.services.lifecycle import deadline_of
from bot.services.scope import Actor, actor
from bot.services.tickets import intent_name
from bot.services.views import Clock
from intents import Catalogue
from storage.follower_repo import FollowerRepo
from storage.models import OPEN_STATUSES, Area, Resident, Staff, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work


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
    waiting: bool = False  # 待居民补充: the clock is paused (never overdue meanwhile)
    households: int = 1


@dataclass(frozen=True)
class StaffEvent:
    """A history entry as staff see it."""

    at: datetime
    kind: str
    actor_kind: str
    actor_name: str | None
    text: str | None
    public: bool
    rating: str | None = None


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
    households: int = 1
    waiting: bool = False  # 待居民补充: the clock is paused


def mask_phone(phone: str | None) -> str | None:
    """138****5678: enough to recognise, not enough to call."""
    if not phone:
        return None
    digits = phone.replace(" ", "")
    return digits[:-8] + "****" + digits[-4:] if len(digits) >= 8 else "****"


class StaffTickets:
    """Read-only views of tickets for workers and admins."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz

    async def queue(self, telegram_id: int) -> list[QueueItem]:
        """Open tickets of my grids (and those waiting for 核查): urgent and overdue first,
        then by deadline."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            listed = (*OPEN_STATUSES, TicketStatus.VERIFYING)  # 待核查 too: someone must check it
            stmt = select(Ticket).where(Ticket.status.in_(listed))
            if me.grid_ids is not None:
                stmt = stmt.where(Ticket.grid_id.in_(me.grid_ids))
            tickets = (await repos.session.scalars(stmt)).all()
            grids = await _names(repos, {t.grid_id for t in tickets})
            followers = await FollowerRepo(repos.session).counts([t.id for t in tickets])
        items = [
            replace(self._item(t, grids, now), households=households(followers.get(t.id, 0)))
            for t in tickets
        ]
        far = datetime.max.replace(tzinfo=now.tzinfo)
        return sorted(
            items, key=lambda i: (not i.emergency, not i.overdue, -i.priority, i.deadline or far)
        )

    async def overdue(self, telegram_id: int) -> list[QueueItem]:
        """The overdue tickets an admin oversees."""
        return [item for item in await self.queue(telegram_id) if item.overdue]

    def _item(self, t: Ticket, grids: dict[int, str], now: datetime) -> QueueItem:
        checking = t.status is TicketStatus.VERIFYING  # the work is in: no deadline runs
        deadline = None if checking else deadline_of(t)
        return QueueItem(
            id=t.id,
            intent_name=intent_name(self._catalogue, t.intent),
            grid=grids.get(t.grid_id or 0, ""),
            status=t.status,
            priority=t.priority,
            emergency=t.emergency,
            deadline=deadline,
            overdue=deadline is not None and deadline < now and t.waiting_since is None,
            waiting=t.waiting_since is not None,
        )

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
            followers = await FollowerRepo(repos.session).counts([ticket.id])
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
                waiting=ticket.waiting_since is not None,
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
                        (e.data or {}).get("rating"),
                    )
                    for e in events
                ),
                households=households(followers.get(ticket.id, 0)),
            )

    async def _ticket(self, repos: Repos, telegram_id: int, ticket_id: int) -> tuple[Actor, Ticket]:
        me = await actor(repos, telegram_id, self._admin_ids)
        ticket = await repos.tickets.get(ticket_id)
        if ticket is None or not me.covers(ticket.grid_id):
            raise NotFound("ticket")
        return me, ticket


async def _names(repos: Repos, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await repos.session.execute(select(Area.id, Area.name).where(Area.id.in_(wanted)))
    return {row.id: row.name for row in rows}
