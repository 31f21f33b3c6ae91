"""/new as a dialogue: a household or a new address (address, name, phone), the category,
then the person's words or a photo with a caption; a cancel button at every step."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Attachment, Household, Ticket, TicketStatus
from storage.uow import unit_of_work
from tests.bot.visits.conftest import add_household
from tests.bot.workers.conftest import CHEN, LIU, SUN
from tests.harness import BotHarness


def _ticket_id(text: str) -> int:
    return int(text.split("开工单 #")[1].split("，")[0])


async def _rows(h: BotHarness, model: type[Any]) -> list[Any]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(model).order_by(model.id))).all())


async def test_a_known_household_a_category_then_the_words(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    [pick] = await grid.say(LIU, "/new")
    assert "是哪一户" in pick.plain_text
    assert pick.button_texts == ["🏠 3号楼1单元202 周奶奶", "➕ 新地址（第二网格）", "✖ 取消"]
    await grid.press(LIU, "🏠 3号楼1单元202 周奶奶")
    categories = grid.api.last(LIU.id)
    assert "是哪一类的事" in categories.plain_text
    assert len(categories.button_texts) == 12  # the ten, 其他问题, 取消
    assert categories.button_texts[-1] == "✖ 取消"
    await grid.press(LIU, "设施维修")
    assert "请把对方说的事写下来" in grid.api.last(LIU.id).plain_text
    [opened] = await grid.say(LIU, "她说家里的水龙头一直滴水")  # not classified: the choice
    assert f"已代 周奶奶（住户 #{household_id}）开工单 #" in opened.plain_text
    assert "类别：设施维修" in opened.plain_text and "13800000000" in opened.plain_text
    [ticket] = await _rows(grid, Ticket)
    assert ticket.id == _ticket_id(opened.plain_text) and ticket.intent == "repair"
    assert ticket.status is TicketStatus.ACCEPTED and "水龙头" in ticket.text
    after = await grid.say(LIU, "谢谢")  # the dialogue is over: no second ticket
    assert len(await _rows(grid, Ticket)) == 1
    assert after and not any("开工单" in c.plain_text for c in after)


async def test_a_new_address_step_by_step_with_a_photo(grid: BotHarness) -> None:
    await grid.say(LIU, "/new")
    await grid.press(LIU, "➕ 新地址（第二网格）")
    assert "地址是" in grid.api.last(LIU.id).plain_text
    [name] = await grid.say(LIU, "5号楼2单元301")
    assert "怎么称呼" in name.plain_text and name.button_texts == ["✖ 取消"]
    [phone] = await grid.say(LIU, "钱大爷")
    assert phone.button_texts == ["没有电话", "✖ 取消"]
    [bad] = await grid.say(LIU, "不知道")
    assert "不像电话号码" in bad.plain_text
    [category] = await grid.say(LIU, "139 0000 0000")
    assert "是哪一类的事" in category.plain_text
    await grid.press(LIU, "其他问题")
    [no_words] = await grid.send(LIU, grid.updates.photo(LIU))
    assert "还缺一句话" in no_words.plain_text
    [opened] = await grid.send(LIU, grid.updates.photo(LIU, caption="楼道的灯坏了，想找人看看"))
    assert "已代 钱大爷（住户 #" in opened.plain_text and "类别：其他问题" in opened.plain_text
    [household] = await _rows(grid, Household)
    assert (household.address, household.name, household.phone) == (
        "5号楼2单元301", "钱大爷", "139 0000 0000",
    )  # fmt: skip
    [ticket] = await _rows(grid, Ticket)
    assert ticket.intent == "other" and ticket.text == "楼道的灯坏了，想找人看看"
    [photo] = await _rows(grid, Attachment)
    assert photo.ticket_id == ticket.id and photo.staff_id is None
    [card] = await grid.say(LIU, f"/household {household.id}")
    assert "钱大爷" in card.plain_text


async def test_no_phone_and_cancel_at_any_step(grid: BotHarness) -> None:
    await grid.say(LIU, "/new")
    await grid.press(LIU, "➕ 新地址（第二网格）")
    await grid.say(LIU, "7号楼1单元101")
    await grid.say(LIU, "孙阿姨")
    await grid.press(LIU, "没有电话")
    assert "是哪一类的事" in grid.api.last(LIU.id).plain_text
    await grid.press(LIU, "✖ 取消")
    assert "已取消，没有开工单" in grid.api.last(LIU.id).plain_text
    await grid.press_data(LIU, "w:nb:c:other")  # a button of the ended dialogue
    assert "请重新发 /new" in grid.api.last(LIU.id).plain_text
    assert await _rows(grid, Ticket) == [] and await _rows(grid, Household) == []
    [usage] = await grid.say(LIU, "/new 12")
    assert "/new 住户编号 对方说的话" in usage.plain_text


async def test_only_the_households_of_my_grids_are_offered(grid: BotHarness) -> None:
    await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    [same_grid] = await grid.say(CHEN, "/new")
    assert "🏠 3号楼1单元202 周奶奶" in same_grid.button_texts
    [other] = await grid.say(SUN, "/new")
    assert other.button_texts == ["➕ 新地址（第五网格）", "✖ 取消"]
    [household] = await _rows(grid, Household)
    await grid.press_data(SUN, f"w:nb:h:{household.id}")  # forged: not SUN's household
    assert "找不到这一户" in grid.api.last(SUN.id).plain_text
