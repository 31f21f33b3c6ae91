"""Registering a resident to a grid: community → grid → address → phone, kept across restarts.

The step and the chosen community live in the chat's stored conversation; messages sent
before registration ends are kept there too (never replacing one another) and handed back
when it ends, so nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.conversation import Kept, KeptMessages, Registration, RegistrationStep
from bot.services.conversation import Loaded, load, load_with_resident, retrying, save
from bot.services.errors import InvalidInput, NotFound
from bot.services.views import AreaView, ResidentView
from storage.models import Area, AreaLevel, Resident
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

PAGE_SIZE = 8
MAX_ADDRESS = 100
Step = RegistrationStep
"""The registration steps (stored in the chat's conversation)."""


@dataclass(frozen=True)
class Page:
    """One page of choices."""

    items: tuple[AreaView, ...]
    page: int
    has_prev: bool
    has_next: bool


@dataclass(frozen=True)
class Finished:
    """Registration is complete; ``pending`` are the messages kept meanwhile, ``dropped``
    how many more there were than could be kept."""

    resident: ResidentView
    pending: tuple[Kept, ...]
    dropped: int = 0


class RegistrationService:
    """Walks a resident through registration and remembers where they are."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def lookup(self, telegram_id: int) -> tuple[ResidentView | None, Step | None]:
        """The resident (if known) and their current registration step (if any)."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await load_with_resident(repos, telegram_id)
            if resident is None:
                return None, None
            return await _view(repos, resident), _step(loaded)

    async def status(self, telegram_id: int) -> tuple[bool, Step | None]:
        """Whether the sender is registered, and their registration step (cheap: one query).

        A resident who writes to the bot has evidently unblocked it."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await load_with_resident(repos, telegram_id)
            if resident is None:
                return False, _step(loaded)
            if resident.blocked:
                resident.blocked = False
            return resident.registered, _step(loaded)

    @retrying
    async def begin(self, telegram_id: int, name: str, keep: Kept | None = None) -> Page:
        """Start (or restart) registration; keep ``keep`` to handle once it ends."""
        async with unit_of_work(self._sessions) as repos:
            await _get_or_create(repos, telegram_id, name)
            loaded = await load(repos, telegram_id)
            state = replace(loaded.state, registration=Registration(Step.COMMUNITY))
            loaded.state = state.keep(keep) if keep is not None else state
            await save(repos, loaded)
            return await _community_page(repos, 0)

    @retrying
    async def keep(self, telegram_id: int, item: Kept) -> bool:
        """Keep a message sent mid-registration, to handle when registration ends; False
        when too many are kept already (it is only counted)."""
        async with unit_of_work(self._sessions) as repos:
            loaded = await load(repos, telegram_id)
            loaded.state = loaded.state.keep(item)
            await save(repos, loaded)
            return loaded.state.kept.dropped == loaded.original.kept.dropped

    async def communities(self, page: int) -> Page:
        """A page of communities to choose from."""
        async with unit_of_work(self._sessions) as repos:
            return await _community_page(repos, page)

    @retrying
    async def choose_community(
        self, telegram_id: int, code: str
    ) -> tuple[AreaView, list[AreaView]]:
        """Record the community; return it and its grids."""
        async with unit_of_work(self._sessions) as repos:
            _, loaded = await _in_registration(repos, telegram_id)
            community = await repos.areas.by_code(code)
            if community is None or community.level is not AreaLevel.COMMUNITY:
                raise NotFound(code)
            grids = await repos.areas.children(community.id)
            loaded.state = replace(loaded.state, registration=Registration(Step.GRID, code))
            await save(repos, loaded)
            return _area(community), [_area(g) for g in grids]

    @retrying
    async def choose_grid(self, telegram_id: int, code: str | None) -> AreaView:
        """Record the grid; ``None`` (不清楚) means the community's default grid."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await _in_registration(repos, telegram_id)
            registration = loaded.state.registration
            assert registration is not None
            community = await repos.areas.by_code(registration.community or "")
            if community is None:
                raise InvalidInput("community not chosen")
            grid = await _pick_grid(repos, community, code)
            resident.grid_id = grid.id
            _step_to(loaded, Step.ADDRESS)
            await save(repos, loaded)
            return _area(grid)

    @retrying
    async def set_address(self, telegram_id: int, address: str | None) -> None:
        """Record the address (楼栋/单元/门牌), or skip it."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await _in_registration(repos, telegram_id)
            if address is not None:
                resident.address = address.strip()[:MAX_ADDRESS] or None
            _step_to(loaded, Step.PHONE)
            await save(repos, loaded)

    @retrying
    async def finish(self, telegram_id: int, phone: str | None) -> Finished:
        """Record the phone (or skip it) and complete registration."""
        async with unit_of_work(self._sessions) as repos:
            resident, loaded = await _in_registration(repos, telegram_id)
            if phone is not None:
                resident.phone = phone
            resident.registered = True
            kept = loaded.state.kept
            loaded.state = replace(loaded.state, registration=None, kept=KeptMessages())
            await save(repos, loaded)
            log.info("resident %d registered", telegram_id)
            return Finished(await _view(repos, resident), kept.items, kept.dropped)


def _step(loaded: Loaded) -> Step | None:
    registration = loaded.state.registration
    return registration.step if registration is not None else None


def _step_to(loaded: Loaded, step: Step) -> None:
    registration = loaded.state.registration
    assert registration is not None
    loaded.state = replace(loaded.state, registration=replace(registration, step=step))


async def _get_or_create(repos: Repos, telegram_id: int, name: str) -> Resident:
    resident = await repos.residents.by_telegram_id(telegram_id)
    if resident is None:
        resident = Resident(telegram_id=telegram_id, display_name=name[:200])
        repos.residents.add(resident)
        await repos.areas.flush()
    elif name:
        resident.display_name = name[:200]
    return resident


async def _in_registration(repos: Repos, telegram_id: int) -> tuple[Resident, Loaded]:
    resident, loaded = await load_with_resident(repos, telegram_id)
    if resident is None or loaded.state.registration is None:
        raise InvalidInput("not registering")
    return resident, loaded


async def _pick_grid(repos: Repos, community: Area, code: str | None) -> Area:
    grids = await repos.areas.children(community.id)
    if not grids:
        raise NotFound(f"community {community.code} has no grid")
    if code is None:
        return next((g for g in grids if g.is_default), grids[0])
    for grid in grids:
        if grid.code == code:
            return grid
    raise NotFound(code)


async def _community_page(repos: Repos, page: int) -> Page:
    communities: Sequence[Area] = await repos.areas.by_level(AreaLevel.COMMUNITY)
    pages = max(1, -(-len(communities) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    chunk = communities[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    return Page(tuple(_area(a) for a in chunk), page, page > 0, page < pages - 1)


def _area(area: Area) -> AreaView:
    return AreaView(area.code, area.name)


async def _view(repos: Repos, resident: Resident) -> ResidentView:
    grid = community = None
    if resident.grid_id is not None:
        grid_area = await repos.session.get(Area, resident.grid_id)
        if grid_area is not None:
            grid = grid_area.name
            if grid_area.parent_id is not None:
                parent = await repos.session.get(Area, grid_area.parent_id)
                community = parent.name if parent else None
    return ResidentView(
        resident.telegram_id,
        resident.registered,
        community,
        grid,
        resident.address,
        resident.phone,
    )
