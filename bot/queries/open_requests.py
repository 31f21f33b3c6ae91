"""The read side of the open API: requests of an integration's grids, as Open311 shows them.

Only what may leave: the category, the state, the grid's name, the times and the deadline.
A request's words leave only when they came in through the API (``description``); a chat
resident's words, names, phones, addresses, photos and places never do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.services.api_keys import ApiClient
from bot.services.errors import NotFound
from bot.services.tickets import OTHER, Clock
from storage.api_key_repo import ApiKeyRepo
from storage.models import Area, AreaLevel, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work

OPEN311_OPEN = (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.ACCEPTED)
DEFAULT_WINDOW = timedelta(days=90)
MAX_RESULTS = 1000


@dataclass(frozen=True)
class RequestFilter:
    """GET requests.json: ids, service codes, Open311 statuses, a window of creation times."""

    ids: Sequence[int] = ()
    service_codes: Sequence[str] = ()
    statuses: Sequence[str] = ()
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class RequestView:
    """One request as it may leave: never a resident's personal data or chat words."""

    id: int
    state: TicketStatus
    service_code: str
    service_name: str
    description: str | None
    agency: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    media_url: str | None = field(default=None)

    @property
    def open311_status(self) -> str:
        """``open`` while someone still has to act, else ``closed``."""
        return "open" if self.state in OPEN311_OPEN else "closed"


class OpenRequests:
    """Requests an integration may read (its grids only)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], names: dict[str, str], clock: Clock
    ) -> None:
        self._sessions = sessions
        self._names = names
        self._clock = clock

    async def search(self, client: ApiClient, wanted: RequestFilter) -> list[RequestView]:
        """Requests of the key's grids matching the filter, newest first (at most 1000)."""
        stmt = _filtered(select(Ticket), client, wanted, self._clock())
        stmt = stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(MAX_RESULTS)
        async with unit_of_work(self._sessions) as repos:
            tickets = (await repos.session.scalars(stmt)).all()
            return await self._views(repos, tickets)

    async def get(self, client: ApiClient, ticket_id: int) -> RequestView:
        """One request of the key's grids; NotFound for any other."""
        async with unit_of_work(self._sessions) as repos:
            ticket = await repos.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound("ticket")
            policy.require_integration_sight(client.integration, ticket.grid_id)
            [view] = await self._views(repos, [ticket])
            return view

    async def scope(self, client: ApiClient) -> tuple[list[Area], list[Area]]:
        """The key's areas and the grids below them (ids, codes, names: no people)."""
        async with unit_of_work(self._sessions) as repos:
            areas = {a.id: a for a in (await repos.session.scalars(select(Area))).all()}
        listed = [areas[a] for a in client.area_ids if a in areas]
        return listed, [areas[g] for g in sorted(client.integration.grids) if g in areas]

    async def _views(self, repos: Repos, tickets: Sequence[Ticket]) -> list[RequestView]:
        filed_by_api = await ApiKeyRepo(repos.session).resident_ids()
        areas = {a.id: a for a in (await repos.session.scalars(select(Area))).all()}
        return [
            RequestView(
                id=t.id,
                state=t.status,
                service_code=t.intent,
                service_name=self._names.get(t.intent, self._names.get(OTHER, t.intent)),
                description=t.text if t.resident_id in filed_by_api else None,
                agency=_agency(areas, t.grid_id),
                requested_at=t.created_at,
                updated_at=t.updated_at,
                expected_at=t.due_by,
            )
            for t in tickets
        ]


def _filtered(
    stmt: Select[Ticket], client: ApiClient, wanted: RequestFilter, now: datetime
) -> Select[Ticket]:
    stmt = stmt.where(Ticket.grid_id.in_(sorted(client.integration.grids)))
    if wanted.ids:
        stmt = stmt.where(Ticket.id.in_(wanted.ids))
    if wanted.service_codes:
        stmt = stmt.where(Ticket.intent.in_(wanted.service_codes))
    if wanted.statuses and set(wanted.statuses) != {"open", "closed"}:
        opened = Ticket.status.in_(OPEN311_OPEN)
        stmt = stmt.where(opened if "open" in wanted.statuses else ~opened)
    start = wanted.start
    if start is None and wanted.end is None and not wanted.ids:
        start = now - DEFAULT_WINDOW
    if start is not None:
        stmt = stmt.where(Ticket.created_at >= start)
    if wanted.end is not None:
        stmt = stmt.where(Ticket.created_at <= wanted.end)
    return stmt


def _agency(areas: dict[int, Area], grid_id: int | None) -> str:
    """The grid's name, after its community's (采菱社区 第二网格)."""
    grid = areas.get(grid_id) if grid_id is not None else None
    if grid is None:
        return ""
    parent = areas.get(grid.parent_id) if grid.parent_id is not None else None
    if parent is not None and parent.level is AreaLevel.COMMUNITY:
        return f"{parent.name} {grid.name}"
    return grid.name
