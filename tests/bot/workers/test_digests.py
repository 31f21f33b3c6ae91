"""催办 from one sweep reach each worker as one digest, not one message per ticket."""

from __future__ import annotations

from tests.bot.handlers.conftest import WANG, register
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, LIU, report
from tests.harness import BotHarness
from tests.updates import TgUser

LI = TgUser(2003, "李叔叔")
QIAN = TgUser(2004, "钱阿姨")


async def test_one_sweep_reminds_each_worker_once_of_every_ticket(grid: BotHarness) -> None:
    await register(grid, LI)
    await register(grid, QIAN)
    ids = [await report(grid, WANG, CONFIDENT)]  # 24 h each
    for user in (LI, QIAN):  # offered 王阿姨's ticket (我也遇到): each files a ticket of their own
        await grid.say(user, CONFIDENT)
        await grid.press(user, "这是另一件事")
        ids.append(int(grid.api.last(user.id).plain_text.split("工单号 #")[1].split()[0]))
    grid.api.clear()
    grid.clock.advance(hours=23, minutes=30)
    swept = await grid.services.deadlines.sweep()
    await grid.deliver()
    assert sorted(swept.reminded) == sorted(ids)
    for worker in (LIU, CHEN):
        [digest] = grid.api.sent(worker.id)
        assert "催办" in digest.plain_text
        assert all(f"#{i}" in digest.plain_text for i in ids), digest.plain_text
