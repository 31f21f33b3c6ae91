"""Staff: grid workers (serving grids) and admins (overseeing communities or wider areas)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.domain.notifications import Kind
from bot.services import audit
from bot.services.errors import InvalidInput, NotFound
from bot.services.outbox import enqueue
from bot.services.scope import GRID_LEVELS, actor, grids_below
from storage.models import Area, AreaLevel, Staff, StaffRole
from storage.repos import Repos
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
        if not area_codes:  # global rights come from the setting only, never from a row
            raise InvalidInput(
                "an admin needs at least one area (--community/--area CODE); "
                "global admins are named in GRIDBOT_ADMIN_IDS"
            )
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

    async def retire_former_settings_admins(self, admin_ids: frozenset[int]) -> tuple[int, ...]:
        """At start: an admin row with no areas whose id left ``GRIDBOT_ADMIN_IDS`` is retired."""
        async with unit_of_work(self._sessions) as repos:
            retired = [
                s
                for s in await repos.staff.all()
                if s.active
                and s.role is StaffRole.ADMIN
                and not s.areas
                and s.telegram_id not in admin_ids
            ]
            for staff in retired:
                staff.active = False
        for staff in retired:
            log.warning("staff %d: no longer in GRIDBOT_ADMIN_IDS; retired", staff.telegram_id)
        return tuple(s.telegram_id for s in retired)

    async def role_of(self, telegram_id: int) -> StaffRole | None:
        """The active role of this Telegram user, if they are staff."""
        async with unit_of_work(self._sessions) as repos:
            staff = await repos.staff.by_telegram_id(telegram_id)
        return staff.role if staff is not None and staff.active else None


class StaffAdmin:
    """Admins granting and revoking staff roles in chat, within the areas they oversee."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], admin_ids: frozenset[int]
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids

    async def grant(
        self, admin_telegram_id: int, telegram_id: int, role: StaffRole, code: str
    ) -> StaffView:
        """Make someone a worker of a grid (added to their grids) or an admin of an area.

        The area and everything the person serves now must lie inside the actor's scope;
        settings admins are beyond chat. The person is told what they can now do.
        """
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, admin_telegram_id, self._admin_ids)
            area = await repos.areas.by_code(code)
            if area is None:
                raise NotFound(code)
            if area.level not in LEVELS_FOR_ROLE[role]:
                raise InvalidInput(f"a {role.value} cannot serve {code}")
            staff = await repos.staff.by_telegram_id(telegram_id)
            theirs = await _grids_of(repos, staff) if staff and staff.active else set()
            below = await _grids_of_area(repos, area)
            self._require_may_manage(me.domain(), telegram_id, staff, below | theirs)
            if staff is None:
                staff = Staff(telegram_id=telegram_id, role=role, name="")
                repos.staff.add(staff)
                await repos.areas.flush()
                staff = await repos.staff.by_telegram_id(telegram_id)
                assert staff is not None
            keep = [a.id for a in staff.areas if staff.role is role and staff.active]
            staff.role, staff.active = role, True
            await repos.staff.set_areas(staff, sorted({*keep, area.id}))
            audit.record(repos, admin_telegram_id, "admin", "grant", None,
                         target=telegram_id, role=role.value, area=code)  # fmt: skip
            kept = [a for a in staff.areas if a.id in keep]
            codes = (*(a.code for a in kept), code)
            names = list(dict.fromkeys([*(a.name for a in kept), area.name]))
            enqueue(repos, telegram_id, Kind.GRANTED, params={"role": role.value, "areas": names})
            return StaffView(telegram_id, staff.name, role, True, tuple(dict.fromkeys(codes)))

    async def revoke(self, admin_telegram_id: int, telegram_id: int) -> bool:
        """Take away someone's staff role; False if they were not staff."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, admin_telegram_id, self._admin_ids)
            staff = await repos.staff.by_telegram_id(telegram_id)
            if telegram_id not in self._admin_ids and (staff is None or not staff.active):
                return False
            theirs = await _grids_of(repos, staff) if staff is not None else set()
            self._require_may_manage(me.domain(), telegram_id, staff, theirs)
            assert staff is not None  # a settings admin was refused above
            staff.active = False
            audit.record(repos, admin_telegram_id, "admin", "revoke", None, target=telegram_id)
            return True

    def _require_may_manage(
        self, me: policy.Actor, telegram_id: int, staff: Staff | None, grids: set[int]
    ) -> None:
        is_global = (
            staff is not None and staff.active and staff.role is StaffRole.ADMIN and not staff.areas
        )
        pinned = telegram_id in self._admin_ids
        policy.require_may_manage_person(me, grids, is_global, pinned)


async def _grids_of_area(repos: Repos, area: Area) -> set[int]:
    if area.level in GRID_LEVELS:
        return {area.id}
    return set(await _grid_ids_below(repos, area.id))


async def _grids_of(repos: Repos, staff: Staff) -> set[int]:
    """Every grid a staff member serves or oversees now."""
    grids: set[int] = set()
    for a in staff.areas:
        grids |= await _grids_of_area(repos, a)
    return grids


async def _grid_ids_below(repos: Repos, area_id: int) -> list[int]:
    areas = {a.id: a for a in (await repos.session.scalars(select(Area))).all()}
    return list(grids_below(areas, area_id))
