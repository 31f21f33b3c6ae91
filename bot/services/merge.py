"""并单: staff close a duplicate ticket as merged into another; its resident and followers
follow the surviving ticket and are told; the surviving ticket counts the households."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import events as ev
from bot.domain import metoo
from bot.domain import tickets as lifecycle
from bot.domain.errors import AlreadyOwned, NotFound
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.lifecycle import Who, record, state_of
from bot.services.metoo import DEFAULT_THRESHOLD, count_households, follow
from bot.services.scope import actor
from bot.services.views import Clock
from bot.services.work import AlreadyTaken
from storage.follower_repo import FollowerRepo
from storage.models import ActorKind, Staff, Ticket
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeDone:
    """``ticket`` is closed as merged into ``into``, which speaks for ``households`` now."""

    ticket: int
    into: int
    households: int
    moved: int


class MergeService:
    """/merge A B for workers and admins with authority over both tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        audiences: Audiences,
        admin_ids: frozenset[int],
        clock: Clock,
        threshold: int = DEFAULT_THRESHOLD,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._admin_ids = admin_ids
        self._clock = clock
        self._threshold = threshold

    async def merge(self, telegram_id: int, ticket_id: int, into_id: int) -> MergeDone:
        """Close ``ticket_id`` as merged into ``into_id``; move its people over."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            ticket, into = await _pair(repos, ticket_id, into_id)
            if not me.covers(ticket.grid_id) or not me.covers(into.grid_id):
                raise NotFound("ticket")
            try:
                events = lifecycle.merge(state_of(ticket), state_of(into), me.domain(), now)
            except AlreadyOwned as exc:
                owner = await repos.session.get(Staff, exc.owner_id)
                name = owner.name if owner else ""
                raise AlreadyTaken(exc.ticket_id, exc.owner_id, name) from exc
            who = Who(ActorKind.STAFF, telegram_id, me.name)
            await record(repos, ticket, events, who, self._audiences)
            moved = await _move_people(repos, ticket, into, now)
            n = await count_households(repos, into)
            into.priority = metoo.raised_priority(into.priority, n, self._threshold)
            await record(repos, into, [ev.MeToo(into.id, now, n)], who, self._audiences)
            audit.record(repos, telegram_id, me.role.value, "merge", ticket.id, into=into.id)
        log.info("ticket %d merged into %d (%d households)", ticket_id, into_id, n)
        return MergeDone(ticket_id, into_id, n, moved)


async def _pair(repos: Repos, ticket_id: int, into_id: int) -> tuple[Ticket, Ticket]:
    """Both tickets, locked in id order (two merges at once never deadlock)."""
    rows: dict[int, Ticket] = {}
    for tid in sorted({ticket_id, into_id}):
        found = await repos.tickets.get(tid, for_update=True)
        if found is None:
            raise NotFound("ticket")
        rows[tid] = found
    return rows[ticket_id], rows[into_id]


async def _move_people(repos: Repos, ticket: Ticket, into: Ticket, now: datetime) -> int:
    """The merged ticket's resident and followers follow the surviving one; how many moved."""
    follows, moved = FollowerRepo(repos.session), 0
    for follower in await follows.of_ticket(ticket.id):
        taken = follower.resident_id == into.resident_id
        if not taken and await follows.get(into.id, follower.resident_id) is None:
            follower.ticket_id, follower.via = into.id, "merged"
            moved += 1
    if await follow(repos, into, ticket.resident_id, "merged", now) is not None:
        moved += 1
    return moved
