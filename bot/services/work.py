"""What grid workers and admins do with tickets: take, reply, note, resolve, transfer.

Each action is one unit of work: load the ticket and the actor, ask the domain's state
machine (which checks the actor's right), record the events it returns (row, history,
notifications as data) and the audit entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import events as ev
from bot.domain import tickets as lifecycle
from bot.domain.errors import AlreadyOwned, NotFound
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.lifecycle import Who, record, state_of
from bot.services.scope import Actor, actor
from bot.services.views import Clock
from storage.models import ActorKind, AreaLevel, Resident, Staff, Ticket
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)


class AlreadyTaken(AlreadyOwned):
    """Another worker owns the ticket (首问负责); ``owner`` is their name."""

    def __init__(self, ticket_id: int, owner_id: int, owner: str) -> None:
        super().__init__(ticket_id, owner_id)
        self.owner = owner


@dataclass(frozen=True)
class Done:
    """The result of an action on a ticket."""

    ticket_id: int
    detail: str = ""


Transition = Callable[[lifecycle.TicketState, Actor], list[ev.Event]]


class WorkService:
    """Grid workers' and admins' actions on tickets."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        audiences: Audiences,
        admin_ids: frozenset[int],
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._admin_ids = admin_ids
        self._clock = clock

    async def take(self, telegram_id: int, ticket_id: int) -> Done:
        """签收: the ticket becomes mine; a second taker is told who has it."""
        now = self._clock()
        done = await self._act(
            telegram_id, ticket_id, "take", lambda t, me: lifecycle.take(t, me.domain(), now)
        )
        return done if done.detail != "noop" else Done(ticket_id, "mine")

    async def reply(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """A message to the resident as coming from 网格员<name>; stored."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "reply",
            lambda t, me: lifecycle.reply(t, me.domain(), text, now),
        )  # fmt: skip

    async def note(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """An internal note, never shown to the resident."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "note", lambda t, me: lifecycle.note(t, me.domain(), text, now)
        )

    async def resolve(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """办结 with what was done; the resident is asked to rate."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "resolve",
            lambda t, me: lifecycle.resolve(t, me.domain(), text, now),
        )  # fmt: skip

    async def transfer(self, telegram_id: int, ticket_id: int, grid_code: str, reason: str) -> Done:
        """转派 to another grid: its workers are notified; recorded."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            target = await repos.areas.by_code(grid_code)
            if target is None or target.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise NotFound(grid_code)
            await self._run(
                repos, telegram_id, ticket_id, "transfer",
                lambda t, me: lifecycle.transfer(t, me.domain(), target.id, reason, now),
                to=grid_code,
            )  # fmt: skip
            return Done(ticket_id, target.name)

    async def grids_for_transfer(self, telegram_id: int, ticket_id: int) -> list[tuple[str, str]]:
        """Other grids of the ticket's community, as (code, name) choices."""
        async with unit_of_work(self._sessions) as repos:
            _, ticket = await self._ticket(repos, telegram_id, ticket_id)
            grid = await repos.areas.get(ticket.grid_id) if ticket.grid_id else None
            if grid is None or grid.parent_id is None:
                return []
            siblings = await repos.areas.children(grid.parent_id)
            return [(a.code, a.name) for a in siblings if a.id != grid.id]

    async def _act(self, telegram_id: int, ticket_id: int, action: str, step: Transition) -> Done:
        async with unit_of_work(self._sessions) as repos:
            return await self._run(repos, telegram_id, ticket_id, action, step)

    async def _run(
        self,
        repos: Repos,
        telegram_id: int,
        ticket_id: int,
        action: str,
        step: Transition,
        **detail: object,
    ) -> Done:
        me, ticket = await self._ticket(repos, telegram_id, ticket_id, lock=True)
        try:
            events = step(state_of(ticket), me)
        except AlreadyOwned as exc:
            owner = await repos.session.get(Staff, exc.owner_id)
            raise AlreadyTaken(ticket.id, exc.owner_id, owner.name if owner else "") from exc
        if not events:
            return Done(ticket.id, "noop")
        who = Who(ActorKind.STAFF, telegram_id, me.name)
        await record(repos, ticket, events, who, self._audiences)
        if any(isinstance(e, ev.Replied) for e in events):
            await _follow(repos, ticket)
        audit.record(repos, telegram_id, me.role.value, action, ticket.id, **detail)
        return Done(ticket.id)

    async def _ticket(
        self, repos: Repos, telegram_id: int, ticket_id: int, lock: bool = False
    ) -> tuple[Actor, Ticket]:
        me = await actor(repos, telegram_id, self._admin_ids)
        ticket = await repos.tickets.get(ticket_id, for_update=lock)
        if ticket is None or not me.covers(ticket.grid_id):
            raise NotFound("ticket")
        return me, ticket


async def _follow(repos: Repos, ticket: Ticket) -> None:
    """After a staff reply, the resident's next message goes to this ticket."""
    resident = await repos.session.get(Resident, ticket.resident_id)
    if resident is not None:
        resident.active_ticket_id = ticket.id
