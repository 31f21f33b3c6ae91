"""每月一题 as admins read it (/agenda) and as the invitation and the outcome show it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.errors import NotFound
from bot.services.scope import actor
from bot.services.tickets import intent_name
from intents import Catalogue
from storage.models import AgendaItem, AgendaReply, Area, Resident
from storage.repos import Repos
from storage.uow import unit_of_work


@dataclass(frozen=True)
class AgendaView:
    """One agenda item with its counts (and, in detail, the suggestions)."""

    id: int
    month: str
    kind: str
    intent_name: str
    grid: str
    building: str | None
    tickets: tuple[int, ...]
    status: str
    created_at: datetime
    invited: int = 0
    joining: int = 0
    suggestions: tuple[tuple[str, str], ...] = ()
    """(resident's name, suggestion), in detail only."""
    suggestion_count: int = 0
    outcome: str | None = None


class AgendaQueries:
    """The items of an admin's areas, one item in detail, an item for a notification."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        admin_ids: frozenset[int],
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._admin_ids = admin_ids

    async def items(self, telegram_id: int, limit: int = 20) -> list[AgendaView]:
        """The newest items of the admin's areas with their counts."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            stmt = select(AgendaItem).order_by(AgendaItem.id.desc()).limit(limit)
            if me.grid_ids is not None:
                stmt = stmt.where(AgendaItem.grid_id.in_(me.grid_ids))
            return [await self._view(repos, i) for i in (await repos.session.scalars(stmt)).all()]

    async def detail(self, telegram_id: int, item_id: int) -> AgendaView:
        """One item with every suggestion."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            item = await repos.session.get(AgendaItem, item_id)
            if item is None or not me.covers(item.grid_id):
                raise NotFound("agenda item")
            return await self._view(repos, item, suggestions=True)

    async def _view(
        self, repos: Repos, item: AgendaItem, *, suggestions: bool = False
    ) -> AgendaView:
        view = await _plain(repos, self._catalogue, item)
        stmt = select(
            func.count(AgendaReply.id),
            func.count(AgendaReply.id).filter(AgendaReply.joining.is_(True)),
            func.count(AgendaReply.suggestion),
        ).where(AgendaReply.item_id == item.id)
        invited, joining, suggested = (await repos.session.execute(stmt)).one()
        said: tuple[tuple[str, str], ...] = ()
        if suggestions:
            rows = await repos.session.execute(
                select(Resident.display_name, AgendaReply.suggestion)
                .join(Resident, Resident.id == AgendaReply.resident_id)
                .where(AgendaReply.item_id == item.id, AgendaReply.suggestion.is_not(None))
                .order_by(AgendaReply.answered_at)
            )
            said = tuple((name or "", text or "") for name, text in rows.all())
        return replace(
            view, invited=invited, joining=joining, suggestion_count=suggested, suggestions=said
        )


async def agenda_item(repos: Repos, catalogue: Catalogue, item_id: int) -> AgendaView | None:
    """An item for a notification (no counts), None when it is gone."""
    item = await repos.session.get(AgendaItem, item_id)
    return await _plain(repos, catalogue, item) if item is not None else None


async def _plain(repos: Repos, catalogue: Catalogue, item: AgendaItem) -> AgendaView:
    grid = await repos.session.get(Area, item.grid_id) if item.grid_id else None
    return AgendaView(
        id=item.id,
        month=item.month,
        kind=item.kind,
        intent_name=intent_name(catalogue, item.intent),
        grid=grid.name if grid else "",
        building=item.building,
        tickets=tuple(int(t) for t in item.tickets),
        status=item.status,
        created_at=item.created_at,
        outcome=item.outcome,
    )
