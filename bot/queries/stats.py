"""Statistics for admins (/stats) and operators (``gridbot report``): one place computes them.

Every figure is about the tickets *created* in the last ``days`` calendar days (today
included, in the configured time zone) within the grids an admin oversees, except
``overdue``, which counts the open tickets past their current deadline right now.
Counts are aggregated in the database; the two medians are taken in Python over the
selected durations.
"""

from __future__ import annotations

import logging
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import QueryableAttribute

from bot.services.lifecycle import deadline_of
from bot.services.scope import actor
from bot.services.tickets import intent_name
from bot.services.views import Clock
from intents import Catalogue
from storage.models import OPEN_STATUSES, Area, InfoRequest, Resident, Ticket, TicketStatus
from storage.repos import Repos
from storage.uow import unit_of_work
from storage.visit_repos import STAND_INS

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30
MAX_DAYS = 366
SATISFIED = ("satisfied", "fairly_satisfied")
S = TypeVar("S", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class Count:
    """One labelled count: an intent, a grid, a status. ``name`` None = no grid."""

    key: str
    name: str | None
    count: int


@dataclass(frozen=True)
class Ratings:
    """回访 results: real ratings by kind, and 默认满意 (closed unrated) apart."""

    satisfied: int = 0
    fairly_satisfied: int = 0
    dissatisfied: int = 0
    default: int = 0

    @property
    def real(self) -> int:
        """Ratings residents actually gave."""
        return self.satisfied + self.fairly_satisfied + self.dissatisfied

    @property
    def satisfaction(self) -> float | None:
        """满意率: (满意 + 基本满意) / real ratings; None without any."""
        return (self.satisfied + self.fairly_satisfied) / self.real if self.real else None


@dataclass(frozen=True)
class SelfService:
    """Self-service answers for info intents: solved, escalated to a ticket, no answer."""

    solved: int = 0
    escalated: int = 0
    unanswered: int = 0

    @property
    def total(self) -> int:
        """Every self-service answer given."""
        return self.solved + self.escalated + self.unanswered

    @property
    def share(self) -> float | None:
        """Share of answers the resident marked 已解决; None without any."""
        return self.solved / self.total if self.total else None


@dataclass(frozen=True)
class Stats:
    """Every figure for one period and one scope."""

    days: int
    first_day: date
    last_day: date
    scope: tuple[str, ...]  # the admin's area names; empty = every area
    total: int
    by_intent: tuple[Count, ...]
    by_grid: tuple[Count, ...]
    by_status: tuple[Count, ...]
    daily: dict[date, dict[str, int]]  # day → intent name → tickets
    median_accept: timedelta | None
    median_resolve: timedelta | None
    resolved: int
    resolved_in_time: int
    ratings: Ratings
    self_service: SelfService
    overdue: int
    undelivered: int = 0  # notifications that failed for good (every area)
    delayed: int = 0  # notifications still pending after ``delayed_minutes`` (every area)
    delayed_minutes: int = 15

    @property
    def in_time_share(self) -> float | None:
        """Share of resolved tickets resolved by their resolve-by time."""
        return self.resolved_in_time / self.resolved if self.resolved else None


def window(now: datetime, days: int, tz: tzinfo) -> tuple[date, date, datetime]:
    """The first and last calendar day of the period, and its start as a UTC instant."""
    last = now.astimezone(tz).date()
    first = last - timedelta(days=days - 1)
    return first, last, datetime.combine(first, time.min, tzinfo=tz).astimezone(UTC)


def median(values: Iterable[timedelta]) -> timedelta | None:
    """The median duration, or None for no values."""
    items = sorted(values)
    return statistics.median(items) if items else None  # type: ignore[type-var]


class StatsService:
    """Computes the figures for an admin's area or for the whole database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        catalogue: Catalogue,
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
        delayed_after: timedelta = timedelta(minutes=15),
    ) -> None:
        self._sessions = sessions
        self._delayed_after = delayed_after
        self._catalogue = catalogue
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz

    async def for_admin(self, telegram_id: int, days: int = DEFAULT_DAYS) -> Stats:
        """The figures for the grids this admin oversees (every grid for settings admins)."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            scope = () if me.grid_ids is None else tuple(a.name for a in me.staff.areas)
            return await self._compute(repos, days, me.grid_ids, scope)

    async def overall(self, days: int = DEFAULT_DAYS) -> Stats:
        """The figures for every area (the operators' report)."""
        async with unit_of_work(self._sessions) as repos:
            return await self._compute(repos, days, None, ())

    async def _compute(
        self, repos: Repos, days: int, grids: frozenset[int] | None, scope: tuple[str, ...]
    ) -> Stats:
        days = max(1, min(days, MAX_DAYS))
        now = self._clock()
        first, last, since = window(now, days, self._tz)
        q = _Query(repos.session, grids, since)
        by_intent = await q.grouped(Ticket.intent)
        by_grid = await q.grouped(Ticket.grid_id)
        grid_names = await _grid_names(repos.session, [k for k in by_grid if k is not None])
        times = await q.times()
        resolved, in_time = await q.in_time()
        log.debug("stats for %d day(s), %d ticket(s)", days, sum(by_intent.values()))
        return Stats(
            days=days,
            first_day=first,
            last_day=last,
            scope=scope,
            total=sum(by_intent.values()),
            by_intent=self._intents(by_intent),
            by_grid=_grids(by_grid, grid_names),
            by_status=_statuses(await q.grouped(Ticket.status)),
            daily=self._daily(times, first, last),
            median_accept=median(a - c for c, _, a, _ in times if a is not None),
            median_resolve=median(r - c for c, _, _, r in times if r is not None),
            resolved=resolved,
            resolved_in_time=in_time,
            ratings=await q.ratings(),
            self_service=await q.self_service(),
            overdue=await q.overdue(now),
            undelivered=await repos.outbox.failed_count(),
            delayed=await repos.outbox.delayed_count(now - self._delayed_after),
            delayed_minutes=int(self._delayed_after.total_seconds() // 60),
        )

    def _intents(self, counts: dict[Any, int]) -> tuple[Count, ...]:
        rows = [Count(k, intent_name(self._catalogue, k), n) for k, n in counts.items()]
        return tuple(sorted(rows, key=lambda c: (-c.count, c.key)))

    def _daily(
        self, times: Sequence[tuple[datetime, str, Any, Any]], first: date, last: date
    ) -> dict[date, dict[str, int]]:
        days: dict[date, dict[str, int]] = {
            first + timedelta(days=i): {} for i in range((last - first).days + 1)
        }
        counted = Counter((c.astimezone(self._tz).date(), key) for c, key, _, _ in times)
        for (day, key), n in sorted(counted.items()):
            if day in days:
                days[day][key] = n
        return days


class _Query:
    """The queries behind one Stats, all restricted to a scope and a period."""

    def __init__(self, session: AsyncSession, grids: frozenset[int] | None, since: datetime):
        self._s, self._grids, self._since = session, grids, since

    def _tickets(self, stmt: S) -> S:
        stmt = stmt.where(Ticket.created_at >= self._since)
        return stmt if self._grids is None else stmt.where(Ticket.grid_id.in_(self._grids))

    async def grouped(self, column: QueryableAttribute[Any]) -> dict[Any, int]:
        """Tickets counted by one column."""
        stmt = self._tickets(select(column, func.count()).group_by(column))
        return {key: int(n) for key, n in await self._s.execute(stmt)}

    async def times(self) -> list[tuple[datetime, str, datetime | None, datetime | None]]:
        """Created / intent / accepted / resolved of each ticket (for medians and days)."""
        cols = select(Ticket.created_at, Ticket.intent, Ticket.accepted_at, Ticket.resolved_at)
        return [(c, i, a, r) for c, i, a, r in await self._s.execute(self._tickets(cols))]

    async def in_time(self) -> tuple[int, int]:
        """Resolved tickets, and those of them resolved by their resolve-by time."""
        on_time = case((Ticket.resolved_at <= Ticket.due_by, 1), else_=0)
        stmt = self._tickets(select(func.count(), func.coalesce(func.sum(on_time), 0)))
        total, good = (await self._s.execute(stmt.where(Ticket.resolved_at.is_not(None)))).one()
        return int(total), int(good)

    async def ratings(self) -> Ratings:
        """Real ratings by kind and 默认满意 apart."""
        cols = (Ticket.rating, Ticket.rating_is_default)
        stmt = self._tickets(select(*cols, func.count()).group_by(*cols))
        stmt = stmt.where(Ticket.resident_id.not_in(STAND_INS))  # 代记评价: counted apart
        found: Counter[str] = Counter()
        for rating, is_default, n in await self._s.execute(stmt):
            if rating is not None:
                found["default" if is_default else rating] += int(n)
        return Ratings(**{k: found[k] for k in (*SATISFIED, "dissatisfied", "default")})

    async def self_service(self) -> SelfService:
        """Self-service answers by outcome (the resident's grid decides the scope)."""
        stmt = (
            select(InfoRequest.outcome, func.count())
            .where(InfoRequest.created_at >= self._since)
            .group_by(InfoRequest.outcome)
        )
        if self._grids is not None:
            stmt = stmt.join(Resident, Resident.id == InfoRequest.resident_id).where(
                Resident.grid_id.in_(self._grids)
            )
        found = {key: int(n) for key, n in await self._s.execute(stmt)}
        return SelfService(
            solved=found.get("solved", 0),
            escalated=found.get("escalated", 0),
            unanswered=sum(n for k, n in found.items() if k not in ("solved", "escalated")),
        )

    async def overdue(self, now: datetime) -> int:
        """Open tickets (of any age) past their current deadline."""
        stmt = select(Ticket).where(
            Ticket.status.in_(OPEN_STATUSES),
            (Ticket.respond_by < now) | (Ticket.due_by < now),
            Ticket.waiting_since.is_(None),  # 待居民补充: paused, not overdue
        )
        if self._grids is not None:
            stmt = stmt.where(Ticket.grid_id.in_(self._grids))
        found = (await self._s.scalars(stmt)).all()
        return sum(1 for t in found if (d := deadline_of(t)) is not None and d < now)


async def _grid_names(session: AsyncSession, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    stmt = select(Area.id, Area.code, Area.name).where(Area.id.in_(ids))
    return {i: (code, name) for i, code, name in await session.execute(stmt)}


def _grids(counts: dict[Any, int], names: dict[int, tuple[str, str]]) -> tuple[Count, ...]:
    rows = [
        Count(*names.get(k, (str(k), str(k))), n) if k is not None else Count("", None, n)
        for k, n in counts.items()
    ]
    return tuple(sorted(rows, key=lambda c: (-c.count, c.key)))


def _statuses(counts: dict[Any, int]) -> tuple[Count, ...]:
    return tuple(Count(s.value, None, counts[s]) for s in TicketStatus if counts.get(s, 0))
