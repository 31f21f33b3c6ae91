"""Registration through the bot: community → grid → address → phone, kept messages, redo."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Area, Resident, Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO, register
from tests.harness import BotHarness
from tests.updates import TgUser


async def _resident(h: BotHarness, user: TgUser) -> Resident:
    async with unit_of_work(h.services.sessions) as repos:
        resident = await repos.residents.by_telegram_id(user.id)
    assert resident is not None
    return resident


async def test_two_residents_register_at_once(bot: BotHarness) -> None:
    await bot.say(WANG, "/start")
    await bot.say(ZHAO, "/start")
    first = bot.api.last(WANG.id)
    assert "第 1 步" in first.plain_text and "采菱社区" in first.button_texts
    assert "下一页 »" in first.button_texts  # 13 communities, 8 per page
    await bot.press(ZHAO, "下一页 »")
    [page2] = bot.api.keyboards(ZHAO.id)
    labels = [b["text"] for row in page2["reply_markup"]["inline_keyboard"] for b in row]
    assert "火二公司社区" in labels and "采菱社区" not in labels and "« 上一页" in labels
    await bot.press(WANG, "采菱社区")
    await bot.press(ZHAO, "万达社区")
    grids = bot.api.last(WANG.id)
    assert "第 2 步" in grids.plain_text and "不清楚" in grids.button_texts
    assert len(grids.button_texts) == 9
    await bot.press(WANG, "第二网格")
    await bot.press(ZHAO, "不清楚")
    await bot.say(WANG, "3号楼2单元501")
    await bot.press(ZHAO, "跳过")
    phone = bot.api.last(WANG.id)
    assert "手机号" in phone.plain_text
    assert phone.markup["keyboard"][0][0]["request_contact"] is True
    await bot.send(WANG, bot.updates.contact(WANG, "+8613812345678"))
    await bot.say(ZHAO, "跳过")
    done = bot.api.last(WANG.id).plain_text
    assert (
        "登记好了" in done and "采菱社区" in done and "第二网格" in done and "3号楼2单元501" in done
    )
    assert bot.api.last(WANG.id).markup == {"remove_keyboard": True}
    wang, zhao = await _resident(bot, WANG), await _resident(bot, ZHAO)
    assert wang.registered and wang.phone == "+8613812345678" and wang.address == "3号楼2单元501"
    assert zhao.registered and zhao.phone is None and zhao.address is None
    async with unit_of_work(bot.services.sessions) as repos:
        zhao_grid = await repos.session.get(Area, zhao.grid_id)
    assert zhao_grid is not None and zhao_grid.code == "wanda-01"  # the default grid


async def test_only_own_contact_is_accepted(bot: BotHarness) -> None:
    await bot.say(WANG, "/start")
    await bot.press(WANG, "采菱社区")
    await bot.press(WANG, "第一网格")
    await bot.press(WANG, "跳过")
    await bot.send(WANG, bot.updates.contact(WANG, "13900000000", owner_id=ZHAO.id))
    assert "只能分享您自己的手机号" in bot.api.last(WANG.id).plain_text
    assert not (await _resident(bot, WANG)).registered


async def test_first_message_is_kept_and_filed_after_registration(bot: BotHarness) -> None:
    await bot.say(WANG, "楼道里有人飞线充电，太危险了")
    assert "记下了" in bot.replies(WANG)[0]
    await bot.say(WANG, "对了还有")  # typed mid-registration: kept as well
    await bot.press(WANG, "采菱社区")
    await bot.press(WANG, "第三网格")
    await bot.press(WANG, "跳过")
    await bot.say(WANG, "跳过")
    after = bot.replies(WANG)
    assert any("工单号 #" in r and "消防" in r for r in after)
    async with unit_of_work(bot.services.sessions) as repos:
        tickets = (await repos.session.scalars(select(Ticket))).all()
    assert [t.intent for t in tickets] == ["fire_safety"]


async def test_returning_resident_is_welcomed_back_and_can_redo(bot: BotHarness) -> None:
    await register(bot, WANG)
    [back] = await bot.say(WANG, "/start")
    assert "欢迎回来" in back.plain_text and "第二网格" in back.plain_text
    assert back.button_texts == ["修改住址"]
    await bot.press(WANG, "修改住址")
    await bot.press(WANG, "瑞金社区")
    await bot.press(WANG, "第一网格（建安粮苑）")
    await bot.say(WANG, "粮苑5号楼")
    await bot.say(WANG, "跳过")
    wang = await _resident(bot, WANG)
    assert wang.address == "粮苑5号楼" and wang.phone == "13812345678"


async def test_stale_registration_button_gets_an_answer(bot: BotHarness) -> None:
    await register(bot, WANG)
    calls = await bot.press_data(WANG, "reg:g:cailing-02")
    assert "已经处理过了" in calls[-1].plain_text


async def test_photo_before_registration_is_kept_and_filed(bot: BotHarness) -> None:
    first = bot.updates.photo(WANG, caption="楼道里堆满了纸箱杂物，堵住消防通道")
    await bot.send(WANG, first)
    await bot.press(WANG, "采菱社区")
    await bot.send(WANG, bot.updates.location(WANG, 31.7, 119.9))  # mid-registration: kept too
    assert "记下了" in bot.api.last(WANG.id).plain_text
    await bot.press(WANG, "第二网格")
    await bot.press(WANG, "跳过")
    await bot.say(WANG, "跳过")
    async with unit_of_work(bot.services.sessions) as repos:
        tickets = (await repos.session.scalars(select(Ticket))).all()
        kinds = [a.kind for a in await repos.tickets.attachments(tickets[0].id)]
    assert [t.intent for t in tickets] == ["fire_safety"] and kinds == ["photo", "location"]
