"""Oversight: visit coverage per grid and worker in /stats and ``gridbot report``; overdue
visits of elders living alone escalate to the community's admins like overdue tickets."""

from __future__ import annotations

import csv
import io
import os
import warnings
from pathlib import Path

from sqlalchemy import select

from bot.cli.export import rows
from storage.models import OutboxMessage
from storage.uow import unit_of_work
from tests.bot.test_cli import ROOT, gridbot
from tests.bot.visits.conftest import add_household
from tests.bot.visits.test_households import household
from tests.bot.workers.conftest import GUAN, LIU, SUN
from tests.harness import BotHarness


async def _a_day_of_visits(h: BotHarness) -> None:
    """第二网格: three households, one visited, one not at home, one never; 第五网格: one."""
    await add_household(h, LIU, "3号楼1单元202", "周奶奶")
    await add_household(h, LIU, "3号楼1单元502", "钱叔")
    await add_household(h, LIU, "5号楼1单元101", "王大爷")
    await add_household(h, SUN, "12栋1单元101", "赵姐", grid_code="cailing-05")
    await h.say(LIU, "/visits")
    await h.press(LIU, "✅ 3号楼1单元202")
    await h.press(LIU, "📋 完成走访")
    await h.say(LIU, "/visits")
    await h.press(LIU, "🚪 不在家")  # the first door left on the list: 钱叔


async def test_stats_shows_visit_coverage_per_grid_and_worker(grid: BotHarness) -> None:
    await _a_day_of_visits(grid)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [text, _chart, _rates, chart] = await grid.say(GUAN, "/stats 7")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert chart.method == "sendPhoto" and chart.files["photo"].startswith(b"\x89PNG")
    assert "各网格走访覆盖" in chart.plain_text
    figures = text.plain_text
    assert "走访覆盖（近 7 天）" in figures
    assert "第二网格：住户 3，今日到期 1，超期 0，从未走访 2，已走访 1 次，不在家 1 次" in figures
    assert "第五网格：住户 1，今日到期 1，超期 0，从未走访 1，已走访 0 次，不在家 0 次" in figures
    assert "刘芳 已走访 1 次、不在家 1 次" in figures
    grid.clock.advance(days=3)
    [later, _chart, _rates, _coverage] = await grid.say(GUAN, "/stats 7")
    assert "第二网格：住户 3，今日到期 0，超期 2" in later.plain_text


async def test_stats_without_households_says_nothing_of_visits(grid: BotHarness) -> None:
    [text, _chart, _rates] = await grid.say(GUAN, "/stats 7")  # no coverage chart
    assert "走访覆盖" not in text.plain_text


async def test_report_rows_carry_the_coverage(grid: BotHarness, tmp_path: Path) -> None:
    await _a_day_of_visits(grid)
    stats = await grid.services.stats.overall(7)
    coverage = await grid.services.visits.coverage(7)
    table = {(s, k): (n, v) for s, k, n, v in rows(stats, coverage=coverage)}
    assert table[("visits", "cailing-02.households")] == ("第二网格·住户", 3)
    assert table[("visits", "cailing-02.never")] == ("第二网格·从未走访", 2)
    assert table[("visits", "cailing-05.due")] == ("第五网格·今日到期", 1)
    visitors = {n: v for (s, _), (n, v) in table.items() if s == "visitors"}
    assert visitors == {"刘芳·已走访次数": 1, "刘芳·不在家次数": 1}
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_LOG_LEVEL="WARNING")
    env["GRIDBOT_DATABASE_URL"] = grid.settings.database_url
    result = gridbot("report", "--days", "7", env=env)
    assert result.returncode == 0, result.stderr
    lines = list(csv.reader(io.StringIO(result.stdout)))
    assert ["visits", "cailing-02.visited", "第二网格·已走访次数", "1"] in lines


async def test_overdue_visits_of_elders_living_alone_escalate_once(grid: BotHarness) -> None:
    alone = await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    await grid.press(LIU, "☑ 本人同意登记")
    await grid.press(LIU, "独居老人")
    await add_household(grid, LIU, "5号楼1单元101", "王大爷")  # not alone: no escalation
    sweep = grid.services.visit_sweep
    assert await sweep.sweep() == []  # due today, not overdue yet
    grid.clock.advance(days=1)
    assert await sweep.sweep() == [alone]
    await grid.deliver()
    [note] = [c for c in grid.api.sent(GUAN.id) if "走访督办" in c.plain_text]
    assert "第二网格 有 1 户独居老人超期未走访（住户 #" in note.plain_text
    assert note.button_texts == [f"🏠 住户 #{alone}"]
    assert "周奶奶" not in str((await _outbox(grid))[-1].params)  # ids only, never a name
    assert await sweep.sweep() == []  # once per overdue spell
    calls = await grid.press(GUAN, f"🏠 住户 #{alone}")
    assert any("周奶奶" in c.plain_text for c in calls)
    await grid.press(GUAN, "✅ 已走访")
    await grid.press(GUAN, "📋 完成走访")
    assert (await household(grid, alone)).escalated_at is None
    grid.clock.advance(days=2)
    assert await sweep.sweep() == [alone]


async def _outbox(h: BotHarness) -> list[OutboxMessage]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(OutboxMessage))).all())
