"""The web console's read side: the queue with filters, sorting and pages, within the actor's grids.

Scope comes from ``bot.services.scope.actor`` (the same grids as ``/queue``); an area filter
only narrows it. Overdue is the domain's rule (``deadline_of``) written as SQL: the
respond-by time before 签收, the resolve-by time after.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.domain.errors import NotFound
from bot.domain.policy import Actor as PolicyActor
from bot.queries.staff_tickets import QueueItem
from bot.services.lifecycle import deadline_of
from bot.services.scope import grids_below
from bot.services.tickets import intent_name
from bot.services.views import Clock
from intents import Catalogue
from storage.models import OPEN_STATUSES, Area, AreaLevel, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work

PAGE_SIZE = 25
BEFORE_TAKING = (TicketStatus.NEW, TicketStatus.ASSIGNED)


class Sort(enum.StrEnum):
    """Orders of the queue."""

    URGENT = "urgent"  # emergencies, overdue, priority, then the nearest deadline (as /queue)
    NEWEST = "newest"
    OLDEST = "oldest"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows: ``state`` is a status, ``open`` (default) or ``all``."""

    area: str = ""
    category: str = ""
    state: str = "open"
    urgent: bool = False
    overdue: bool = False
    sort: Sort = Sort.URGENT
    page: int = 1


@dataclass(frozen=True)
class Choice:
    """A value a filter may take, with its label."""

    key: str
    name: str
    level: str = ""


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue, the total, and the areas the actor may filter by."""

    items: list[QueueItem]
    created: dict[int, datetime]
    total: int
    page: int
    pages: int
    areas: list[Choice] = field(default_factory=list)


class ConsoleQueue:
    """Filtered, sorted, paged tickets of the actor's grids."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], catalogue: Catalogue, clock: Clock
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._clock = clock

    async def search(self, me: PolicyActor, wanted: QueueFilter) -> QueuePage:
        """The page of tickets matching ``wanted`` that ``me`` may see."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            areas = await _areas(repos)
            where = _conditions(me, wanted, areas, now)
            stmt = select(Ticket).where(*where)
            total = await repos.session.scalar(select(func.count(Ticket.id)).where(*where))
            pages = max(1, -(-(total or 0) // PAGE_SIZE))
            page = min(max(1, wanted.page), pages)
            stmt = _ordered(stmt, wanted.sort, now).offset((page - 1) * PAGE_SIZE)
            rows = (await repos.session.scalars(stmt.limit(PAGE_SIZE))).all()
            names = {a.id: a.name for a in areas.values()}
        items = [self._item(t, names, now) for t in rows]
        created = {t.id: t.created_at for t in rows}
        choices = [Choice(a.code, a.name, a.level.value) for a in _visible(areas, me)]
        return QueuePage(items, created, total or 0, page, pages, choices)

    async def areas(self, me: PolicyActor) -> list[Choice]:
        """The areas of the actor's scope: their grids and every area above them."""
        async with unit_of_work(self._sessions) as repos:
            areas = await _areas(repos)
        return [Choice(a.code, a.name, a.level.value) for a in _visible(areas, me)]

    async def photos(self, me: PolicyActor, ticket_id: int) -> list[str]:
        """The Telegram file ids of a ticket's photos (NotFound outside the actor's grids)."""
        async with unit_of_work(self._sessions) as repos:
            ticket = await repos.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound("ticket")
            policy.require_sight(me, ticket.grid_id)
            files = await repos.tickets.attachments(ticket_id)
            return [a.file_id for a in files if a.kind == "photo" and a.file_id]

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


def _deadline() -> ColumnElement[datetime | None]:
    """The deadline that matters now: respond-by before 签收, resolve-by after."""
    return case((Ticket.status.in_(BEFORE_TAKING), Ticket.respond_by), else_=Ticket.due_by)


def _overdue(now: datetime) -> ColumnElement[bool]:
    return and_(Ticket.status.in_(OPEN_STATUSES), _deadline() < now)


def _conditions(
    me: PolicyActor, wanted: QueueFilter, areas: dict[int, Area], now: datetime
) -> list[ColumnElement[bool]]:
    """The actor's grids and the filters, as WHERE conditions."""
    found: list[ColumnElement[bool]] = []
    if me.grids is not None:
        found.append(Ticket.grid_id.in_(me.grids))
    if wanted.area:
        root = next((a.id for a in areas.values() if a.code == wanted.area), None)
        found.append(Ticket.grid_id.in_(set(grids_below(areas, root)) if root else set()))
    if wanted.category:
        found.append(Ticket.intent == wanted.category)
    if wanted.state == "open":
        found.append(Ticket.status.in_(OPEN_STATUSES))
    elif wanted.state in set(TicketStatus):
        found.append(Ticket.status == TicketStatus(wanted.state))
    if wanted.urgent:
        found.append(Ticket.emergency.is_(True))
    if wanted.overdue:
        found.append(_overdue(now))
    return found


def _ordered(stmt: Select[Ticket], sort: Sort, now: datetime) -> Select[Ticket]:
    if sort is Sort.NEWEST:
        return stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc())
    if sort is Sort.OLDEST:
        return stmt.order_by(Ticket.created_at, Ticket.id)
    due = _deadline()
    if sort is Sort.DEADLINE:
        return stmt.order_by(due.is_(None), due, Ticket.id)
    late = case((_overdue(now), 1), else_=0)
    return stmt.order_by(
        Ticket.emergency.desc(), late.desc(), Ticket.priority.desc(), due.is_(None), due, Ticket.id
    )


async def _areas(repos: Repos) -> dict[int, Area]:
    """Every area (the tree is small); the actor's scope is applied by the callers."""
    return {a.id: a for a in (await repos.session.scalars(select(Area))).all()}


def _visible(areas: dict[int, Area], me: PolicyActor) -> list[Area]:
    """Areas worth filtering by: the actor's grids and every area above them."""
    wanted: set[int] = set()
    for area in areas.values():
        if area.level in (AreaLevel.GRID, AreaLevel.MICRO_GRID) and me.covers(area.id):
            current: Area | None = area
            while current is not None and current.id not in wanted:
                wanted.add(current.id)
                current = areas.get(current.parent_id) if current.parent_id else None
    depth = list(AreaLevel)
    return sorted((areas[i] for i in wanted), key=lambda a: (depth.index(a.level), a.code))
