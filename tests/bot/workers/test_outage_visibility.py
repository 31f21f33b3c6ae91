"""Failed and long-delayed notifications are visible (/metrics, the CLI) and can be requeued."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.serve import metrics
from storage.db import create_engine, create_sessionmaker
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.test_cli import ROOT, gridbot
from tests.bot.workers.conftest import CHEN, GUAN, LIU, report
from tests.botapi import Failure
from tests.harness import BotHarness


async def test_failed_and_delayed_show_in_metrics_and_can_be_requeued(grid: BotHarness) -> None:
    grid.api.fail("sendMessage", Failure(400, "Bad Request: chat not found", chat_id=CHEN.id))
    grid.api.fail("sendMessage", Failure(502, "Bad Gateway", chat_id=LIU.id, times=None))
    ticket_id = await report(grid, WANG, CONFIDENT)
    grid.clock.advance(minutes=30)
    body = await metrics.render(metrics.Counters(), grid.services.sessions)
    lines = body.splitlines()
    assert 'gridbot_outbox_undeliverable{status="failed"} 1' in lines
    delayed = await grid.services.outbox.troubled(failed=False, delayed_after=timedelta(minutes=15))
    failed = await grid.services.outbox.troubled(failed=True, delayed_after=None)
    assert [(t.chat_id, t.ticket_id, t.status) for t in failed] == [(CHEN.id, ticket_id, "failed")]
    assert "chat not found" in str(failed[0].last_error).lower()
    assert [t.chat_id for t in delayed] == [LIU.id]
    assert delayed[0].age >= timedelta(minutes=29) and "Bad Gateway" in str(delayed[0].last_error)
    grid.api._failures.clear()
    assert await grid.services.outbox.requeue(None) == [failed[0].id]
    await grid.deliver()
    for chat in (CHEN.id, LIU.id):
        assert any(f"新工单 #{ticket_id}" in c.plain_text for c in grid.api.sent(chat))
    assert await grid.services.outbox.troubled(failed=True, delayed_after=None) == []


async def test_delayed_gauge_counts_old_pending_rows(grid: BotHarness) -> None:
    async with unit_of_work(grid.services.sessions) as repos:
        old = grid.clock() - timedelta(hours=2)
        repos.session.add(OutboxMessage(chat_id=LIU.id, kind="legacy", created_at=old))
        repos.session.add(OutboxMessage(chat_id=LIU.id, kind="legacy"))
    body = await metrics.render(metrics.Counters(), grid.services.sessions, timedelta(minutes=60))
    assert "gridbot_outbox_delayed 1" in body.splitlines()
    assert 'gridbot_notice_copies{status="failed"} 0' in body.splitlines()


async def test_cli_lists_without_content_and_requeues(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env |= {"HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "GRIDBOT_LOG_LEVEL": "WARNING"}
    env["GRIDBOT_DATABASE_URL"] = url = f"sqlite+aiosqlite:///{tmp_path / 'o.db'}"
    assert gridbot("db", "upgrade", env=env).returncode == 0
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    try:
        async with unit_of_work(sessions) as repos:
            for status in (OutboxStatus.FAILED, OutboxStatus.SENT, OutboxStatus.FAILED):
                repos.session.add(
                    OutboxMessage(
                        chat_id=555, kind="ticket_reply", status=status,
                        params={"text": "住在秘密小区"}, last_error="Bad Request: chat not found",
                    )
                )  # fmt: skip
        listing = gridbot("outbox", "list", "--failed", env=env)
        assert listing.returncode == 0, listing.stderr
        lines = listing.stdout.splitlines()
        assert [line.split("\t")[:4] for line in lines] == [
            ["1", "failed", "ticket_reply", "555"],
            ["3", "failed", "ticket_reply", "555"],
        ]
        assert "秘密小区" not in listing.stdout and "chat not found" in lines[0]
        retried = gridbot("outbox", "retry", "3", env=env)
        assert retried.returncode == 0 and "1 notification(s) requeued: 3" in retried.stdout
        assert gridbot("outbox", "retry", "2", env=env).returncode == 1  # sent: not requeued
        assert "requeued: 1" in gridbot("outbox", "retry", "--all-failed", env=env).stdout
        async with unit_of_work(sessions) as repos:
            stmt = select(OutboxMessage.status).order_by(OutboxMessage.id)
            statuses = list((await repos.session.scalars(stmt)).all())
        assert statuses == [OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.PENDING]
    finally:
        await engine.dispose()


async def test_stats_shows_failed_and_delayed_notifications_to_admins(grid: BotHarness) -> None:
    grid.api.fail("sendMessage", Failure(400, "Bad Request: chat not found", chat_id=CHEN.id))
    grid.api.fail("sendMessage", Failure(502, "Bad Gateway", chat_id=LIU.id, times=None))
    await report(grid, WANG, CONFIDENT)
    grid.clock.advance(minutes=20)
    calls = await grid.say(GUAN, "/stats 7")
    [text] = [c.plain_text for c in calls if "工单统计" in c.plain_text]
    assert "通知送达：失败 1 条，超过 15 分钟未送达 1 条" in text
