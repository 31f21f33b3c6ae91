"""The rates (响应率, 按期结案率, 返工率, 延期率, 满意率, 参评率, 综合) per grid and per worker.

Counted in SQL over the tickets *created* in the period (as every /stats figure), without
withdrawn tickets and tickets merged into another: one row of 0/1 flags per ticket (its
columns and the history kinds of ``ticket_events``), summed per grid, per current owner and
in total. The formulas are ``bot.domain.rates``. Deadlines are read as they stand: moved on by
every pause (待居民补充) — history ``resident_answered`` when the resident answered, ``pause_ended``
when 办结, 转派 or withdrawal ended it first — and by approved extensions; a ticket still paused
is not yet due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.domain.rates import DEFAULT_WEIGHTS, RateCounts, Rates, rates
from bot.queries.stats import DEFAULT_DAYS, MAX_DAYS, window
from bot.services.scope import actor
from bot.services.views import Clock
from storage.models import Area, Staff, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work

SATISFIED = ("satisfied", "fairly_satisfied")
HANDLED = ("resolved", "verify_requested")
REWORK = ("reopened", "verify_failed")
EXTENDED = ("extension_approved",)
SETTLED = ("rated", "closed")  # a real rating; 默认满意


@dataclass(frozen=True)
class RateRow:
    """One grid's, one worker's or the scope's counts and rates. ``name`` None: no grid."""

    key: str
    name: str | None
    counts: RateCounts
    rates: Rates


@dataclass(frozen=True)
class RateReport:
    """The rates of one period and scope: in total, per grid, per worker."""

    days: int
    first_day: date
    last_day: date
    scope: tuple[str, ...]
    weights: tuple[float, float, float]
    total: RateRow
    by_grid: tuple[RateRow, ...]
    by_worker: tuple[RateRow, ...]


def _has(kinds: Sequence[str]) -> ColumnElement[bool]:
    """The ticket has a history entry of one of these kinds."""
    return exists().where(TicketEvent.ticket_id == Ticket.id, TicketEvent.kind.in_(kinds))


def _removed() -> ColumnElement[bool]:
    """Its rating was removed on appeal (a ``rating_removed`` not followed by a new rating)."""
    removal, later = aliased(TicketEvent), aliased(TicketEvent)
    rated_again = exists().where(
        later.ticket_id == removal.ticket_id, later.kind == "rated", later.at > removal.at
    )
    return exists().where(
        removal.ticket_id == Ticket.id, removal.kind == "rating_removed", not_(rated_again)
    )


def _flags(now: datetime) -> dict[str, ColumnElement[bool]]:
    """Each count of ``RateCounts`` as a condition on one ticket."""
    running = Ticket.waiting_since.is_(None)  # 待居民补充: a paused limit is not yet due
    respond_due = or_(Ticket.accepted_at.is_not(None), and_(Ticket.respond_by < now, running))
    resolve_due = or_(Ticket.resolved_at.is_not(None), and_(Ticket.due_by < now, running))
    extended, handled = _has(EXTENDED), _has(HANDLED)
    real = and_(Ticket.rating.is_not(None), Ticket.rating_is_default.is_(False), not_(_removed()))
    return {
        "respond_due": respond_due,
        "responded_in_time": and_(
            Ticket.accepted_at.is_not(None), Ticket.accepted_at <= Ticket.respond_by
        ),
        "resolve_due": resolve_due,
        "extended": and_(resolve_due, extended),
        "resolved_in_time": and_(
            resolve_due,
            not_(extended),
            Ticket.resolved_at.is_not(None),
            Ticket.resolved_at <= Ticket.due_by,
        ),
        "handled": handled,
        "reworked": and_(handled, _has(REWORK)),
        "extensions": extended,
        "rated": real,
        "satisfied": and_(real, Ticket.rating.in_(SATISFIED)),
        "closed": _has(SETTLED),
    }


async def counts_by(
    session: AsyncSession,
    column: Any,
    grids: frozenset[int] | None,
    since: datetime,
    now: datetime,
) -> dict[Any, RateCounts]:
    """The counts per value of ``column`` (a ticket column, or None for one total)."""
    flags = _flags(now)
    sums = [func.coalesce(func.sum(case((f, 1), else_=0)), 0) for f in flags.values()]
    keys = [column] if column is not None else []
    stmt = select(*keys, func.count(Ticket.id), *sums).where(
        Ticket.created_at >= since,
        Ticket.status != TicketStatus.CANCELLED,
        not_(_has(("merged",))),
    )
    if grids is not None:
        stmt = stmt.where(Ticket.grid_id.in_(grids))
    if column is not None:
        stmt = stmt.group_by(column)
    found: dict[Any, RateCounts] = {}
    for row in await session.execute(stmt):
        key, (tickets, *numbers) = (row[0], row[1:]) if keys else (None, row)
        values = dict(zip(flags, (int(n) for n in numbers), strict=True))
        if keys or tickets:
            found[key] = RateCounts(tickets=int(tickets), **values)
    return found


class RatesService:
    """The rates for an admin's grids or for every area."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        admin_ids: frozenset[int],
        clock: Clock,
        tz: tzinfo,
        weights: tuple[float, float, float] = DEFAULT_WEIGHTS,
    ) -> None:
        self._sessions = sessions
        self._admin_ids = admin_ids
        self._clock = clock
        self._tz = tz
        self._weights = weights

    async def for_admin(self, telegram_id: int, days: int = DEFAULT_DAYS) -> RateReport:
        """The rates of the grids this admin oversees (every grid for settings admins)."""
        async with unit_of_work(self._sessions) as repos:
            me = await actor(repos, telegram_id, self._admin_ids)
            scope = () if me.grid_ids is None else tuple(a.name for a in me.staff.areas)
            return await self._report(repos.session, days, me.grid_ids, scope)

    async def overall(self, days: int = DEFAULT_DAYS) -> RateReport:
        """The rates of every area (the operators' report)."""
        async with unit_of_work(self._sessions) as repos:
            return await self._report(repos.session, days, None, ())

    async def _report(
        self,
        session: AsyncSession,
        days: int,
        grids: frozenset[int] | None,
        scope: tuple[str, ...],
    ) -> RateReport:
        days = max(1, min(days, MAX_DAYS))
        now = self._clock()
        first, last, since = window(now, days, self._tz)
        total = (await counts_by(session, None, grids, since, now)).get(None, RateCounts())
        per_grid = await counts_by(session, Ticket.grid_id, grids, since, now)
        per_owner = await counts_by(session, Ticket.assignee_id, grids, since, now)
        return RateReport(
            days=days,
            first_day=first,
            last_day=last,
            scope=scope,
            weights=self._weights,
            total=self._row("", "", total),
            by_grid=tuple(
                self._row(code, name, per_grid[gid])
                for gid, code, name in await _grids(session, per_grid)
            ),
            by_worker=tuple(
                self._row(str(tid), name, per_owner[sid])
                for sid, tid, name in await _workers(session, per_owner)
            ),
        )

    def _row(self, key: str, name: str | None, counts: RateCounts) -> RateRow:
        return RateRow(key, name, counts, rates(counts, self._weights))


async def _grids(
    session: AsyncSession, found: dict[Any, RateCounts]
) -> list[tuple[Any, str, str | None]]:
    """(grid id, code, name) of each counted grid, by name; tickets without a grid last."""
    ids = [k for k in found if k is not None]
    stmt = select(Area.id, Area.code, Area.name).where(Area.id.in_(ids))
    rows: list[tuple[Any, str, str | None]] = sorted(
        ((i, code, name) for i, code, name in await session.execute(stmt)),
        key=lambda r: (r[1], r[0]),
    )
    return rows + ([(None, "", None)] if None in found else [])


async def _workers(
    session: AsyncSession, found: dict[Any, RateCounts]
) -> list[tuple[int, int, str]]:
    """(staff id, Telegram id, name) of each current owner counted, by name."""
    ids = [k for k in found if k is not None]
    stmt = select(Staff.id, Staff.telegram_id, Staff.name).where(Staff.id.in_(ids))
    rows = [(i, tid, name or str(tid)) for i, tid, name in await session.execute(stmt)]
    return sorted(rows, key=lambda r: (r[2], r[0]))


__all__ = ["RateReport", "RateRow", "RatesService", "counts_by"]
