"""Channel posts and group messages never get an answer in the channel or the group."""

from __future__ import annotations

from typing import Any

from storage.models import StaffRole
from tests.bot.handlers.conftest import WANG
from tests.harness import BotHarness

GROUP = {"id": -100123, "type": "supergroup", "title": "采菱社区居民群"}
CHANNEL = {"id": -100777, "type": "channel", "title": "采菱社区通知"}
COMMANDS = ["/start", "/help", "/take 1", "/queue", "/nonsense", "/ticket ²", "@gridbot 你好"]


def _command(text: str) -> dict[str, Any]:
    kind = "mention" if text.startswith("@") else "bot_command"
    return {"text": text, "entities": [{"type": kind, "offset": 0, "length": len(text.split()[0])}]}


async def test_group_messages_of_every_kind_get_no_answer_in_the_group(
    residents: BotHarness,
) -> None:
    await residents.services.staff.add(3001, StaffRole.WORKER, ["cailing-02"], "刘芳")
    u = residents.updates
    for text in [*COMMANDS, "大家好", "楼道里堆满了纸箱，堵住消防通道"]:
        content = _command(text) if text.startswith(("/", "@")) else {"text": text}
        for kind in ("message", "edited_message"):
            message = u.message_json(WANG, chat=GROUP, **content)
            if kind == "edited_message":
                message["edit_date"] = message["date"] + 1
            calls = await residents.feed({"update_id": next(u._update_ids), kind: message})
            assert not [c for c in calls if c.chat_id == GROUP["id"]], (text, kind)
    pressed = u.callback(WANG, "nonsense", u.message_json(WANG, chat=GROUP, text="x"))
    calls = await residents.feed(pressed)
    assert [c.method for c in calls] == ["answerCallbackQuery"]


async def test_channel_posts_get_no_answer(residents: BotHarness) -> None:
    u = residents.updates
    for text in [*COMMANDS, "停水通知"]:
        content = _command(text) if text.startswith(("/", "@")) else {"text": text}
        post = u.message_json(WANG, chat=CHANNEL, **content)
        del post["from"]
        for kind in ("channel_post", "edited_channel_post"):
            if kind == "edited_channel_post":
                post["edit_date"] = post["date"] + 1
            calls = await residents.feed({"update_id": next(u._update_ids), kind: post})
            assert calls == [], (text, kind)
