"""A household's right to see and to erase what the grid holds about it (进百家门).

Export: the household (address, name, phone, notes, care groups, consent), every visit, and
the tickets opened on its behalf (through its stand-in resident, as ``export-resident``
shows a resident's). Erasure: those tickets are anonymised as a resident's are (kept for
statistics), then the household, its care groups, its visits and its 微心愿 are deleted.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services import audit
from bot.services.errors import NotFound
from bot.services.residents_privacy import ResidentPrivacy, row_data
from storage.models import Resident
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HouseholdForgotten:
    """What erasing a household changed."""

    household_id: int
    visits: int
    tickets: int


class HouseholdPrivacy:
    """Export and erasure of one household's data."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._residents = ResidentPrivacy(sessions)

    async def _proxy(self, household_id: int) -> int | None:
        """The stand-in resident's Telegram id, if tickets were opened on its behalf."""
        async with unit_of_work(self._sessions) as repos:
            household = await repos.households.get(household_id)
            if household is None:
                raise NotFound(f"no household {household_id}")
            if household.proxy_resident_id is None:
                return None
            proxy = await repos.session.get(Resident, household.proxy_resident_id)
            return proxy.telegram_id if proxy is not None else None

    async def export(self, household_id: int, actor_role: str | None = "cli") -> dict[str, Any]:
        """Everything held about the household: its card, visits and tickets on its behalf."""
        proxy = await self._proxy(household_id)
        on_behalf = await self._residents.export(proxy, actor_role) if proxy else None
        async with unit_of_work(self._sessions) as repos:
            household = await repos.households.get(household_id)
            if household is None:
                raise NotFound(f"no household {household_id}")
            grid = await repos.areas.get(household.grid_id)
            data = {
                "household": {
                    **row_data(household),
                    "grid": {"code": grid.code, "name": grid.name} if grid else None,
                },
                "visits": [row_data(v) for v in await repos.households.visits(household.id)],
                "wishes": [row_data(w) for w in await repos.households.wishes(household.id)],
                "tickets_on_behalf": on_behalf["tickets"] if on_behalf else [],
            }
            audit.record(repos, None, actor_role, "household.export", household=household.id)
        log.info("exported the data of household %d", household_id)
        return data

    async def forget(self, household_id: int, actor_role: str | None = "cli") -> HouseholdForgotten:
        """Anonymise the tickets opened on the household's behalf; delete it and its visits."""
        proxy = await self._proxy(household_id)
        tickets = (await self._residents.forget(proxy, actor_role)).tickets if proxy else 0
        async with unit_of_work(self._sessions) as repos:
            household = await repos.households.get(household_id)
            if household is None:
                raise NotFound(f"no household {household_id}")
            visits = await repos.households.delete(household)
            audit.record(
                repos, None, actor_role, "household.forget", household=household_id, visits=visits
            )
        log.info("erased household %d: %d visit(s), %d ticket(s)", household_id, visits, tickets)
        return HouseholdForgotten(household_id, visits, tickets)
