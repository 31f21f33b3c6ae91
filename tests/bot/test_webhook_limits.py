"""Webhook odd input: an oversized body is refused (413) before it is read whole; JSON that
is not an update object is a bad request (400), never a server error."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.bot.test_webhook import SECRET, WANG, _drain, client, hook_settings
from tests.harness import BotHarness

__all__ = ["client", "hook_settings"]

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
LIMIT = 1_048_576


async def test_declared_oversized_body_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/tg/hook", content=b" " * (LIMIT + 1), headers=HEADERS)
    assert response.status_code == 413


async def test_streamed_oversized_body_is_refused_before_it_is_read_whole(
    client: httpx.AsyncClient,
) -> None:
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(10_000):  # 640 MiB if it were read whole
            sent += 65_536
            yield b" " * 65_536

    response = await client.post("/tg/hook", content=endless(), headers=HEADERS)
    assert response.status_code == 413
    assert sent < 4 * LIMIT


@pytest.mark.parametrize(
    "payload",
    [[], [1, 2], 5, "update", None, {}, {"update_id": "7"}, {"update_id": True},
     {"update_id": 7, "message": 5}, {"update_id": 7, "message": {"text": "x"}}],
)  # fmt: skip
async def test_json_that_is_not_an_update_is_a_bad_request(
    client: httpx.AsyncClient, payload: Any
) -> None:
    response = await client.post("/tg/hook", content=json.dumps(payload), headers=HEADERS)
    assert response.status_code == 400


async def test_deeply_nested_json_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await client.post("/tg/hook", content="[" * 100_000, headers=HEADERS)
    assert response.status_code in (400, 413)


async def test_an_update_still_gets_through(client: httpx.AsyncClient, harness: BotHarness) -> None:
    update = harness.updates.text(WANG, "/help")
    response = await client.post("/tg/hook", content=json.dumps(update), headers=HEADERS)
    assert response.status_code == 200
    await _drain(harness)
    assert harness.api.sent(WANG.id)
