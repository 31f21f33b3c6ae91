"""The /broadcast dialogue: audience → (community → grid, or building) → text (and maybe one
photo) → receipt → a draft notice to preview.

The draft lives in the chat's stored conversation, not in one process's memory, so each
step may land on any replica. A step that does not fit the stored draft (an old button, a
dialogue already finished or restarted) raises ``Expired``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.conversation import BroadcastDraft, BroadcastStep, Scope
from bot.services.broadcast_audience import (
    MAX_BUILDING,
    Audience,
    Draft,
    admin,
    check_text,
    communities_of,
    grids_of,
    save_draft,
)
from bot.services.conversation import Loaded, load, retrying, save
from bot.services.errors import Forbidden, InvalidInput, NotFound
from bot.services.scope import Actor
from bot.services.tickets import Clock
from storage.models import Area
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)

Step = BroadcastStep


class Expired(InvalidInput):
    """The press or message does not fit the dialogue (it ended, or is at another step)."""


@dataclass(frozen=True)
class Asked:
    """What the admin is asked now, with the areas to choose from at a choosing step."""

    step: Step
    choices: tuple[tuple[int, str], ...] = ()
    photo_kept: bool = False


@dataclass(frozen=True)
class Refused:
    """The message was not accepted (``building``, ``empty``, ``too long``); same step."""

    reason: str


class BroadcastDialogue:
    """Each step of the dialogue: one unit of work, the draft read and stored per chat."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], admin_ids: frozenset[int], clock: Clock
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock

    @retrying
    async def begin(self, admin_id: int) -> None:
        """/broadcast: a fresh draft, asking for the audience."""
        async with unit_of_work(self._sessions) as repos:
            await admin(repos, admin_id, self._admin_ids)
            loaded = await load(repos, admin_id)
            loaded.state = replace(loaded.state, broadcast=BroadcastDraft(Step.AUDIENCE))
            await save(repos, loaded)

    @retrying
    async def end(self, admin_id: int, *, quitting: bool = False) -> None:
        """Forget the draft (a one-line /broadcast, 取消); ``Expired`` if quitting none."""
        async with unit_of_work(self._sessions) as repos:
            loaded = await load(repos, admin_id)
            if quitting and loaded.state.broadcast is None:
                raise Expired("no dialogue")
            loaded.state = replace(loaded.state, broadcast=None)
            await save(repos, loaded)

    @retrying
    async def choose_audience(self, admin_id: int, scope: Scope) -> Asked:
        """全部 / 社区 / 网格 / 楼栋; no communities to choose from ends the dialogue."""
        async with unit_of_work(self._sessions) as repos:
            loaded, _ = await self._at(repos, admin_id, Step.AUDIENCE)
            if scope is Scope.ALL:
                return await _step(repos, loaded, BroadcastDraft(Step.TEXT, scope))
            communities = tuple(await communities_of(repos, await self._admin(repos, admin_id)))
            new = BroadcastDraft(Step.COMMUNITY, scope) if communities else None
            loaded.state = replace(loaded.state, broadcast=new)
            await save(repos, loaded)
            return Asked(Step.COMMUNITY, communities)

    @retrying
    async def choose_community(self, admin_id: int, area_id: int) -> Asked:
        """A community: done (社区), or pick one of its grids, or type a building."""
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await self._at(repos, admin_id, Step.COMMUNITY)
            code = await _area_code(repos, area_id)
            if draft.scope is Scope.GRID:
                grids = await grids_of(repos, await self._admin(repos, admin_id), area_id)
                asked = await _step(repos, loaded, replace(draft, step=Step.GRID))
                return replace(asked, choices=tuple(grids))
            step = Step.BUILDING if draft.scope is Scope.BUILDING else Step.TEXT
            return await _step(repos, loaded, replace(draft, step=step, area_code=code))

    @retrying
    async def choose_grid(self, admin_id: int, area_id: int) -> Asked:
        """A grid: now the text."""
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await self._at(repos, admin_id, Step.GRID)
            code = await _area_code(repos, area_id)
            return await _step(repos, loaded, replace(draft, step=Step.TEXT, area_code=code))

    @retrying
    async def message(
        self, admin_id: int, text: str | None, photo: str | None
    ) -> Asked | Refused | None:
        """The building's text, or the notice's text or photo (its caption is the text).

        ``None``: the sender is no longer an admin; the draft is dropped, the message is
        theirs to send as anyone would."""
        async with unit_of_work(self._sessions) as repos:
            loaded = await load(repos, admin_id)
            draft = loaded.state.broadcast
            if draft is None or draft.step not in (Step.BUILDING, Step.TEXT):
                raise Expired("no text expected")
            try:
                await self._admin(repos, admin_id)
            except Forbidden:
                loaded.state = replace(loaded.state, broadcast=None)
                await save(repos, loaded)
                log.info("chat %d: broadcast draft dropped, no longer an admin", admin_id)
                return None
            if draft.step is Step.BUILDING:
                building = (text or "").strip()
                if not building or len(building) > MAX_BUILDING:
                    return Refused("building")
                return await _step(repos, loaded, replace(draft, step=Step.TEXT, building=building))
            if photo is not None:
                draft = replace(draft, photo=photo)
                if not text:
                    return replace(await _step(repos, loaded, draft), photo_kept=True)
            try:
                checked = check_text(text or "", draft.photo)
            except InvalidInput as exc:
                await _step(repos, loaded, draft)  # a photo stays kept
                return Refused(str(exc))
            return await _step(repos, loaded, replace(draft, step=Step.RECEIPT, text=checked))

    async def finish(self, admin_id: int, needs_ack: bool) -> Draft:
        """回执 or not: the dialogue ends and its notice is drafted for the preview."""
        draft = await self._take(admin_id)
        audience = Audience(draft.scope or Scope.ALL, draft.area_code, draft.building)
        async with unit_of_work(self._sessions) as repos:
            who = await self._admin(repos, admin_id)
            text, photo, now = draft.text or "", draft.photo, self._clock()
            return await save_draft(repos, who, audience, text, photo, needs_ack, now)

    @retrying
    async def _take(self, admin_id: int) -> BroadcastDraft:
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await self._at(repos, admin_id, Step.RECEIPT)
            loaded.state = replace(loaded.state, broadcast=None)
            await save(repos, loaded)
            return draft

    async def _at(self, repos: Repos, admin_id: int, step: Step) -> tuple[Loaded, BroadcastDraft]:
        loaded = await load(repos, admin_id)
        draft = loaded.state.broadcast
        if draft is None or draft.step is not step:
            raise Expired(step.value)
        return loaded, draft

    async def _admin(self, repos: Repos, admin_id: int) -> Actor:
        return await admin(repos, admin_id, self._admin_ids)


async def _step(repos: Repos, loaded: Loaded, draft: BroadcastDraft) -> Asked:
    loaded.state = replace(loaded.state, broadcast=draft)
    await save(repos, loaded)
    return Asked(draft.step)


async def _area_code(repos: Repos, area_id: int) -> str:
    area = await repos.session.get(Area, area_id)
    if area is None:
        raise NotFound(str(area_id))
    return area.code
