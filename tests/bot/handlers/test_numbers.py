"""Ticket ids and other numbers are parsed strictly: odd ones get a clear answer, never an error."""

from __future__ import annotations

import pytest

from bot.chat.handlers.parsing import MAX_ID, number
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import GUAN, LIU, grid
from tests.harness import BotHarness

__all__ = ["grid"]

ODD = ["99999999999999999999", "²", "-1", "1e9", "٣", "0", str(MAX_ID + 1), "1_000", "#"]


@pytest.mark.parametrize("word", ODD)
def test_odd_numbers_are_refused(word: str) -> None:
    assert number(word) is None


def test_plain_numbers_are_read() -> None:
    assert (number("12"), number("#12"), number("＃12"), number(str(MAX_ID))) == (
        12,
        12,
        12,
        MAX_ID,
    )


@pytest.mark.parametrize("word", ODD)
async def test_staff_commands_answer_odd_ids_with_their_usage(grid: BotHarness, word: str) -> None:
    usages = {"take": "/take 工单号", "ticket": "/ticket 12", "reply": "/reply 工单号",
              "transfer": "/transfer 工单号"}  # fmt: skip
    for command, usage in usages.items():
        [answer] = await grid.say(LIU, f"/{command} {word} cailing-05 好的")
        assert usage in answer.plain_text, (command, answer.plain_text)


@pytest.mark.parametrize("word", ODD)
async def test_resident_commands_answer_odd_ids_with_their_usage(
    grid: BotHarness, word: str
) -> None:
    [shown] = await grid.say(WANG, f"/ticket {word}")
    [cancel] = await grid.say(WANG, f"/cancel {word}")
    assert "/ticket 12" in shown.plain_text and "/cancel 12" in cancel.plain_text


@pytest.mark.parametrize("word", [*ODD, "400", "7 8"])
async def test_admin_commands_answer_odd_numbers_with_their_usage(
    grid: BotHarness, word: str
) -> None:
    [stats] = await grid.say(GUAN, f"/stats {word}")
    assert "/stats 7" in stats.plain_text
    if word not in ("400", "7 8"):
        [notice] = await grid.say(GUAN, f"/notice {word}")
        assert "/notice 12" in notice.plain_text


@pytest.mark.parametrize("word", ["99999999999999999999", "²", "-1", "٣", "0"])
async def test_grant_and_revoke_answer_odd_telegram_ids_with_their_usage(
    grid: BotHarness, word: str
) -> None:
    [granted] = await grid.say(GUAN, f"/grant {word} worker cailing-02")
    assert granted.plain_text.startswith("用法：/grant")
    [revoked] = await grid.say(GUAN, f"/revoke {word}")
    assert revoked.plain_text.startswith("用法：/revoke")
