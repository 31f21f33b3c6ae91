"""进百家门: households and their care groups, recorded by the staff of their grid.

Every call is one unit of work; whoever acts must cover the household's grid (the policy's
``require_household_sight``): a worker of another grid is told nothing exists.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import policy
from bot.domain import visits as rules
from bot.domain.visits import VisitPlan
from bot.services import audit
from bot.services.errors import InvalidInput, NotFound
from bot.services.household_file import (
    HouseholdImport,
    import_households,
    parse_households,
)
from bot.services.scope import Actor, actor
from bot.services.views import Clock
from storage.models import AreaLevel, Household
from storage.repos import Repos
from storage.uow import unit_of_work

log = logging.getLogger(__name__)
__all__ = [
    "HouseholdCard",
    "HouseholdService",
    "VisitPlan",
    "card",
    "household_in_sight",
    "new_household",
]
MAX_FIELD = 200


@dataclass(frozen=True)
class HouseholdCard:
    """What staff see of a household."""

    id: int
    grid: str
    address: str
    name: str
    phone: str | None
    notes: str
    tags: tuple[str, ...]
    consented: bool
    next_due: datetime
    last_visit: datetime | None


async def household_in_sight(repos: Repos, me: Actor, household_id: int) -> Household:
    """The household, locked, if the actor covers its grid; NotFound otherwise."""
    household = await repos.households.for_update(household_id)
    if household is None:
        raise NotFound("household")
    policy.require_household_sight(me.domain(), household.grid_id)
    return household


async def new_household(
    repos: Repos,
    me: Actor,
    grid_id: int,
    address: str,
    name: str,
    phone: str | None,
    now: datetime,
) -> Household:
    """A new household of a grid the actor covers, due for a first visit now (audited)."""
    address, name = address.strip()[:MAX_FIELD], name.strip()[:100]
    if not address or not name:
        raise InvalidInput("address and name are needed")
    grid = await repos.areas.get(grid_id)
    if grid is None or grid.level not in (AreaLevel.GRID, AreaLevel.MICRO_GRID):
        raise NotFound(grid.code if grid else str(grid_id))
    policy.require_household_sight(me.domain(), grid.id)
    household = Household(
        grid_id=grid.id,
        address=address,
        name=name,
        phone=(phone or "").strip()[:32] or None,
        notes="",
        care_tags=[],
        created_by=me.staff.id,
        created_at=now,
        next_due_at=now,
    )
    repos.households.add(household)
    await repos.households.flush()
    audit.record(repos, me.staff.telegram_id, me.role.value, "household.add",
                 household=household.id)  # fmt: skip
    log.info("household %d added to grid %d by %d", household.id, grid.id, me.staff.telegram_id)
    return household


async def card(repos: Repos, household: Household) -> HouseholdCard:
    """The household as staff see it."""
    grid = await repos.areas.get(household.grid_id)
    return HouseholdCard(
        household.id,
        grid.name if grid else "",
        household.address,
        household.name,
        household.phone,
        household.notes,
        tuple(household.care_tags or ()),
        household.consent_at is not None,
        household.next_due_at,
        household.last_visit_at,
    )


class HouseholdService:
    """Recording households, consent and care groups."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        plan: VisitPlan,
        clock: Clock,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self.plan = plan
        self._clock = clock

    async def add(
        self, telegram_id: int, grid_code: str, address: str, name: str, phone: str | None
    ) -> HouseholdCard:
        """A new household of a grid the actor covers, due for a first visit now."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            grid = await repos.areas.by_code(grid_code)
            if grid is None:
                raise NotFound(grid_code)
            household = await new_household(repos, me, grid.id, address, name, phone, now)
            return await card(repos, household)

    async def show(self, telegram_id: int, household_id: int) -> HouseholdCard:
        """One household, for staff who cover its grid."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            return await card(repos, await household_in_sight(repos, me, household_id))

    async def consent(self, telegram_id: int, household_id: int) -> HouseholdCard:
        """Record (or withdraw) the person's consent; withdrawing removes the care groups."""
        now = self._clock()
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            if household.consent_at is None:
                household.consent_at, household.consent_by = now, me.staff.id
                action = "household.consent"
            else:
                household.consent_at, household.consent_by = None, None
                household.care_tags = []
                action = "household.consent_withdrawn"
            audit.record(repos, telegram_id, me.role.value, action, household=household.id)
            return await card(repos, household)

    async def toggle_tag(self, telegram_id: int, household_id: int, tag: str) -> HouseholdCard:
        """Add or remove a care group (only with consent); the next visit follows the plan."""
        if tag not in self.plan.care_days:
            raise InvalidInput("unknown care group")
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            tags = list(household.care_tags or [])
            tags = [t for t in tags if t != tag] if tag in tags else [*tags, tag]
            rules.require_consent(household.consent_at is not None, tags)
            household.care_tags = [t for t in self.plan.care_days if t in tags]
            since = household.last_visit_at or household.created_at
            household.next_due_at = min(
                household.next_due_at, since + self.plan.every(household.care_tags)
            )
            audit.record(
                repos, telegram_id, me.role.value, "household.tags", household=household.id
            )
            return await card(repos, household)

    def check_file(self, path: Path) -> int:
        """Validate the file's ``households:`` before anything is imported; how many."""
        return len(parse_households(path, self.plan))

    async def import_file(self, path: Path) -> HouseholdImport:
        """The areas file's ``households:`` (a demo or a first survey), idempotently."""
        return await import_households(self._sessions, path, self.plan, self._clock)

    async def note(self, telegram_id: int, household_id: int, text: str) -> HouseholdCard:
        """Replace the household's notes."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            household = await household_in_sight(repos, me, household_id)
            household.notes = text.strip()[:1000]
            audit.record(
                repos, telegram_id, me.role.value, "household.note", household=household.id
            )
            return await card(repos, household)
