"""/visits: today's door-knock list, overdue first, by building in walking order, with the
residents who have not acknowledged a notice with 回执."""

from __future__ import annotations

from tests.bot.broadcast.conftest import GUAN as ADMIN
from tests.bot.broadcast.conftest import LIU as WORKER
from tests.bot.broadcast.conftest import one_line, send_now
from tests.bot.handlers.conftest import WANG
from tests.bot.visits.conftest import add_household
from tests.bot.workers.conftest import LIU, SUN
from tests.harness import BotHarness


async def test_overdue_first_then_due_each_in_walking_order(grid: BotHarness) -> None:
    await add_household(grid, LIU, "5号楼1单元301", "王大爷")
    await add_household(grid, LIU, "3号楼2单元101", "李奶奶")
    await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    await add_household(grid, LIU, "3号楼1单元502", "钱叔")
    grid.clock.advance(days=2)  # the four were due two days ago
    await add_household(grid, LIU, "12号楼1单元101", "赵姐")  # due today
    await add_household(grid, SUN, "3号楼1单元101", "别的网格", grid_code="cailing-05")
    [reply] = await grid.say(LIU, "/visits")
    text = reply.plain_text
    assert "共 5 户：超期 4 户、今日到期 1 户" in text
    order = [
        "超期未走访",
        "周奶奶",
        "钱叔",
        "李奶奶",
        "5号楼",
        "王大爷",
        "📅 今日到期",
        "12号楼",
        "赵姐",
    ]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions), text
    assert "别的网格" not in text
    assert reply.button_texts[:3] == ["✅ 3号楼1单元202", "🚪 不在家", "🏠 户情"]
    assert len(reply.button_texts) == 15


async def test_an_empty_day_says_so(grid: BotHarness) -> None:
    [reply] = await grid.say(LIU, "/visits")
    assert "今天没有要走访的住户" in reply.plain_text and reply.button_texts == []


async def test_residents_who_did_not_acknowledge_a_notice_join_the_list(town: BotHarness) -> None:
    notice_id, _ = await one_line(town, ADMIN, "grid:cailing-02 明早停水，请提前储水")
    await town.press(ADMIN, "回执：不需要（点此切换）")
    await send_now(town, ADMIN)
    await town.press(WANG, "✅ 已阅")
    [reply] = await town.say(WORKER, "/visits")
    text = reply.plain_text
    assert "通知未阅，请上门告知" in text and f"通知 #{notice_id}" in text
    assert "3号楼1单元202 周奶奶" in text and "13号楼1单元101 李叔" in text
    assert "王阿姨" not in text  # she pressed 已阅
    assert text.index("周奶奶") < text.index("李叔")  # walking order: 3号楼 before 13号楼
