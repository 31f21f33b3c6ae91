"""Notice copies ride out a long Telegram outage; only after a day do they fail."""

from __future__ import annotations

from tests.bot.broadcast.conftest import GUAN, LI, broadcaster, notices_to, one_line, send_now
from tests.bot.handlers.conftest import WANG
from tests.botapi import Failure
from tests.harness import BotHarness


async def test_notice_copies_survive_twenty_hours_of_5xx(town: BotHarness) -> None:
    api = town.api
    await one_line(town, GUAN, "grid:cailing-02 台风预警：明天停课")
    api.fail("sendMessage", Failure(502, "Bad Gateway", chat_id=WANG.id, times=None))
    await send_now(town, GUAN)
    for _ in range(60):  # 20 hours, every 20 minutes
        town.clock.advance(minutes=20)
        await broadcaster(town).drain()
    assert notices_to(api, WANG.id) == [] and len(notices_to(api, LI.id)) == 1
    api._failures.clear()
    town.clock.advance(minutes=10)
    await broadcaster(town).drain()
    assert len(notices_to(api, WANG.id)) == 1
    assert "失败" not in api.last(GUAN.id).plain_text or "失败 0" in api.last(GUAN.id).plain_text
