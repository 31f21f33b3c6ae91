"""Outages: notifications survive a day of Telegram being down, in order; only then fail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, LIU
from tests.botapi import Failure
from tests.harness import BotHarness

SECOND = "楼道里堆满了纸箱杂物，堵住消防通道"
OUTAGE_KINDS = (
    Failure(502, "Bad Gateway", times=None),
    Failure(429, "Too Many Requests: retry after 30", retry_after=30, times=None),
    Failure(0, "timeout", timeout=True, times=None),
    Failure(503, "Service Unavailable", times=None),
)


async def rows(h: BotHarness) -> list[OutboxMessage]:
    async with unit_of_work(h.services.sessions) as repos:
        stmt = select(OutboxMessage).order_by(OutboxMessage.id)
        return list((await repos.session.scalars(stmt)).all())


async def telegram_down_for(h: BotHarness, duration: timedelta) -> None:
    """Every call fails (5xx, 429, time-outs in turn) while the clock moves on."""
    step, elapsed, turn = timedelta(minutes=20), timedelta(0), 0
    while elapsed < duration:
        h.api._failures.clear()
        h.api.fail("*", OUTAGE_KINDS[turn % len(OUTAGE_KINDS)])
        await h.deliver()
        h.clock.advance(seconds=step.total_seconds())
        elapsed, turn = elapsed + step, turn + 1
    h.api._failures.clear()


def new_ticket_notices(h: BotHarness, chat_id: int) -> list[str]:
    return [c.plain_text for c in h.api.sent(chat_id) if "新工单" in c.plain_text]


async def test_twenty_hours_down_then_everything_arrives_in_order(grid: BotHarness) -> None:
    await grid.feed(grid.updates.text(WANG, CONFIDENT), deliver=False)
    await grid.feed(grid.updates.text(WANG, SECOND), deliver=False)
    await telegram_down_for(grid, timedelta(hours=20))
    assert new_ticket_notices(grid, LIU.id) == []
    assert all(r.status is OutboxStatus.PENDING for r in await rows(grid))
    grid.clock.advance(minutes=6)
    await grid.deliver()
    for worker in (LIU, CHEN):
        received = new_ticket_notices(grid, worker.id)
        assert len(received) == 2
        assert CONFIDENT in received[0] and SECOND in received[1]
    assert {r.status for r in await rows(grid)} == {OutboxStatus.SENT}


async def test_a_day_and_more_down_fails_with_the_reason_kept(grid: BotHarness) -> None:
    await grid.feed(grid.updates.text(WANG, CONFIDENT), deliver=False)
    await telegram_down_for(grid, timedelta(hours=23))
    assert all(r.status is OutboxStatus.PENDING for r in await rows(grid))
    await telegram_down_for(grid, timedelta(hours=2))
    failed = await rows(grid)
    assert failed and all(r.status is OutboxStatus.FAILED for r in failed)
    assert all(r.last_error and "gave up after 1 day" in r.last_error for r in failed)
