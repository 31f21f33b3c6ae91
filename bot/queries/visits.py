"""The read side of 进百家门: today's door-knock list and visit coverage.

Today is the calendar day in the configured time zone. A household is overdue when its
visit fell due before today, due when it falls due today. Residents who have not pressed
已阅 on a recent notice with 回执 join the list under that notice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain import visits as rules
from bot.services.scope import actor
from bot.services.views import Clock
from storage.models import Area, Household, Staff
from storage.repos import Repos
from storage.uow import unit_of_work
from storage.visit_repos import unacknowledged

NOTICE_DAYS = 7
"""Notices with 回执 sent within this many days add their unacknowledged residents."""


@dataclass(frozen=True)
class Door:
    """One household on today's list."""

    household_id: int
    address: str
    name: str
    tags: tuple[str, ...]
    overdue: bool
    building: str
    place: rules.Place


@dataclass(frozen=True)
class NoticeDoor:
    """A resident to remind of a notice they have not acknowledged."""

    notice_id: int
    name: str
    address: str
    building: str


@dataclass(frozen=True)
class Today:
    """Today's door-knock list: overdue, then due, each in walking order; then notices."""

    overdue: tuple[Door, ...]
    due: tuple[Door, ...]
    notices: tuple[NoticeDoor, ...]


@dataclass(frozen=True)
class GridCoverage:
    """Visit coverage of one grid: households, due today, overdue, never visited, visits."""

    code: str
    name: str
    households: int
    due: int
    overdue: int
    never: int
    visited: int
    absent: int


@dataclass(frozen=True)
class WorkerCoverage:
    """Visits paid by one staff member in the period."""

    key: str
    name: str
    visited: int
    absent: int


@dataclass(frozen=True)
class Coverage:
    """Visit coverage for an admin's grids (or all) over a period."""

    days: int
    grids: tuple[GridCoverage, ...]
    workers: tuple[WorkerCoverage, ...]
    rated_on_behalf: tuple[tuple[str, int], ...] = ()
    """Ratings staff recorded for households (satisfied, fairly_satisfied, dissatisfied):
    counted apart, never in /stats' 满意率."""


def day_bounds(now: datetime, tz: tzinfo) -> tuple[datetime, datetime]:
    """The start of today and of tomorrow, as UTC instants."""
    today = now.astimezone(tz).date()
    start = datetime.combine(today, time.min, tzinfo=tz).astimezone(UTC)
    end = datetime.combine(today + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    return start, end


def _door(h: Household, start: datetime) -> Door:
    return Door(
        h.id,
        h.address,
        h.name,
        tuple(h.care_tags or ()),
        h.next_due_at < start,
        rules.building_label(h.address),
        rules.place(h.address),
    )


class VisitQueries:
    """Today's list for a worker; coverage for an admin or for the report."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz

    async def today(self, telegram_id: int) -> Today:
        """The households of my grids to visit today, and residents to remind of notices."""
        now = self._clock()
        start, end = day_bounds(now, self._tz)
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            doors = [_door(h, start) for h in await repos.households.due(me.grid_ids, end - _MS)]
            late = await unacknowledged(
                repos.session, me.grid_ids, now - timedelta(days=NOTICE_DAYS)
            )
        doors.sort(key=lambda d: (d.place, d.address, d.household_id))
        notices = sorted(
            (NoticeDoor(u.notice_id, u.name, u.address or "", rules.building_label(u.address or ""))
             for u in late),
            key=lambda n: (n.notice_id, rules.place(n.address), n.address),
        )  # fmt: skip
        return Today(
            tuple(d for d in doors if d.overdue),
            tuple(d for d in doors if not d.overdue),
            tuple(notices),
        )

    async def coverage_for_admin(self, telegram_id: int, days: int) -> Coverage:
        """Coverage of the grids this admin oversees over the last ``days`` days."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            return await self._coverage(repos, me.grid_ids, days)

    async def coverage(self, days: int) -> Coverage:
        """Coverage of every grid (the operators' report)."""
        async with unit_of_work(self._sessions) as repos:
            return await self._coverage(repos, None, days)

    async def _coverage(self, repos: Repos, grids: Collection[int] | None, days: int) -> Coverage:
        now = self._clock()
        start, end = day_bounds(now, self._tz)
        since = start - timedelta(days=max(days, 1) - 1)
        households = await repos.households.of_grids(grids)
        visits = await repos.households.visits_since(grids, since)
        by_grid: dict[int, list[Household]] = {}
        for h in households:
            by_grid.setdefault(h.grid_id, []).append(h)
        done = Counter((g, v.outcome) for v, g in visits)
        per_worker = Counter((v.staff_id, v.outcome) for v, _ in visits)
        names = await _names(repos.session, set(by_grid) | {g for _, g in visits})
        rows = [
            GridCoverage(
                *names.get(g, (str(g), str(g))),
                len(hs),
                sum(1 for h in hs if start <= h.next_due_at < end),
                sum(1 for h in hs if h.next_due_at < start),
                sum(1 for h in hs if h.last_visit_at is None),
                done[(g, rules.Outcome.VISITED.value)],
                done[(g, rules.Outcome.ABSENT.value)],
            )
            for g, hs in sorted(by_grid.items())
        ]
        staff = await _staff_names(repos.session, {s for s, _ in per_worker if s is not None})
        workers = [
            WorkerCoverage(
                str(s) if s is not None else "-",
                staff.get(s, "?") if s is not None else "?",
                per_worker[(s, rules.Outcome.VISITED.value)],
                per_worker[(s, rules.Outcome.ABSENT.value)],
            )
            for s in sorted({s for s, _ in per_worker}, key=lambda s: s or 0)
        ]
        rated = await repos.households.ratings_on_behalf(grids, since)
        kinds = ("satisfied", "fairly_satisfied", "dissatisfied")
        on_behalf = tuple((k, rated.get(k, 0)) for k in kinds) if rated else ()
        return Coverage(days, tuple(rows), tuple(workers), on_behalf)


_MS = timedelta(microseconds=1)


async def _names(session: AsyncSession, ids: set[int]) -> dict[int, tuple[str, str]]:
    return {i: (a.code, a.name) for i in ids if (a := await session.get(Area, i)) is not None}


async def _staff_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    found = {i: await session.get(Staff, i) for i in ids}
    return {i: (s.name or str(s.telegram_id)) for i, s in found.items() if s is not None}
