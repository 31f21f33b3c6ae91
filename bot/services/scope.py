"""Who a staff member is and which grids they may act on (首问负责 starts here)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from bot.domain import policy
from bot.services.errors import Forbidden
from storage.models import Area, AreaLevel, Staff, StaffArea, StaffRole
from storage.repos import Repos

GRID_LEVELS = (AreaLevel.GRID, AreaLevel.MICRO_GRID)


@dataclass(frozen=True)
class Actor:
    """A staff member acting: their row, role, and the grids they may act on (None = all)."""

    staff: Staff
    role: StaffRole
    grid_ids: frozenset[int] | None

    @property
    def name(self) -> str:
        """Display name (the Telegram id when no name was given)."""
        return self.staff.name or str(self.staff.telegram_id)

    def domain(self) -> policy.Actor:
        """This actor as the domain's policy sees it."""
        role = policy.Role(self.role.value)
        return policy.Actor(
            self.staff.id, self.staff.telegram_id, self.staff.name, role, self.grid_ids
        )

    def covers(self, grid_id: int | None) -> bool:
        """Whether this actor may act on a ticket of this grid."""
        return self.grid_ids is None or (grid_id is not None and grid_id in self.grid_ids)


async def actor(repos: Repos, telegram_id: int, admin_ids: frozenset[int]) -> Actor:
    """The acting staff member; settings admins get a staff row on first use.

    Global rights are never stored: only an id in ``GRIDBOT_ADMIN_IDS`` acts everywhere. A
    row left by a settings admin since removed from the setting (role admin, no areas)
    oversees nothing.
    """
    staff = await repos.staff.by_telegram_id(telegram_id)
    if staff is None and telegram_id in admin_ids:
        staff = Staff(telegram_id=telegram_id, role=StaffRole.ADMIN, name="")
        repos.staff.add(staff)
        await repos.areas.flush()
        staff = await repos.staff.by_telegram_id(telegram_id)
    if staff is None or not staff.active:
        raise Forbidden("not staff")
    if telegram_id in admin_ids:
        return Actor(staff, StaffRole.ADMIN, None)
    areas = await _all_areas(repos)
    grids = frozenset(g for a in staff.areas for g in grids_below(areas, a.id))
    return Actor(staff, staff.role, grids)


async def _all_areas(repos: Repos) -> dict[int, Area]:
    return {a.id: a for a in (await repos.session.scalars(select(Area))).all()}


def grids_below(areas: dict[int, Area], root: int) -> Iterable[int]:
    """Ids of every grid (and micro-grid) at or below ``root``."""
    children: dict[int | None, list[int]] = {}
    for area in areas.values():
        children.setdefault(area.parent_id, []).append(area.id)
    stack = [root]
    while stack:
        current = stack.pop()
        if areas[current].level in GRID_LEVELS:
            yield current
        stack.extend(children.get(current, []))


async def ancestors(repos: Repos, area_id: int | None) -> list[Area]:
    """The area and every area above it, nearest first."""
    chain: list[Area] = []
    while area_id is not None:
        area = await repos.session.get(Area, area_id)
        if area is None:
            break
        chain.append(area)
        area_id = area.parent_id
    return chain


async def community_of(repos: Repos, area_id: int | None) -> int | None:
    """The id of the community (社区) at or above this area, if any."""
    for area in await ancestors(repos, area_id):
        if area.level is AreaLevel.COMMUNITY:
            return area.id
    return None


async def communities_of(repos: Repos, grid_ids: Iterable[int]) -> frozenset[int]:
    """The communities above these grids (a worker's own communities)."""
    found = {await community_of(repos, g) for g in grid_ids}
    return frozenset(c for c in found if c is not None)


async def admins_over(repos: Repos, area_id: int | None) -> list[int]:
    """Telegram ids of active admins overseeing this area (community first, then wider)."""
    for area in (await ancestors(repos, area_id))[1:]:
        stmt = (
            select(Staff.telegram_id)
            .join(StaffArea, StaffArea.staff_id == Staff.id)
            .where(
                StaffArea.area_id == area.id,
                Staff.role == StaffRole.ADMIN,
                Staff.active.is_(True),
            )
        )
        found = list((await repos.session.scalars(stmt)).all())
        if found:
            return found
    return []
