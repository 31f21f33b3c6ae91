"""Hotspots of an admin's areas, or of every area (``gridbot report``): the tickets read
once, the watches decided by ``bot.domain.hotspots``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import hotspots
from bot.domain.errors import Forbidden
from bot.services.broadcast_audience import building_of
from bot.services.scope import actor
from bot.services.tickets import intent_name
from bot.services.views import Clock
from intents import Catalogue
from storage.follower_repo import FollowerRepo
from storage.models import Area, Resident, Ticket, TicketEvent, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work

LEFT_OUT = (TicketStatus.CANCELLED, TicketStatus.MERGED)
"""Withdrawn tickets and merged duplicates (their people follow the surviving ticket)."""


@dataclass(frozen=True)
class HotspotView:
    """A hotspot as people read it."""

    kind: hotspots.Kind
    intent: str
    intent_name: str
    grid_id: int | None
    grid: str
    building: str | None
    households: int
    tickets: tuple[int, ...]


class Hotspots:
    """多人同诉, 一人多诉 and 同址复发 over the last window of days."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        admin_ids: frozenset[int],
        clock: Clock,
        limits: hotspots.Thresholds,
    ) -> None:
        self._sessions = sessions
        self._catalogue = catalogue
        self._admin_ids = admin_ids
        self._clock = clock
        self.limits = limits

    async def for_admin(self, telegram_id: int) -> list[HotspotView]:
        """The hotspots of the grids an admin oversees."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            if not me.domain().is_admin:
                raise Forbidden("not an admin")
            return await self._find(repos, me.grid_ids)

    async def overall(self) -> list[HotspotView]:
        """The hotspots of every area."""
        async with unit_of_work(self._sessions) as repos:
            return await self._find(repos, None)

    async def _find(self, repos: Repos, grids: frozenset[int] | None) -> list[HotspotView]:
        now = self._clock()
        since = now - self.limits.window - hotspots.RECUR_WITHIN
        stmt = (
            select(Ticket, Resident.address)
            .join(Resident, Resident.id == Ticket.resident_id)
            .where(Ticket.created_at >= since, Ticket.status.not_in(LEFT_OUT))
        )
        if grids is not None:
            stmt = stmt.where(Ticket.grid_id.in_(grids))
        rows = (await repos.session.execute(stmt)).all()
        ids = [t.id for t, _ in rows]
        followers = await FollowerRepo(repos.session).residents_of(ids)
        reopened = await _reopened(repos, ids)
        reports = [
            hotspots.Report(
                ticket_id=t.id,
                resident_id=t.resident_id,
                intent=t.intent,
                grid_id=t.grid_id,
                building=building_of(address),
                created_at=t.created_at,
                closed_at=t.resolved_at or t.closed_at,
                reopened=t.id in reopened,
                followers=frozenset(followers.get(t.id, ())),
            )
            for t, address in rows
        ]
        found = hotspots.find(reports, now, self.limits)
        names = await _grid_names(repos, {h.grid_id for h in found})
        return [
            HotspotView(
                kind=h.kind,
                intent=h.intent,
                intent_name=intent_name(self._catalogue, h.intent),
                grid_id=h.grid_id,
                grid=names.get(h.grid_id or 0, ""),
                building=h.building,
                households=h.households,
                tickets=h.tickets,
            )
            for h in found
        ]


async def stored_views(
    repos: Repos, catalogue: Catalogue, spots: list[dict[str, Any]]
) -> tuple[HotspotView, ...]:
    """Hotspots staged in a notification (the daily watch), named as they are now."""
    names = await _grid_names(repos, {s.get("grid_id") for s in spots})
    return tuple(
        HotspotView(
            kind=hotspots.Kind(s["kind"]),
            intent=str(s["intent"]),
            intent_name=intent_name(catalogue, str(s["intent"])),
            grid_id=s.get("grid_id"),
            grid=names.get(s.get("grid_id") or 0, ""),
            building=s.get("building"),
            households=int(s["households"]),
            tickets=tuple(int(t) for t in s.get("ticket_ids") or ()),
        )
        for s in spots
    )


def thresholds(households: int, repeats: int, days: int) -> hotspots.Thresholds:
    """The watches' limits from the settings."""
    return hotspots.Thresholds(households, repeats, timedelta(days=days))


async def _reopened(repos: Repos, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        stmt = select(TicketEvent.ticket_id).where(
            TicketEvent.ticket_id.in_(ids[start : start + 500]), TicketEvent.kind == "reopened"
        )
        found |= set((await repos.session.scalars(stmt)).all())
    return found


async def _grid_names(repos: Repos, ids: set[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await repos.session.execute(select(Area.id, Area.name).where(Area.id.in_(wanted)))
    return {row.id: row.name for row in rows}
