"""The outbox sender: retries, blocked residents, permanent failures, crashes — nothing lost,
nothing sent twice."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.bootstrap import build_services
from bot.chat.app import build_application
from bot.chat.context import SENDER_KEY
from bot.config import Settings
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, LIU, report
from tests.botapi import Failure, FakeBotAPI
from tests.harness import BotHarness


def notices(api: FakeBotAPI, chat_id: int, ticket_id: int) -> list[str]:
    """Dispatch notices a chat actually received for a ticket."""
    return [c.plain_text for c in api.sent(chat_id) if f"新工单 #{ticket_id}" in c.plain_text]


async def rows(h: BotHarness) -> list[OutboxMessage]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(OutboxMessage))).all())


async def test_429_5xx_and_timeouts_are_retried_until_delivered_once(grid: BotHarness) -> None:
    api = grid.api
    api.fail("sendMessage", Failure(429, "Too Many Requests", retry_after=5, chat_id=LIU.id))
    api.fail("sendMessage", Failure(502, "Bad Gateway", chat_id=LIU.id))
    api.fail("sendMessage", Failure(0, "timeout", timeout=True, chat_id=LIU.id))
    ticket_id = await report(grid, WANG, CONFIDENT)
    assert len(notices(api, CHEN.id, ticket_id)) == 1  # other chats are not held up
    assert notices(api, LIU.id, ticket_id) == []
    await grid.deliver()
    assert notices(api, LIU.id, ticket_id) == []  # honours retry_after: not yet due
    for seconds in (6, 5, 9):
        grid.clock.advance(seconds=seconds)
        await grid.deliver()
    assert len(notices(api, LIU.id, ticket_id)) == 1
    attempts = [c for c in api.calls if c.chat_id == LIU.id and c.method == "sendMessage"]
    assert [c.ok for c in attempts] == [False, False, False, True]
    grid.clock.advance(minutes=10)
    await grid.deliver()
    assert len(notices(api, LIU.id, ticket_id)) == 1


async def test_messages_to_one_chat_keep_their_order_through_retries(grid: BotHarness) -> None:
    first = await report(grid, WANG, CONFIDENT)
    grid.api.fail("sendMessage", Failure(429, "Too Many Requests", retry_after=3, chat_id=LIU.id))
    second = await report(grid, WANG, "楼道里堆满了纸箱杂物，堵住消防通道")
    grid.clock.advance(seconds=4)
    await grid.deliver()
    received = [t for t in (c.plain_text for c in grid.api.sent(LIU.id)) if "新工单" in t]
    assert [f"#{first}" in received[0], f"#{second}" in received[1]] == [True, True]
    assert len(received) == 2


async def test_blocked_resident_is_marked_and_not_sent_to_again(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    grid.api.block(WANG.id)
    await grid.say(LIU, f"/take {ticket_id}")
    await grid.say(LIU, f"/reply {ticket_id} 您好")
    to_wang = [c for c in grid.api.calls if c.chat_id == WANG.id and c.method == "sendMessage"]
    assert [c.ok for c in to_wang][-1:] == [False] and len(to_wang) == 2  # 1 ok before, 1 refused
    async with unit_of_work(grid.services.sessions) as repos:
        wang = await repos.residents.by_telegram_id(WANG.id)
    assert wang is not None and wang.blocked
    statuses = [r.status for r in await rows(grid) if r.chat_id == WANG.id]
    assert statuses == [OutboxStatus.BLOCKED, OutboxStatus.BLOCKED]


async def test_permanent_400_is_given_up_with_a_logged_reason(
    grid: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    grid.api.fail("sendMessage", Failure(400, "Bad Request: chat not found", chat_id=CHEN.id))
    with caplog.at_level(logging.WARNING):
        ticket_id = await report(grid, WANG, CONFIDENT)
    failed = [r for r in await rows(grid) if r.status is OutboxStatus.FAILED]
    assert [r.chat_id for r in failed] == [CHEN.id]
    assert failed[0].last_error and "chat not found" in failed[0].last_error.lower()
    assert "failed permanently" in caplog.text
    assert len(notices(grid.api, LIU.id, ticket_id)) == 1


async def test_crash_between_commit_and_send_delivers_once_after_restart(
    grid: BotHarness, settings: Settings
) -> None:
    await grid.feed(grid.updates.text(WANG, CONFIDENT), deliver=False)  # committed, not sent
    assert grid.api.sent(LIU.id) == []
    # a crash mid-send: a sender leased the rows, then died before sending
    await grid.services.outbox.claim("a-sender-that-died")
    await grid.app.shutdown()

    restarted_api = FakeBotAPI()
    services = build_services(settings, matcher=grid.services.matcher, clock=grid.clock)
    app = build_application(settings, services, request=restarted_api)
    await app.initialize()
    try:
        sender = app.bot_data[SENDER_KEY]
        assert await sender.drain() == 0  # the dead sender's lease still holds
        grid.clock.advance(seconds=61)
        delivered = await sender.drain()
        assert delivered == 2 and await sender.drain() == 0
        [notice] = [c for c in restarted_api.sent(LIU.id) if "新工单" in c.plain_text]
        assert CONFIDENT in notice.plain_text
        assert len([c for c in restarted_api.sent(CHEN.id) if "新工单" in c.plain_text]) == 1
        sent = [r for r in await rows(grid) if r.status is OutboxStatus.SENT]
        assert len(sent) == 2 and all(r.attempts == 1 for r in sent)
    finally:
        await app.shutdown()
        await services.close()
