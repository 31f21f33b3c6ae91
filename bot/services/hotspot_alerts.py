"""The daily hotspot watch: remember which hotspots were announced, tell the admins of new ones.

The caller finds the hotspots (``bot.queries.hotspots``) and runs this under a job lock, so
several bot processes never announce the same hotspot twice; the table ``hotspot_alerts``
keeps what was announced across runs and restarts.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import hotspot_alerts as rule
from bot.domain.hotspots import Hotspot, Thresholds
from bot.domain.notifications import Kind
from bot.services.audience import Audiences
from bot.services.outbox import enqueue
from bot.services.views import Clock
from storage.models import HotspotAlert
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


class HotspotAlerts:
    """Announces each hotspot once (and once more when it doubles) to the admins over its grid;
    a hotspot no longer found is forgotten, so it is news again if it comes back."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        audiences: Audiences,
        clock: Clock,
        limits: Thresholds,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._clock = clock
        self.limits = limits

    async def announce(self, found: Sequence[Hotspot]) -> list[rule.News]:
        """Record the hotspots that are news and stage one message per admin; the news."""
        async with unit_of_work(self._sessions) as repos:
            stored = (await repos.session.scalars(select(HotspotAlert))).all()
            rows = {rule.Key(r.kind, r.intent, r.grid_id, r.place): r for r in stored}
            seen = {k: rule.Announced(r.size, r.doubled) for k, r in rows.items()}
            news = rule.news(found, seen, self.limits)
            current = {rule.key(spot) for spot in found}
            for gone in (row for k, row in rows.items() if k not in current):
                await repos.session.delete(gone)  # gone away: if it comes back, it is news
            now = self._clock()
            by_admin: dict[int, list[rule.News]] = defaultdict(list)
            for item in news:
                _remember(repos, rows.get(item.key), item, now)
                for admin in await self._audiences.admins(repos, item.hotspot.grid_id):
                    by_admin[admin].append(item)
            for admin, items in by_admin.items():
                enqueue(repos, admin, Kind.HOTSPOTS_NEW, params=self._params(items), now=now)
        log.info("hotspot watch: %d new, %d admin(s) told", len(news), len(by_admin))
        return news

    def _params(self, items: list[rule.News]) -> dict[str, Any]:
        limits = self.limits
        return {
            "hotspots": [
                {
                    "kind": i.hotspot.kind.value,
                    "intent": i.hotspot.intent,
                    "grid_id": i.hotspot.grid_id,
                    "building": i.hotspot.building,
                    "households": i.hotspot.households,
                    "ticket_ids": list(i.hotspot.tickets),
                    "grown": i.grown,
                }
                for i in items
            ],
            "limits": [limits.households, limits.repeats, limits.window.days],
        }


def _remember(repos: Repos, row: HotspotAlert | None, item: rule.News, now: datetime) -> None:
    if row is None:
        k = item.key
        repos.session.add(
            HotspotAlert(
                kind=k.kind, intent=k.intent, grid_id=k.grid_id, place=k.place,
                size=item.size, doubled=item.doubled, announced_at=now,
            )
        )  # fmt: skip
    else:
        row.size, row.doubled, row.announced_at = item.size, item.doubled, now
