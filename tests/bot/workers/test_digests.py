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
    ids = [await report(grid, user, CONFIDENT) for user in (WANG, LI, QIAN)]  # 24 h each
    grid.api.clear()
    grid.clock.advance(hours=23, minutes=30)
    swept = await grid.services.deadlines.sweep()
    await grid.deliver()
    assert sorted(swept.reminded) == sorted(ids)
    for worker in (LIU, CHEN):
        [digest] = grid.api.sent(worker.id)
        assert "催办" in digest.plain_text
        assert all(f"#{i}" in digest.plain_text for i in ids), digest.plain_text
