"""Households and key residents: recorded by the grid's staff, care groups only with consent,
invisible to workers of other grids."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, Household
from storage.uow import unit_of_work
from tests.bot.visits.conftest import add_household, toast
from tests.bot.workers.conftest import GUAN, LIU, SUN
from tests.harness import BotHarness


async def household(h: BotHarness, household_id: int) -> Household:
    async with unit_of_work(h.services.sessions) as repos:
        found = await repos.households.get(household_id)
    assert found is not None
    return found


async def test_worker_records_a_household_then_consent_then_care_groups(grid: BotHarness) -> None:
    [reply] = await grid.say(LIU, "/household cailing-02 3号楼1单元202 周奶奶 13800000000")
    text = reply.plain_text
    assert "已登记住户 #" in text and "3号楼1单元202 · 周奶奶" in text and "第二网格" in text
    assert "13800000000" in text and "未确认" in text
    assert reply.button_texts[:2] == ["☑ 本人同意登记", "独居老人"]
    assert "✅ 已走访" in reply.button_texts and "🚪 不在家" in reply.button_texts

    refused = await grid.press(LIU, "独居老人")  # no consent yet: refused, nothing stored
    assert "请先点「☑ 本人同意登记」" in toast(refused)
    household_id = int(text.split("住户 #")[1].split("。")[0])
    assert (await household(grid, household_id)).care_tags == []

    await grid.press(LIU, "☑ 本人同意登记")
    await grid.press(LIU, "独居老人")
    await grid.press(LIU, "高龄")
    edited = grid.api.sent(LIU.id, "editMessageText")[-1]
    assert "关爱类别：独居老人、高龄" in edited.plain_text and "已同意" in edited.plain_text
    assert "✅ 独居老人" in edited.button_texts
    saved = await household(grid, household_id)
    assert saved.care_tags == ["独居老人", "高龄"] and saved.consent_at is not None

    await grid.press(LIU, "✅ 高龄")  # a second press takes it off again
    assert (await household(grid, household_id)).care_tags == ["独居老人"]
    await grid.press(LIU, "撤回同意（清除关爱类别）")
    saved = await household(grid, household_id)
    assert saved.care_tags == [] and saved.consent_at is None
    async with unit_of_work(grid.services.sessions) as repos:
        actions = set((await repos.session.scalars(select(AuditEntry.action))).all())
    assert {"household.add", "household.consent", "household.tags"} <= actions


async def test_notes_and_showing_a_household(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "5号楼2单元101", "李大爷")
    [reply] = await grid.say(LIU, f"/household {household_id} 备注 腿脚不便，敲门要大声")
    assert "备注：腿脚不便，敲门要大声" in reply.plain_text
    [shown] = await grid.say(GUAN, f"/household {household_id}")  # the community's admin
    assert "李大爷" in shown.plain_text and "还没有走访过" in shown.plain_text


async def test_a_worker_of_another_grid_sees_nothing(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    [shown] = await grid.say(SUN, f"/household {household_id}")
    assert "找不到这一户" in shown.plain_text and "周奶奶" not in shown.plain_text
    [noted] = await grid.say(SUN, f"/household {household_id} 备注 看看")
    assert "找不到这一户" in noted.plain_text
    [added] = await grid.say(SUN, "/household cailing-02 9号楼101 外人")
    assert "找不到这一户" in added.plain_text
    for data in (f"w:hh:c:{household_id}", f"w:vs:{household_id}", f"w:va:{household_id}"):
        assert "找不到这一户" in toast(await grid.press_data(SUN, data))
    [today] = await grid.say(SUN, "/visits")
    assert "周奶奶" not in today.plain_text
    assert (await household(grid, household_id)).consent_at is None


async def test_usage_and_mistakes_are_answered(grid: BotHarness) -> None:
    for text in ("/household", "/household cailing-02 3号楼", "/household 1 2 3 4 5"):
        [reply] = await grid.say(LIU, text)
        assert "/household 网格代码 地址 姓名" in reply.plain_text, text
    [reply] = await grid.say(LIU, "/household nowhere-9 3号楼101 周奶奶")
    assert "没有代码为 nowhere-9 的网格" in reply.plain_text
    [reply] = await grid.say(LIU, "/household 999")
    assert "找不到这一户" in reply.plain_text


async def test_a_resident_cannot_use_household_commands(grid: BotHarness) -> None:
    from tests.bot.handlers.conftest import WANG

    [reply] = await grid.say(WANG, "/household cailing-02 3号楼1单元202 周奶奶")
    assert "这个命令我不认识" in reply.plain_text
    [reply] = await grid.say(WANG, "/visits")
    assert "这个命令我不认识" in reply.plain_text
