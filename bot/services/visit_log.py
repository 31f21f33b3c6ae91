"""A knock on the door: 已走访 with the checklist, or 不在家; findings open tickets.

A problem found on a visit opens a ticket on the household's behalf, in the category the
checklist names, owned (签收) by the visiting worker at once. Its resident is the
household's stand-in: a resident row that is never messaged (its Telegram id is negative)
and is erased with the household.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import tickets as lifecycle
from bot.domain import visits as rules
from bot.services import audit
from bot.services.audience import Audiences
from bot.services.lifecycle import Who, record, state_of
from bot.services.scope import Actor, actor
from bot.services.tickets import open_ticket
from bot.services.views import Clock
from bot.services.visits import VisitPlan, household_in_sight
from intents import Catalogue
from storage.models import ActorKind, Household, Resident, Visit
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
PROXY_BASE = 1 << 40
"""Stand-in residents have Telegram id ``-(PROXY_BASE + household id)``: never a real chat."""
REPEAT_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Finding:
    """A problem found on a visit and the ticket it opened."""

    check: rules.Check
    ticket_id: int


@dataclass(frozen=True)
class VisitDone:
    """What a knock on the door recorded."""

    household_id: int
    address: str
    outcome: rules.Outcome
    at: datetime
    next_due: datetime
    findings: tuple[Finding, ...] = ()
    repeated: bool = False


class VisitLog:
    """Recording visits (one unit of work each)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        plan: VisitPlan,
        catalogue: Catalogue,
        audiences: Audiences,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._plan = plan
        self._catalogue = catalogue
        self._audiences = audiences
        self._clock = clock

    async def visited(
        self, telegram_id: int, household_id: int, mask: int, words: Mapping[rules.Check, str]
    ) -> VisitDone:
        """已走访 with the checklist's problems in ``mask``: recorded, tickets opened, each
        with the finding's ``words`` (given by the caller, which owns every text)."""
        return await self._knock(telegram_id, household_id, rules.Outcome.VISITED, mask, words)

    async def absent(self, telegram_id: int, household_id: int) -> VisitDone:
        """不在家: recorded; the household is due again tomorrow."""
        return await self._knock(telegram_id, household_id, rules.Outcome.ABSENT, 0, {})

    async def _knock(
        self,
        telegram_id: int,
        household_id: int,
        outcome: rules.Outcome,
        mask: int,
        words: Mapping[rules.Check, str],
    ) -> VisitDone:
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            last = await repos.households.last_visit(household.id)
            if _same_press(last, me, outcome, mask, now):
                assert last is not None
                return _done(household, last, repeated=True)
            visit = Visit(
                household_id=household.id,
                staff_id=me.staff.id,
                at=now,
                outcome=outcome.value,
                problems=mask & rules.ALL_CHECKS,
                tickets=[],
            )
            findings = [
                Finding(check, await self._open(repos, me, household, check, words, now))
                for check in rules.problems(mask)
            ]
            visit.tickets = [f.ticket_id for f in findings]
            repos.households.add_visit(visit)
            every = self._plan.every(list(household.care_tags or []))
            household.next_due_at = rules.next_due(outcome, now, every)
            household.escalated_at = None
            if outcome is rules.Outcome.VISITED:
                household.last_visit_at = now
            audit.record(
                repos, telegram_id, me.role.value, f"visit.{outcome.value}",
                household=household.id, tickets=len(findings),
            )  # fmt: skip
            log.info("visit to household %d by %d: %s", household.id, telegram_id, outcome)
            return _done(household, visit, findings=tuple(findings))

    async def _open(
        self,
        repos: Repos,
        me: Actor,
        household: Household,
        check: rules.Check,
        words: Mapping[rules.Check, str],
        now: datetime,
    ) -> int:
        """A ticket for one finding, on the household's behalf, owned by the visitor."""
        text = f"{words.get(check, check.name)}（{household.address}）"
        return await open_for_household(
            repos, self._catalogue, self._audiences, me, household, rules.CATEGORY[check], text,
            now, data={"visit": household.id},
        )  # fmt: skip


async def open_for_household(
    repos: Repos,
    catalogue: Catalogue,
    audiences: Audiences,
    me: Actor,
    household: Household,
    key: str,
    text: str,
    now: datetime,
    data: dict[str, Any],
) -> int:
    """A ticket on the household's behalf (its stand-in resident), 签收 by ``me``; its id."""
    proxy = await stand_in(repos, household)
    ticket = await open_ticket(repos, catalogue, proxy, key, text, now, data=data)
    proxy.active_ticket_id = None
    events = lifecycle.take(state_of(ticket), me.domain(), now)
    await record(repos, ticket, events, Who(ActorKind.STAFF, me.staff.telegram_id, me.name),
                 audiences)  # fmt: skip
    return ticket.id


async def stand_in(repos: Repos, household: Household) -> Resident:
    """The household's stand-in resident (made on first use): never messaged."""
    if household.proxy_resident_id is not None:
        found = await repos.session.get(Resident, household.proxy_resident_id)
        if found is not None:
            return found
    proxy = Resident(
        telegram_id=-(PROXY_BASE + household.id),
        display_name=household.name,
        grid_id=household.grid_id,
        address=household.address,
        phone=household.phone,
        registered=False,
        blocked=True,
    )
    repos.residents.add(proxy)
    await repos.households.flush()
    household.proxy_resident_id = proxy.id
    return proxy


def _same_press(
    last: Visit | None, me: Actor, outcome: rules.Outcome, mask: int, now: datetime
) -> bool:
    """A second press of the same buttons by the same worker within minutes: recorded once."""
    return (
        last is not None
        and last.staff_id == me.staff.id
        and last.outcome == outcome.value
        and last.problems == mask
        and now - last.at < REPEAT_WINDOW
    )


def _done(
    household: Household, visit: Visit, findings: tuple[Finding, ...] = (), repeated: bool = False
) -> VisitDone:
    if repeated:
        findings = tuple(
            Finding(c, t)
            for c, t in zip(rules.problems(visit.problems), visit.tickets, strict=False)
        )
    return VisitDone(
        household.id,
        household.address,
        rules.Outcome(visit.outcome),
        visit.at,
        household.next_due_at,
        findings,
        repeated,
    )
