"""On a resident's behalf: a worker opens a ticket for a household without Telegram.

The words are classified as a resident's would be (a confident match gives the category,
else 其他问题); the ticket belongs to the household's stand-in resident and is 签收 at once by
the worker, who is the one to tell the person how it goes (the stand-in is never messaged).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import events as ev
from bot.domain import policy
from bot.domain import tickets as lifecycle
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.errors import InvalidInput, NotFound
from bot.services.lifecycle import Who, record, state_of
from bot.services.report_types import MatcherSource
from bot.services.scope import actor
from bot.services.tickets import OTHER, intent_name
from bot.services.views import Clock
from bot.services.visit_log import open_for_household
from bot.services.visits import household_in_sight
from intents import Decision
from storage.models import ActorKind, Attachment
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
MAX_TEXT = 4000


@dataclass(frozen=True)
class OnBehalf:
    """The ticket opened for a household, and how to reach the person."""

    ticket_id: int
    household_id: int
    intent_name: str
    name: str
    phone: str | None


class OnBehalfService:
    """Tickets opened by a worker for a household (one unit of work each)."""

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

    async def open(self, telegram_id: int, household_id: int, text: str) -> OnBehalf:
        """Open (and 签收) a ticket for the household in the category its words name."""
        text = text.strip()[:MAX_TEXT]
        if not text:
            raise InvalidInput("the person's words are needed")
        match = self._intents.matcher.classify(text)
        confident = match.decision is Decision.ACT and match.intent is not None
        key = match.intent if confident and match.intent else OTHER
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            ticket_id = await open_for_household(
                repos, self._intents.catalogue, self._audiences, me, household, key, text, now,
                data={"on_behalf": household.id},
            )  # fmt: skip
            audit.record(repos, telegram_id, me.role.value, "ticket.on_behalf", ticket_id,
                         household=household.id)  # fmt: skip
            log.info(
                "ticket %d opened by %d for household %d", ticket_id, telegram_id, household.id
            )
            name = intent_name(self._intents.catalogue, key)
            return OnBehalf(ticket_id, household.id, name, household.name, household.phone)

    async def rate(self, telegram_id: int, ticket_id: int, code: str) -> bool:
        """The person's rating of a resolved ticket opened on their behalf, recorded by staff
        of its grid (marked so, and counted apart from residents' own); True if reopened."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            ticket = await repos.tickets.get(ticket_id, for_update=True)
            if ticket is None:
                raise NotFound("ticket")
            policy.require_sight(me.domain(), ticket.grid_id)
            household = await repos.households.by_proxy(ticket.resident_id)
            if household is None:
                raise NotStandIn("the resident rates this ticket themselves")
            events = lifecycle.rate(state_of(ticket), ticket.resident_id, code, now)
            who = Who(ActorKind.STAFF, telegram_id, me.name)
            for row in await record(repos, ticket, events, who, self._audiences):
                row.data = {**(row.data or {}), "rated_for_household": household.id}
            audit.record(repos, telegram_id, me.role.value, "ticket.rate_on_behalf", ticket.id,
                         household=household.id, rating=code)  # fmt: skip
            return any(isinstance(e, ev.Reopened) for e in events)

    async def add_photo(
        self, telegram_id: int, ticket_id: int, file_id: str, file_unique_id: str | None
    ) -> int:
        """A photo of the problem (a visit's finding, a /new report) on a ticket opened on a
        household's behalf, sent by staff of its grid; the household's id."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            ticket = await repos.tickets.get(ticket_id)
            if ticket is None:
                raise NotFound("ticket")
            policy.require_sight(me.domain(), ticket.grid_id)
            household = await repos.households.by_proxy(ticket.resident_id)
            if household is None:
                raise NotStandIn("the resident sends their own photos")
            repos.tickets.add_attachment(
                Attachment(
                    ticket_id=ticket.id,
                    kind="photo",
                    file_id=file_id,
                    file_unique_id=file_unique_id,
                    created_at=self._clock(),
                )
            )  # fmt: skip  (staff_id None: a photo of the problem, not of the work)
            log.info("photo added by %d to ticket %d", telegram_id, ticket.id)
            return household.id


class NotStandIn(InvalidInput):
    """The ticket belongs to a resident on Telegram: only they rate it."""
