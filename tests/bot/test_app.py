"""The Application, driven with real update JSON through the offline Bot API."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

WANG = TgUser(1001, "王阿姨")
LI = TgUser(1002, "<b>李</b>&叔")


async def test_start_greets_by_name_escaped(harness: BotHarness, areas_file: Path) -> None:
    await harness.services.areas.import_file(areas_file)
    [call] = await harness.say(LI, "/start")
    assert call.method == "sendMessage" and call.chat_id == LI.id
    assert call.plain_text.startswith("您好，<b>李</b>&叔！")
    assert "网格通" in call.plain_text


async def test_help_and_unknown_command(harness: BotHarness) -> None:
    [help_call] = await harness.say(WANG, "/help")
    assert "119" in help_call.plain_text and "96110" in help_call.plain_text
    assert "/wish " in help_call.plain_text and "/wishes" in help_call.plain_text
    [unknown] = await harness.say(WANG, "/frobnicate")
    assert "不认识" in unknown.plain_text


async def test_two_residents_get_their_own_answers(harness: BotHarness) -> None:
    await harness.say(WANG, "/help")
    await harness.say(LI, "/start")
    assert len(harness.replies(WANG)) == 1 and "怎么用" in harness.replies(WANG)[0]
    assert len(harness.replies(LI)) == 1 and "社区名单" in harness.replies(LI)[0]


async def test_redelivered_update_is_applied_once(harness: BotHarness) -> None:
    update = harness.updates.text(WANG, "/start")
    first = await harness.feed(update)
    again = await harness.feed(update)
    assert len(first) == 1 and again == []


async def test_post_init_registers_menus_per_role(harness: BotHarness) -> None:
    calls = [c for c in harness.api.calls if c.method == "setMyCommands"]
    scopes = [c.params.get("scope", {}) for c in calls]
    assert {"type": "default"} in scopes
    assert {"type": "chat", "chat_id": ADMIN_ID} in scopes
    admin_menu = next(c for c in calls if c.params.get("scope", {}).get("chat_id") == ADMIN_ID)
    assert "broadcast" in [cmd["command"] for cmd in admin_menu.params["commands"]]


async def test_error_handler_apologises_and_the_bot_carries_on(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.api.fail_bad_request("sendMessage", "Bad Request: something odd")
    with caplog.at_level(logging.ERROR):
        calls = await harness.say(WANG, "/help")
    assert [c.ok for c in calls] == [False, True]
    assert "出了点问题" in calls[1].plain_text
    assert "error while handling update" in caplog.text
    [after] = await harness.say(WANG, "/help")
    assert after.ok and "怎么用" in after.plain_text


async def test_start_without_areas_says_so(harness: BotHarness) -> None:
    [call] = await harness.say(WANG, "/start")
    assert "还没有社区名单" in call.plain_text


async def test_unhandled_content_gets_a_next_step(harness: BotHarness) -> None:
    dice = {"emoji": "🎲", "value": 3}
    [call] = await harness.feed(harness.updates.other(WANG, dice=dice))
    assert "/help" in call.plain_text
