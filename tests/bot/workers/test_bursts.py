"""Bursts: one resident sending the same emergency sixty times cannot flood the workers."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT, FIRE
from tests.bot.workers.conftest import CHEN, LIU, report
from tests.harness import BotHarness


async def _tickets(h: BotHarness) -> int:
    async with unit_of_work(h.services.sessions) as repos:
        return int(await repos.session.scalar(select(func.count(Ticket.id))) or 0)


async def test_sixty_fire_reports_in_twenty_seconds_ring_each_worker_a_few_times(
    grid: BotHarness,
) -> None:
    for _ in range(60):
        replies = await grid.say(WANG, FIRE)
        assert "119" in replies[0].plain_text  # the safety line first, every time
        grid.clock.advance(seconds=1 / 3)
    assert await _tickets(grid) <= 2
    for _ in range(8):  # sweeps until past the deadline: at most a reminder and a 督办
        grid.clock.advance(minutes=30)
        await grid.services.deadlines.sweep()
        await grid.deliver()
    for worker in (LIU, CHEN):
        assert 1 <= len(grid.api.sent(worker.id)) <= 5, grid.replies(worker)


async def test_follow_ups_waiting_for_the_worker_are_batched_into_one_message(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    grid.api.clear()
    for n in range(30):  # faster than the sender: all arrive before it runs
        await grid.feed(grid.updates.text(WANG, f"车还在门口堵着，第{n}次说"), deliver=False)
        await grid.feed(grid.updates.photo(WANG), deliver=False)
    await grid.deliver()
    await grid.deliver()
    sent = grid.api.sent(LIU.id)
    assert len(sent) <= 2, grid.replies(LIU)
    assert "第0次说" in sent[0].plain_text and "59 条" in sent[0].plain_text
    [history] = await grid.say(LIU, f"/ticket {ticket_id}")  # nothing lost: all in the history
    assert "第29次说" in history.plain_text
    await grid.say(WANG, "又来了一辆车")
    assert "又来了一辆车" in grid.api.last(LIU.id).plain_text  # the next relay rings again
