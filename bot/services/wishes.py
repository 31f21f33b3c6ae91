"""微心愿: a household's or a resident's small wish, adopted by a registered helper.

Staff of a grid record wishes for its households (and register helpers for it); a
registered resident records their own. Helpers of the grid see its open wishes (the
words and the building, never the name, phone or door) and claim one; the grid's workers
are told. When it is fulfilled the resident is told, or, for a household without Telegram,
the staff member who recorded it, to pass the news on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.domain import visits as rules
from bot.domain.notifications import Kind
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.outbox import enqueue
from bot.services.scope import actor
from bot.services.views import Clock
from bot.services.visits import household_in_sight
from storage.models import AreaLevel, Helper, Household, Resident, StaffRole, Wish
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
MAX_WISH = 500
OPEN, CLAIMED, FULFILLED = "open", "claimed", "fulfilled"


class WishTaken(InvalidInput):
    """Someone else has claimed the wish, or it is fulfilled already."""


@dataclass(frozen=True)
class WishView:
    """A wish as its reader may see it (helpers: the building, not the door)."""

    id: int
    status: str
    text: str
    where: str
    claimable: bool = False
    fulfillable: bool = False


class WishService:
    """Recording, claiming and fulfilling 微心愿 (one unit of work each)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        audiences: Audiences,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._audiences = audiences
        self._clock = clock

    async def for_household(self, telegram_id: int, household_id: int, text: str) -> int:
        """Staff record a household's wish; its id."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            wish = self._new(household.grid_id, text, telegram_id, household_id=household.id)
            return await _stored(repos, wish, "wish.add", telegram_id, me.role.value)

    async def own(self, telegram_id: int, text: str) -> int:
        """A registered resident records their own wish, in their grid; its id."""
        async with unit_of_work(self._sessions) as repos:
            resident = await repos.residents.by_telegram_id(telegram_id)
            if resident is None or not resident.registered or resident.grid_id is None:
                raise NotFound("resident")
            wish = self._new(resident.grid_id, text, telegram_id, resident_id=resident.id)
            return await _stored(repos, wish, "wish.add", None, None)

    def _new(self, grid_id: int, text: str, by: int, **owner: int) -> Wish:
        text = text.strip()[:MAX_WISH]
        if not text:
            raise InvalidInput("a wish needs words")
        now = self._clock()
        return Wish(grid_id=grid_id, text=text, recorded_by=by, status=OPEN, created_at=now,
                    **owner)  # fmt: skip

    async def add_helper(self, telegram_id: int, grid_code: str, helper: int, name: str) -> str:
        """Staff register a helper for a grid they cover; the grid's name."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            grid = await repos.areas.by_code(grid_code)
            if grid is None or grid.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise NotFound(grid_code)
            policy.require_household_sight(me.domain(), grid.id)
            found = await _helper(repos, helper, grid.id)
            if found is None:
                now = self._clock()
                row = Helper(telegram_id=helper, name=name[:100], grid_id=grid.id, created_at=now)
                row.added_by = me.staff.id
                repos.session.add(row)
            elif name:
                found.name = name[:100]
            audit.record(repos, telegram_id, me.role.value, "helper.add", helper=helper)
            return grid.name

    async def remove_helper(self, telegram_id: int, grid_code: str, helper: int) -> str:
        """Staff remove a helper of a grid they cover (NotFound("helper") if none); the
        grid's name. The wishes the helper claimed keep their status."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            grid = await repos.areas.by_code(grid_code)
            if grid is None or grid.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise NotFound(grid_code)
            policy.require_household_sight(me.domain(), grid.id)
            found = await _helper(repos, helper, grid.id)
            if found is None:
                raise NotFound("helper")
            await repos.session.delete(found)
            audit.record(repos, telegram_id, me.role.value, "helper.remove", helper=helper)
            return grid.name

    async def listing(self, telegram_id: int) -> list[WishView]:
        """Staff: the open and claimed wishes of their grids; helpers: their grids' open ones
        and those they claimed; residents: their own."""
        async with unit_of_work(self._sessions) as repos:
            if await repos.staff.role_by_telegram_id(telegram_id) is not None or (
                telegram_id in self._admin_ids
            ):
                me = await actor(repos, telegram_id, self._admin_ids)
                return await _staff_views(repos, me.grid_ids)
            views = await _helper_views(repos, telegram_id)
            resident = await repos.residents.by_telegram_id(telegram_id)
            if resident is not None:
                stmt = select(Wish).where(Wish.resident_id == resident.id).order_by(Wish.id)
                views += [WishView(w.id, w.status, w.text, "") for w in await _all(repos, stmt)]
            return views

    async def claim(self, telegram_id: int, wish_id: int) -> int:
        """A helper of the wish's grid adopts it; the grid's workers are told."""
        async with unit_of_work(self._sessions) as repos:
            wish = await _wish(repos, wish_id)
            helper = await _helper(repos, telegram_id, wish.grid_id)
            if helper is None:
                raise Forbidden("not a helper of this grid")
            if wish.status != OPEN:
                raise WishTaken("claimed already")
            wish.status, wish.helper_id, wish.claimed_at = CLAIMED, helper.id, self._clock()
            workers = await repos.staff.for_area(wish.grid_id, StaffRole.WORKER)
            chats = [w.telegram_id for w in workers] or await self._audiences.admins(
                repos, wish.grid_id
            )
            for chat_id in chats:
                enqueue(repos, chat_id, Kind.WISH_CLAIMED, params={"wish": wish.id,
                        "grid": wish.grid_id})  # fmt: skip
            audit.record(repos, telegram_id, "helper", "wish.claim", wish=wish.id)
            return wish.id

    async def fulfil(self, telegram_id: int, wish_id: int) -> int:
        """The helper who claimed it, or staff over its grid, mark it fulfilled; the household
        is told (through the recording staff member when it has no Telegram)."""
        async with unit_of_work(self._sessions) as repos:
            wish = await _wish(repos, wish_id)
            role = await self._may_fulfil(repos, telegram_id, wish)
            if wish.status == FULFILLED:
                raise WishTaken("fulfilled already")
            wish.status, wish.fulfilled_at = FULFILLED, self._clock()
            params = {"wish": wish.id, "grid": wish.grid_id}
            resident = await repos.session.get(Resident, wish.resident_id or 0)
            if resident is not None and resident.telegram_id > 0:
                enqueue(repos, resident.telegram_id, Kind.WISH_FULFILLED, params=params)
            elif wish.recorded_by is not None and wish.household_id is not None:
                params["household"] = wish.household_id
                enqueue(repos, wish.recorded_by, Kind.WISH_TELL, params=params)
            audit.record(repos, telegram_id, role, "wish.fulfil", wish=wish.id)
            return wish.id

    async def _may_fulfil(self, repos: Repos, telegram_id: int, wish: Wish) -> str:
        helper = await _helper(repos, telegram_id, wish.grid_id)
        if helper is not None and wish.helper_id == helper.id:
            return "helper"
        try:
            me = await actor(repos, telegram_id, self._admin_ids)
        except Forbidden:
            raise NotFound("wish") from None
        policy.require_household_sight(me.domain(), wish.grid_id)
        return me.role.value


async def _stored(repos: Repos, wish: Wish, action: str, who: int | None, role: str | None) -> int:
    repos.session.add(wish)
    await repos.households.flush()
    audit.record(repos, who, role, action, wish=wish.id)
    log.info("wish %d recorded in grid %d", wish.id, wish.grid_id)
    return wish.id


async def _wish(repos: Repos, wish_id: int) -> Wish:
    stmt = select(Wish).where(Wish.id == wish_id).with_for_update()
    wish = (await repos.session.scalars(stmt)).one_or_none()
    if wish is None:
        raise NotFound("wish")
    return wish


async def _helper(repos: Repos, telegram_id: int, grid_id: int) -> Helper | None:
    stmt = select(Helper).where(Helper.telegram_id == telegram_id, Helper.grid_id == grid_id)
    return (await repos.session.scalars(stmt)).one_or_none()


async def _all(repos: Repos, stmt: object) -> list[Wish]:
    return list((await repos.session.scalars(stmt)).all())  # type: ignore[call-overload]


async def _where(repos: Repos, wish: Wish, *, door: bool) -> str:
    household = await repos.session.get(Household, wish.household_id or 0)
    resident = await repos.session.get(Resident, wish.resident_id or 0)
    address = (household.address if household else resident.address if resident else "") or ""
    return address if door else rules.building_label(address) if address else ""


async def _staff_views(repos: Repos, grids: frozenset[int] | None) -> list[WishView]:
    stmt = select(Wish).where(Wish.status != FULFILLED).order_by(Wish.id)
    if grids is not None:
        stmt = stmt.where(Wish.grid_id.in_(grids))
    return [
        WishView(w.id, w.status, w.text, await _where(repos, w, door=True), fulfillable=True)
        for w in await _all(repos, stmt)
    ]


async def _helper_views(repos: Repos, telegram_id: int) -> list[WishView]:
    helpers = list(
        (await repos.session.scalars(select(Helper).where(Helper.telegram_id == telegram_id))).all()
    )
    if not helpers:
        return []
    mine = {h.id for h in helpers}
    stmt = (
        select(Wish)
        .where(Wish.grid_id.in_({h.grid_id for h in helpers}), Wish.status != FULFILLED)
        .order_by(Wish.id)
    )
    views: list[WishView] = []
    for w in await _all(repos, stmt):
        if w.status == OPEN or w.helper_id in mine:
            where = await _where(repos, w, door=False)
            views.append(WishView(w.id, w.status, w.text, where, claimable=w.status == OPEN,
                                  fulfillable=w.helper_id in mine))  # fmt: skip
    return views
