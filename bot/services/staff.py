"""Staff: grid workers (serving grids) and admins (overseeing communities or wider areas)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.errors import InvalidInput, NotFound
from storage.models import AreaLevel, Staff, StaffRole
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

LEVELS_FOR_ROLE: dict[StaffRole, frozenset[AreaLevel]] = {
    StaffRole.WORKER: frozenset({AreaLevel.GRID, AreaLevel.MICRO_GRID}),
    StaffRole.ADMIN: frozenset({AreaLevel.COMMUNITY, AreaLevel.SUBDISTRICT, AreaLevel.DISTRICT}),
}


@dataclass(frozen=True)
class StaffView:
    """A staff member as shown in listings."""

    telegram_id: int
    name: str
    role: StaffRole
    active: bool
    area_codes: tuple[str, ...]


class StaffService:
    """Adds, changes and lists staff."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def add(
        self, telegram_id: int, role: StaffRole, area_codes: Sequence[str], name: str = ""
    ) -> StaffView:
        """Create or update a staff member with exactly these areas (idempotent)."""
        if role is StaffRole.WORKER and not area_codes:
            raise InvalidInput("a worker needs at least one grid (--grid CODE)")
        async with unit_of_work(self._sessions) as repos:
            areas = await repos.areas.by_codes(list(area_codes))
            missing = [c for c in area_codes if c not in areas]
            if missing:
                raise NotFound(f"unknown area code(s): {', '.join(missing)}")
            wrong = [c for c in area_codes if areas[c].level not in LEVELS_FOR_ROLE[role]]
            if wrong:
                allowed = ", ".join(sorted(lv.value for lv in LEVELS_FOR_ROLE[role]))
                raise InvalidInput(
                    f"a {role.value} serves areas of level {allowed}; not {', '.join(wrong)}"
                )
            staff = await repos.staff.by_telegram_id(telegram_id)
            if staff is None:
                staff = Staff(telegram_id=telegram_id, role=role, name=name)
                repos.staff.add(staff)
                await repos.areas.flush()
            staff.role, staff.active = role, True
            staff.name = name or staff.name
            await repos.staff.set_areas(staff, [areas[c].id for c in area_codes])
        log.info("staff %d set to %s with %d area(s)", telegram_id, role.value, len(area_codes))
        return StaffView(telegram_id, staff.name, role, True, tuple(area_codes))

    async def list(self) -> list[StaffView]:
        """Every staff member with the codes of their areas."""
        async with unit_of_work(self._sessions) as repos:
            return [
                StaffView(s.telegram_id, s.name, s.role, s.active, tuple(a.code for a in s.areas))
                for s in await repos.staff.all()
            ]

    async def role_of(self, telegram_id: int) -> StaffRole | None:
        """The active role of this Telegram user, if they are staff."""
        async with unit_of_work(self._sessions) as repos:
            staff = await repos.staff.by_telegram_id(telegram_id)
        return staff.role if staff is not None and staff.active else None
