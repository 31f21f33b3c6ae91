"""微心愿: recorded by a resident or for a household, adopted by a registered helper, and the
household told when it comes true."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Wish
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.visits.conftest import add_household, toast
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN
from tests.harness import BotHarness
from tests.updates import TgUser

XIAO = TgUser(5001, "小张志愿者")  # a helper of 第二网格, not a registered resident


async def wish_rows(h: BotHarness) -> list[Wish]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(Wish).order_by(Wish.id))).all())


async def test_a_household_wish_is_claimed_fulfilled_and_the_worker_reminded(
    grid: BotHarness,
) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    [saved] = await grid.say(LIU, f"/wish {household_id} 想要一副老花镜")
    assert f"已为住户 #{household_id} 登记微心愿 #" in saved.plain_text
    [added] = await grid.say(LIU, f"/helper cailing-02 {XIAO.id} 小张")
    assert "已登记 小张 为第二网格的微心愿志愿者" in added.plain_text

    [seen] = await grid.say(XIAO, "/wishes")
    assert "想要一副老花镜" in seen.plain_text and "3号楼" in seen.plain_text
    assert "周奶奶" not in seen.plain_text and "1单元202" not in seen.plain_text  # no door
    [wish] = await wish_rows(grid)
    assert seen.button_texts == [f"🙋 认领 #{wish.id}"]
    await grid.press(XIAO, f"🙋 认领 #{wish.id}")
    assert "您认领了微心愿" in grid.api.last(XIAO.id).plain_text
    for worker in (LIU, CHEN):
        assert f"微心愿 #{wish.id} 已有志愿者认领" in grid.api.last(worker.id).plain_text
    [staff_view] = await grid.say(LIU, "/wishes")
    assert "周奶奶" not in staff_view.plain_text and "3号楼1单元202" in staff_view.plain_text
    assert "已认领" in staff_view.plain_text

    [again] = await grid.say(XIAO, "/wishes")
    assert again.button_texts == [f"✅ 已实现 #{wish.id}"]
    await grid.press(XIAO, f"✅ 已实现 #{wish.id}")
    told = grid.api.last(LIU.id).plain_text
    assert f"住户 #{household_id} 的微心愿 #{wish.id} 已经实现" in told and "上门告诉" in told
    [done] = await wish_rows(grid)
    assert done.status == "fulfilled" and done.fulfilled_at is not None


async def test_a_resident_wishes_for_themselves_and_is_told(grid: BotHarness) -> None:
    [usage] = await grid.say(WANG, "/wish")
    assert "/wish 心愿内容" in usage.plain_text
    [saved] = await grid.say(WANG, "/wish 想请人帮忙换个灯泡")
    assert "您的微心愿 #" in saved.plain_text
    [mine] = await grid.say(WANG, "/wishes")
    assert "换个灯泡" in mine.plain_text and "待认领" in mine.plain_text
    assert mine.button_texts == []  # not a helper
    [wish] = await wish_rows(grid)
    refused = await grid.press_data(WANG, f"wish:c:{wish.id}")
    assert "只有登记过的志愿者" in toast(refused)
    await grid.say(GUAN, f"/helper cailing-02 {XIAO.id}")
    await grid.press_data(XIAO, f"wish:c:{wish.id}")
    second = await grid.press_data(XIAO, f"wish:c:{wish.id}")
    assert "已经有人认领" in toast(second)
    await grid.press_data(LIU, f"wish:f:{wish.id}")  # staff of the grid may mark it too
    assert "您的微心愿" in grid.api.last(WANG.id).plain_text
    assert "已经实现啦" in grid.api.last(WANG.id).plain_text


async def test_wishes_stay_inside_their_grid(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    [refused] = await grid.say(SUN, f"/wish {household_id} 想要老花镜")
    assert "找不到这一户" in refused.plain_text
    await grid.say(LIU, f"/wish {household_id} 想要老花镜")
    await grid.say(SUN, f"/helper cailing-05 {XIAO.id}")  # a helper of 第五网格 only
    [seen] = await grid.say(XIAO, "/wishes")
    assert "老花镜" not in seen.plain_text
    [other] = await grid.say(SUN, "/wishes")
    assert "老花镜" not in other.plain_text
    [wish] = await wish_rows(grid)
    assert "只有登记过的志愿者" in toast(await grid.press_data(XIAO, f"wish:c:{wish.id}"))
    assert "找不到" in toast(await grid.press_data(SUN, f"wish:f:{wish.id}"))
    assert "找不到" in toast(await grid.press_data(ZHAO, f"wish:f:{wish.id}"))
    [bad] = await grid.say(SUN, f"/helper cailing-02 {XIAO.id}")
    assert "找不到这一户" in bad.plain_text
    [usage] = await grid.say(LIU, "/helper cailing-02")
    assert "/helper 网格代码" in usage.plain_text


async def test_staff_remove_a_helper_who_then_may_not_claim(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    await grid.say(LIU, f"/wish {household_id} 想要老花镜")
    await grid.say(LIU, f"/helper cailing-02 {XIAO.id} 小张")
    [refused] = await grid.say(SUN, f"/helper 删除 cailing-02 {XIAO.id}")  # not SUN's grid
    assert "找不到这一户" in refused.plain_text
    [removed] = await grid.say(CHEN, f"/helper 删除 cailing-02 {XIAO.id}")
    assert f"已把 {XIAO.id} 从第二网格的微心愿志愿者中删除" in removed.plain_text
    [again] = await grid.say(CHEN, f"/helper 删除 cailing-02 {XIAO.id}")
    assert "没有登记这位志愿者" in again.plain_text
    [usage] = await grid.say(CHEN, "/helper 删除 cailing-02")
    assert "/helper 删除 网格代码 Telegram编号" in usage.plain_text
    [wish] = await wish_rows(grid)
    assert "只有登记过的志愿者" in toast(await grid.press_data(XIAO, f"wish:c:{wish.id}"))
