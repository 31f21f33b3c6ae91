"""督办 for visits: elders living alone whose visit is overdue go to the admins over their
grid, as overdue tickets do — once per overdue spell (a visit clears the mark)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, datetime, time, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import visits as rules
from bot.domain.notifications import Kind
from bot.services.audience import Audiences
from bot.services.outbox import enqueue
from bot.services.views import Clock
from storage.models import Household
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


class VisitSweep:
    """Finds overdue visits of elders living alone and escalates them (one transaction)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        audiences: Audiences,
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._clock = clock
        self._tz = tz

    async def sweep(self) -> list[int]:
        """Escalate every newly overdue visit of an elder living alone; their household ids.

        Overdue means: due before today (the day it fell due passed without a visit)."""
        now = self._clock()
        today = now.astimezone(self._tz).date()
        start = datetime.combine(today, time.min, tzinfo=self._tz).astimezone(UTC)
        escalated: list[int] = []
        async with unit_of_work(self._sessions) as repos:
            late: dict[int, list[Household]] = defaultdict(list)
            for household in await repos.households.due(None, start):
                if household.next_due_at >= start or household.escalated_at is not None:
                    continue
                if rules.ALONE in (household.care_tags or []):
                    late[household.grid_id].append(household)
            for grid_id, households in sorted(late.items()):
                ids = [h.id for h in households]
                for chat_id in await self._audiences.admins(repos, grid_id):
                    params = {"grid": grid_id, "households": ids}
                    enqueue(repos, chat_id, Kind.VISIT_OVERDUE, params=params, now=now)
                for h in households:
                    h.escalated_at = now
                escalated += ids
        if escalated:
            log.info("visit sweep: %d overdue visit(s) escalated", len(escalated))
        return escalated
