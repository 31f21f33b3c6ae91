"""The /new dialogue: a worker reports on a household's behalf step by step — a recent
household of their grids or a new address (address, name, phone), then the category, then
the person's words (or a photo with the words as its caption).

The draft lives in the chat's stored conversation, so any process continues it. A step that
does not fit the stored draft (an old button, a dialogue ended or restarted) raises
``Expired``. Filing is one unit of work: the new household (if any), the ticket on its
behalf (签收 by the worker, as ``/new N 文字``) and the photo.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.conversation import OnBehalfDraft, OnBehalfStep
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.conversation import Loaded, load, retrying, save
from bot.services.errors import InvalidInput
from bot.services.on_behalf import MAX_TEXT, OnBehalf
from bot.services.report_types import MatcherSource
from bot.services.scope import Actor, actor
from bot.services.tickets import OTHER, intent_name
from bot.services.views import Clock
from bot.services.visit_log import open_for_household
from bot.services.visits import MAX_FIELD, household_in_sight, new_household
from storage.models import AreaLevel, Attachment, Household
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
Step = OnBehalfStep
RECENT = 8
"""Households offered as buttons (the most recently visited or recorded)."""
GRIDS = 6
"""Grids offered for a new address."""
PHONE = re.compile(r"^\+?[\d\- ]{5,20}$")


class Expired(InvalidInput):
    """The press or message does not fit the dialogue (it ended, or is at another step)."""


@dataclass(frozen=True)
class Photo:
    """A photo sent with the person's words (Telegram file ids)."""

    file_id: str
    file_unique_id: str | None = None


@dataclass(frozen=True)
class Asked:
    """What the worker is asked now, with the buttons' choices at a choosing step."""

    step: Step
    households: tuple[tuple[int, str, str], ...] = ()
    """(id, address, name) of recent households of the worker's grids."""
    grids: tuple[tuple[int, str], ...] = ()
    """(id, name) of the grids a new address may be in."""
    categories: tuple[tuple[str, str], ...] = ()
    """(key, name) of the ten categories and 其他问题."""


@dataclass(frozen=True)
class Refused:
    """The message was not taken (``empty``, ``phone``, ``words``); the same step again."""

    reason: str


class OnBehalfDialogue:
    """Each step of the /new dialogue: one unit of work, the draft read and stored per chat."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        intents: MatcherSource,
        audiences: Audiences,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._intents = intents
        self._audiences = audiences
        self._clock = clock

    @retrying
    async def begin(self, telegram_id: int) -> Asked:
        """/new: a fresh draft, offering recent households and a new address per grid."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            loaded = await load(repos, telegram_id)
            loaded.state = replace(loaded.state, on_behalf=OnBehalfDraft(Step.HOUSEHOLD))
            await save(repos, loaded)
            return Asked(Step.HOUSEHOLD, await _recent(repos, me), await _grids(repos, me))

    @retrying
    async def end(self, telegram_id: int, *, quitting: bool = False) -> None:
        """Forget the draft (取消, a one-line /new); ``Expired`` if quitting none."""
        async with unit_of_work(self._sessions) as repos:
            loaded = await load(repos, telegram_id)
            if quitting and loaded.state.on_behalf is None:
                raise Expired("no dialogue")
            loaded.state = replace(loaded.state, on_behalf=None)
            await save(repos, loaded)

    @retrying
    async def household(self, telegram_id: int, household_id: int) -> Asked:
        """A known household: now the category."""
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await _at(repos, telegram_id, Step.HOUSEHOLD)
            me = await actor(repos, telegram_id, self._admin_ids)
            await household_in_sight(repos, me, household_id)
            new = replace(draft, step=Step.CATEGORY, household_id=household_id)
            return await self._step(repos, loaded, new)

    @retrying
    async def new_address(self, telegram_id: int, grid_id: int) -> Asked:
        """新地址 in one of my grids: now the address."""
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await _at(repos, telegram_id, Step.HOUSEHOLD)
            me = await actor(repos, telegram_id, self._admin_ids)
            if grid_id not in dict(await _grids(repos, me)):
                raise Expired("not a grid of mine")
            return await self._step(repos, loaded, replace(draft, step=Step.ADDRESS,
                                                           grid_id=grid_id))  # fmt: skip

    @retrying
    async def no_phone(self, telegram_id: int) -> Asked:
        """没有电话: now the category."""
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await _at(repos, telegram_id, Step.PHONE)
            return await self._step(repos, loaded, replace(draft, step=Step.CATEGORY))

    @retrying
    async def category(self, telegram_id: int, key: str) -> Asked:
        """One of the ten categories (or 其他问题): now the person's words."""
        if key != OTHER and key not in self._intents.catalogue.keys:
            raise Expired("not a category")
        async with unit_of_work(self._sessions) as repos:
            loaded, draft = await _at(repos, telegram_id, Step.CATEGORY)
            new = replace(draft, step=Step.TEXT, category=key)
            return await self._step(repos, loaded, new)

    @retrying
    async def message(
        self, telegram_id: int, text: str | None, photo: Photo | None = None
    ) -> Asked | Refused | OnBehalf | None:
        """The address, name, phone or the words (and a photo) at a typed step; None when
        the chat's dialogue does not take messages now (the sender handles it as any)."""
        async with unit_of_work(self._sessions) as repos:
            loaded = await load(repos, telegram_id)
            draft = loaded.state.on_behalf
            if draft is None or draft.step not in (Step.ADDRESS, Step.NAME, Step.PHONE, Step.TEXT):
                return None
            words = (text or "").strip()
            if not words:
                return Refused("words" if photo is not None else "empty")
            if draft.step is Step.TEXT:
                return await self._file(repos, loaded, draft, words[:MAX_TEXT], photo)
            if draft.step is Step.ADDRESS:
                new = replace(draft, step=Step.NAME, address=words[:MAX_FIELD])
            elif draft.step is Step.NAME:
                new = replace(draft, step=Step.PHONE, name=words[:100])
            elif not PHONE.match(words):
                return Refused("phone")
            else:
                new = replace(draft, step=Step.CATEGORY, phone=words)
            return await self._step(repos, loaded, new)

    async def _step(self, repos: Repos, loaded: Loaded, draft: OnBehalfDraft) -> Asked:
        loaded.state = replace(loaded.state, on_behalf=draft)
        await save(repos, loaded)
        if draft.step is not Step.CATEGORY:
            return Asked(draft.step)
        catalogue = self._intents.catalogue
        keys = (*catalogue.keys, OTHER)
        return Asked(Step.CATEGORY, categories=tuple((k, intent_name(catalogue, k)) for k in keys))

    async def _file(
        self, repos: Repos, loaded: Loaded, draft: OnBehalfDraft, text: str, photo: Photo | None
    ) -> OnBehalf:
        """The ticket on the household's behalf (a new household first), with the photo."""
        now = self._clock()
        me = await actor(repos, loaded.read.chat_id, self._admin_ids)
        household = await _household(repos, me, draft, now)
        key = draft.category or OTHER
        ticket_id = await open_for_household(
            repos, self._intents.catalogue, self._audiences, me, household, key, text, now,
            data={"on_behalf": household.id},
        )  # fmt: skip
        if photo is not None:
            repos.tickets.add_attachment(
                Attachment(ticket_id=ticket_id, kind="photo", file_id=photo.file_id,
                           file_unique_id=photo.file_unique_id, created_at=now)
            )  # fmt: skip
        audit.record(repos, me.staff.telegram_id, me.role.value, "ticket.on_behalf", ticket_id,
                     household=household.id)  # fmt: skip
        log.info("ticket %d opened by %d for household %d (dialogue)", ticket_id,
                 me.staff.telegram_id, household.id)  # fmt: skip
        loaded.state = replace(loaded.state, on_behalf=None)
        await save(repos, loaded)
        name = intent_name(self._intents.catalogue, key)
        return OnBehalf(ticket_id, household.id, name, household.name, household.phone)


async def _at(repos: Repos, telegram_id: int, step: Step) -> tuple[Loaded, OnBehalfDraft]:
    """The chat's draft, which must be at ``step``."""
    loaded = await load(repos, telegram_id)
    draft = loaded.state.on_behalf
    if draft is None or draft.step is not step:
        raise Expired(f"not at {step}")
    return loaded, draft


async def _household(repos: Repos, me: Actor, draft: OnBehalfDraft, now: datetime) -> Household:
    """The household chosen, or the new one recorded now."""
    if draft.household_id is not None:
        return await household_in_sight(repos, me, draft.household_id)
    if draft.grid_id is None or draft.address is None or draft.name is None:
        raise Expired("the new household is incomplete")
    return await new_household(
        repos, me, draft.grid_id, draft.address, draft.name, draft.phone, now
    )


async def _recent(repos: Repos, me: Actor) -> tuple[tuple[int, str, str], ...]:
    """The households of my grids most recently visited or recorded."""
    found = list(await repos.households.of_grids(me.grid_ids))
    found.sort(key=lambda h: (h.last_visit_at or h.created_at, h.id), reverse=True)
    return tuple((h.id, h.address, h.name) for h in found[:RECENT])


async def _grids(repos: Repos, me: Actor) -> tuple[tuple[int, str], ...]:
    """The grids a new address may be in (mine; every grid for an admin over all)."""
    if me.grid_ids is None:
        areas = list(await repos.areas.by_level(AreaLevel.GRID))
    else:
        areas = [a for g in sorted(me.grid_ids) if (a := await repos.areas.get(g)) is not None]
    grids = [a for a in areas if a.level in (AreaLevel.GRID, AreaLevel.MICRO_GRID)]
    return tuple((a.id, a.name) for a in grids[:GRIDS])
