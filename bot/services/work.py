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
from bot.domain import pause, policy, review
from bot.domain import tickets as lifecycle
from bot.domain.errors import AlreadyOwned, Forbidden, NotFound
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.checks import check_of
from bot.services.lifecycle import Who, record, state_of
from bot.services.pause import Resumer
from bot.services.scope import Actor, actor, communities_of, community_of
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
        checked: frozenset[str] = frozenset(),
        resumer: Resumer | None = None,
    ) -> None:
        self._sessions = sessions
        self._audiences = audiences
        self._admin_ids = admin_ids
        self._clock = clock
        self._checked = checked
        """Categories whose 办结 needs 核查 (issue 14)."""
        self._resumer = resumer
        """Moves the deadlines on when an action ends a pause (待居民补充)."""

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

    async def ask(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """A question to the resident marked 待居民补充: the time limits pause till they answer."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "ask", lambda t, me: pause.ask(t, me.domain(), text, now)
        )

    async def wait_for_resident(self, telegram_id: int, ticket_id: int) -> Done:
        """Mark the ticket 待居民补充 after a reply (the button under it); "noop" if it is."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "wait",
            lambda t, me: pause.mark_waiting(t, me.domain(), now),
        )  # fmt: skip

    async def note(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """An internal note, never shown to the resident."""
        now = self._clock()
        return await self._act(
            telegram_id, ticket_id, "note", lambda t, me: lifecycle.note(t, me.domain(), text, now)
        )

    async def resolve(self, telegram_id: int, ticket_id: int, text: str) -> Done:
        """办结 with what was done; the resident is asked to rate. For a category that needs
        核查 it waits for a photo (``detail`` "evidence"), then for the check ("verifying")."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            check = await check_of(repos, ticket_id, self._checked)
            done = await self._run(
                repos, telegram_id, ticket_id, "resolve",
                lambda t, me: review.resolve(t, me.domain(), text, now, check),
            )  # fmt: skip
        if not check.needed:
            return done
        return Done(ticket_id, "verifying" if check.has_evidence else "evidence")

    async def transfer(self, telegram_id: int, ticket_id: int, grid_code: str, reason: str) -> Done:
        """转派 to another grid inside the actor's scope: its workers are notified; recorded."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            area = await repos.areas.by_code(grid_code)
            if area is None or area.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
                raise NotFound(grid_code)
            me = await actor(repos, telegram_id, self._admin_ids)
            target = await _target(repos, me, area.id)
            await self._run(
                repos, telegram_id, ticket_id, "transfer",
                lambda t, me: lifecycle.transfer(t, me.domain(), target, reason, now),
                to=grid_code,
            )  # fmt: skip
            return Done(ticket_id, area.name)

    async def grids_for_transfer(self, telegram_id: int, ticket_id: int) -> list[tuple[str, str]]:
        """Other grids of the ticket's community inside the actor's scope, as (code, name)."""
        async with unit_of_work(self._sessions) as repos:
            me, ticket = await self._ticket(repos, telegram_id, ticket_id)
            state = state_of(ticket)
            owner = state.owner_id if state.status is lifecycle.Status.ACCEPTED else None
            try:  # 首问负责: others are told who owns it before any choice is shown
                policy.require_owner_or_admin(me.domain(), ticket.id, owner, state.grid_id)
            except AlreadyOwned as exc:
                raise await _taken(repos, exc) from exc
            grid = await repos.areas.get(ticket.grid_id) if ticket.grid_id else None
            if grid is None or grid.parent_id is None:
                return []
            choices = []
            for a in await repos.areas.children(grid.parent_id):
                target = await _target(repos, me, a.id)
                if a.id != grid.id and _allowed(me, target):
                    choices.append((a.code, a.name))
            return choices

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
            raise await _taken(repos, exc) from exc
        if not events:
            return Done(ticket.id, "noop")
        if self._resumer is not None:
            events = self._resumer.ended(ticket, events)
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


async def _taken(repos: Repos, exc: AlreadyOwned) -> AlreadyTaken:
    """The refusal naming the owner (首问负责)."""
    owner = await repos.session.get(Staff, exc.owner_id)
    return AlreadyTaken(exc.ticket_id, exc.owner_id, owner.name if owner else "")


async def _target(repos: Repos, me: Actor, grid_id: int) -> lifecycle.Target:
    """A transfer target as plain data: the grid, its community, the actor's communities."""
    own = await communities_of(repos, me.grid_ids or ())
    return lifecycle.Target(grid_id, await community_of(repos, grid_id), own)


def _allowed(me: Actor, target: lifecycle.Target) -> bool:
    try:
        policy.require_may_transfer_to(
            me.domain(), target.grid_id, target.community_id, target.own_communities
        )
    except Forbidden:
        return False
    return True


async def _follow(repos: Repos, ticket: Ticket) -> None:
    """After a staff reply, the resident's next message goes to this ticket."""
    resident = await repos.session.get(Resident, ticket.resident_id)
    if resident is not None:
        resident.active_ticket_id = ticket.id
