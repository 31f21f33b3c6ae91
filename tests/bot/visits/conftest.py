"""Fixtures for 进百家门: the workers' community (tests/bot/workers) and helpers."""

from __future__ import annotations

import re

from tests.bot.broadcast.conftest import town  # noqa: F401  (fixtures, re-exported)
from tests.bot.workers.conftest import grid  # noqa: F401
from tests.botapi import Call
from tests.harness import BotHarness
from tests.updates import TgUser


async def add_household(
    h: BotHarness,
    worker: TgUser,
    address: str,
    name: str,
    phone: str = "",
    grid_code: str = "cailing-02",
) -> int:
    """A worker records a household; its id."""
    [reply] = await h.say(worker, f"/household {grid_code} {address} {name} {phone}".strip())
    found = re.search(r"住户 #(\d+)", reply.plain_text)
    assert found, reply.plain_text
    return int(found.group(1))


def toast(calls: list[Call]) -> str:
    """The text of the answer to a button press ('' when answered silently)."""
    answered = [c for c in calls if c.method == "answerCallbackQuery"]
    assert answered, "the press was not answered"
    return str(answered[-1].params.get("text") or "")
