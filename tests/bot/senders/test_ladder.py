"""The shared error ladder, against the offline Bot API: every answer Telegram can give to a
send becomes one typed verdict."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, Message

from bot.chat.senders.ladder import (
    MAX_BACKOFF,
    Blocked,
    Refused,
    Retry,
    Sent,
    Verdict,
    attempt,
    backoff,
)
from tests.botapi import Failure, FakeBotAPI

CHAT = 4242


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    """A plain PTB Bot on the offline Bot API (no Application, no rate limiter)."""
    async with Bot("123456:TEST-TOKEN", request=api, get_updates_request=api) as ready:
        yield ready


async def send(bot: Bot, attempts: int = 0) -> Verdict:
    return await attempt(lambda: bot.send_message(CHAT, "通知"), attempts)


async def test_a_delivered_message_is_sent_with_its_message(bot: Bot, api: FakeBotAPI) -> None:
    verdict = await send(bot)
    assert isinstance(verdict, Sent)
    assert verdict.message.chat_id == CHAT and verdict.message.text == "通知"
    assert api.sent(CHAT)[-1].result["message_id"] == verdict.message.message_id


async def test_429_is_retried_after_telegrams_retry_after(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_rate_limit("sendMessage", retry_after=7)
    assert await send(bot, attempts=6) == Retry(timedelta(seconds=7), "429 retry after 0:00:07")


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_5xx_is_retried_with_backoff(bot: Bot, api: FakeBotAPI, status: int) -> None:
    api.fail_server_error("sendMessage", status=status)
    verdict = await send(bot, attempts=2)
    assert isinstance(verdict, Retry) and verdict.after == timedelta(seconds=8)
    assert "Bad Gateway" in verdict.reason


async def test_a_time_out_is_retried_with_backoff(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_timeout("sendMessage")
    verdict = await send(bot, attempts=0)
    assert isinstance(verdict, Retry) and verdict.after == timedelta(seconds=2)
    assert "TimedOut" in verdict.reason


async def test_403_means_blocked(bot: Bot, api: FakeBotAPI) -> None:
    api.block(CHAT)
    assert await send(bot) == Blocked("Forbidden: bot was blocked by the user")


async def test_400_is_refused_with_telegrams_reason(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_bad_request("sendMessage", "Bad Request: chat not found")
    assert await send(bot) == Refused("Chat not found")


@pytest.mark.parametrize(("status", "error"), [(401, "InvalidToken"), (409, "Conflict")])
async def test_other_telegram_errors_are_refused(
    bot: Bot, api: FakeBotAPI, status: int, error: str
) -> None:
    api.fail("sendMessage", Failure(status, "Nope"))
    verdict = await send(bot)
    assert isinstance(verdict, Refused) and verdict.reason.startswith(error)


async def test_each_verdict_is_for_one_attempt(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_server_error("sendMessage")
    assert isinstance(await send(bot), Retry)
    assert isinstance(await send(bot, attempts=1), Sent)


async def test_errors_that_are_not_telegrams_propagate() -> None:
    async def broken() -> Message:
        raise ValueError("a bug, not a delivery problem")

    async def cancelled() -> Message:
        raise asyncio.CancelledError

    with pytest.raises(ValueError, match="a bug"):
        await attempt(broken)
    with pytest.raises(asyncio.CancelledError):
        await attempt(cancelled)


def test_backoff_doubles_up_to_five_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(9)] == [2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert backoff(10_000) == MAX_BACKOFF == timedelta(minutes=5)
