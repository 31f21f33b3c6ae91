"""Concurrency that SQLite hides, tested on PostgreSQL: several connections (or processes)
racing for the same rows."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC

import pytest

from bot.bootstrap import Services, build_services
from bot.chat.senders.outbox import OutboxSender
from bot.services.errors import Forbidden
from bot.services.reports import Opened
from storage.models import StaffRole, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, LIU, report
from tests.botapi import FakeBotAPI
from tests.harness import BotHarness


@pytest.fixture
def postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row-locking races need PostgreSQL (SQLite runs one writer at a time)")


def twin(h: BotHarness) -> Services:
    """A second set of services on the same database: another process, in effect."""
    return build_services(h.settings, matcher=h.services.matcher, clock=h.services.clock)


async def test_two_workers_take_the_same_ticket_exactly_one_wins(
    grid: BotHarness, postgres_only: None
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    other = twin(grid)
    try:
        for _ in range(5):
            async with unit_of_work(grid.services.sessions) as repos:
                t = await repos.tickets.get(ticket_id)
                assert t is not None
                t.status, t.assignee_id = TicketStatus.ASSIGNED, None
            results = await asyncio.gather(
                grid.services.work.take(LIU.id, ticket_id),
                other.work.take(CHEN.id, ticket_id),
                return_exceptions=True,
            )
            wins = [r for r in results if not isinstance(r, BaseException)]
            losses = [r for r in results if isinstance(r, Forbidden)]
            assert len(wins) == 1 and len(losses) == 1, results
    finally:
        await other.close()


async def test_two_senders_drain_one_outbox_each_message_once(
    grid: BotHarness, postgres_only: None
) -> None:
    for n in range(8):
        await grid.services.staff.add(5000 + n, StaffRole.WORKER, ["cailing-02"], f"工{n}")
    for text in (CONFIDENT, "楼道里堆满了纸箱杂物，堵住消防通道", "3号楼门口的路灯坏了"):
        await grid.feed(grid.updates.text(WANG, text), deliver=False)
    other = twin(grid)
    api_a, api_b = FakeBotAPI(), FakeBotAPI()
    bot_a, bot_b = (
        grid.app.bot.__class__("1:A", request=api_a),
        grid.app.bot.__class__("1:B", request=api_b),
    )
    try:
        await bot_a.initialize()
        await bot_b.initialize()
        sa, sb = grid.services, other
        sender_a = OutboxSender(sa.outbox, sa.notifications, bot_a, sa.clock, UTC, owner="a")
        sender_b = OutboxSender(sb.outbox, sb.notifications, bot_b, sb.clock, UTC, owner="b")
        delivered = await asyncio.gather(sender_a.drain(), sender_b.drain())
        sent = Counter(
            (c.chat_id, c.text) for c in api_a.calls + api_b.calls if c.method == "sendMessage"
        )
        assert sum(delivered) == sum(sent.values()) == 30  # 3 notices × 10 workers
        assert set(sent.values()) == {1}
        assert await grid.services.outbox.backlog() == 0
    finally:
        await bot_a.shutdown()
        await bot_b.shutdown()
        await other.close()


async def test_ticket_ids_stay_unique_under_concurrent_inserts(
    grid: BotHarness, postgres_only: None
) -> None:
    others = [twin(grid) for _ in range(4)]
    try:
        jobs = [
            s.reports.submit(user.id, CONFIDENT if i % 2 else "3号楼门口的路灯坏了")
            for i, s in enumerate(others * 3)
            for user in (WANG, ZHAO)
        ]
        outcomes = await asyncio.gather(*jobs, return_exceptions=True)
    finally:
        for s in others:
            await s.close()
    opened = [o.ticket.id for o in outcomes if isinstance(o, Opened)]
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    assert len(opened) == len(set(opened)) and len(opened) >= 4
