"""/broadcast: the dialogue, the one-line form, scoping, the preview's buttons, the role gate."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, Notice, NoticeStatus
from storage.uow import unit_of_work
from tests.bot.broadcast.conftest import (
    CAILING,
    CHIEF,
    GUAN,
    LI,
    LIU,
    QIAN,
    ZHOU,
    broadcaster,
    notices_to,
    one_line,
    preview_of,
    receivers,
    send_now,
)
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.harness import BotHarness


async def test_dialogue_grid_with_receipt_preview_send_and_final_report(town: BotHarness) -> None:
    [ask] = await town.say(GUAN, "/broadcast")
    assert ask.button_texts == ["我管辖的全部居民", "某个社区", "某个网格", "某栋楼", "取消"]
    await town.press(GUAN, "某个网格")
    assert town.api.last(GUAN.id).button_texts == ["采菱社区", "取消"]  # not 华家社区
    await town.press(GUAN, "采菱社区")
    await town.press(GUAN, "第二网格")
    await town.say(GUAN, "明天上午9点到12点停水，请提前储水。")
    calls = await town.press(GUAN, "需要回执")
    notice_id, count = preview_of(calls)
    preview = town.api.last(GUAN.id)
    assert count == 3 and "采菱社区" not in preview.plain_text and "第二网格" in preview.plain_text
    assert "回执：需要" in preview.plain_text and "停水" in preview.plain_text
    assert town.api.sent(WANG.id) == []  # nothing goes before 发送

    assert await send_now(town, GUAN) == 3
    assert receivers(town.api) == {WANG.id, LI.id, ZHOU.id}
    [copy] = notices_to(town.api, WANG.id)
    assert "明天上午9点到12点停水" in copy.plain_text and copy.button_texts == ["✅ 已阅"]
    final = town.api.messages[(GUAN.id, preview.result["message_id"])]
    assert "发送完毕" in final["text"] and "已发送 3" in final["text"]
    assert "发送完毕" in town.api.last(GUAN.id).plain_text
    async with unit_of_work(town.services.sessions) as repos:
        notice = await repos.session.get(Notice, notice_id)
        [entry] = (
            await repos.session.scalars(select(AuditEntry).where(AuditEntry.action == "broadcast"))
        ).all()
    assert notice is not None and notice.status is NoticeStatus.DONE
    assert entry.actor_telegram_id == GUAN.id and entry.detail is not None
    assert entry.detail["recipients"] == 3 and "停水" not in str(entry.detail)


async def test_one_line_form_escapes_text_and_toggles_receipt(town: BotHarness) -> None:
    _, count = await one_line(town, GUAN, "grid:cailing-05 消防检查 <今晚> 7点 & 8点")
    assert count == 1
    assert "回执：不需要" in town.api.last(GUAN.id).plain_text
    await town.press(GUAN, "回执：不需要（点此切换）")
    assert "回执：需要" in town.api.last(GUAN.id).plain_text
    await send_now(town, GUAN)
    [copy] = notices_to(town.api, ZHAO.id)
    assert "消防检查 <今晚> 7点 & 8点" in copy.plain_text and copy.button_texts == ["✅ 已阅"]
    assert receivers(town.api) == {ZHAO.id}


async def test_scopes_pick_exactly_the_right_residents(town: BotHarness) -> None:
    assert (await one_line(town, GUAN, "all 防诈骗提醒"))[1] == 4
    assert (await one_line(town, GUAN, "community:cailing 台风预警"))[1] == 4
    assert (await one_line(town, GUAN, "grid:cailing-02 停电通知"))[1] == 3
    # 3号楼 is not 13号楼, and not 华家社区's 3号楼
    assert (await one_line(town, GUAN, "building:cailing:3号楼 电梯检修"))[1] == 2
    assert (await one_line(town, CHIEF, "all 全区通知"))[1] == 5
    await send_now(town, GUAN)  # the last preview of GUAN: the building
    assert receivers(town.api) == {WANG.id, ZHOU.id}
    await send_now(town, CHIEF)
    assert {c.chat_id for c in town.api.sent() if "社区通知\n全区通知" in c.plain_text} == {
        u.id for u in (*CAILING, QIAN)
    }


async def test_building_through_the_dialogue(town: BotHarness) -> None:
    await town.say(GUAN, "/broadcast")
    await town.press(GUAN, "某栋楼")
    await town.press(GUAN, "采菱社区")
    await town.say(GUAN, "3号楼")
    await town.say(GUAN, "电梯明天检修")
    _, count = preview_of(await town.press(GUAN, "不需要"))
    assert count == 2
    await send_now(town, GUAN)
    assert receivers(town.api) == {WANG.id, ZHOU.id}


async def test_an_admin_cannot_reach_outside_their_areas(town: BotHarness) -> None:
    for line in ("community:huajia 停水", "grid:huajia-01 停水", "building:huajia:3号楼 停水"):
        [refused] = await town.say(GUAN, f"/broadcast {line}")
        assert "不在您管辖的区域" in refused.plain_text
    [unknown] = await town.say(GUAN, "/broadcast grid:nowhere-9 停水")
    assert "没有这个社区或网格代码" in unknown.plain_text
    [usage] = await town.say(GUAN, "/broadcast everyone 停水")
    assert "用法" in usage.plain_text
    async with unit_of_work(town.services.sessions) as repos:
        assert (await repos.session.scalars(select(Notice))).all() == []


async def test_only_admins_broadcast(town: BotHarness) -> None:
    for user in (LIU, WANG):
        [refused] = await town.say(user, "/broadcast all 假通知")
        assert "这个命令我不认识" in refused.plain_text
    notice_id, _ = await one_line(town, GUAN, "all 真通知")
    await town.press_data(WANG, f"w:bc:send:{notice_id}")
    await town.press_data(
        LIU, f"w:bc:send:{notice_id}"
    )  # a worker passes the gate, not the service
    assert await broadcaster(town).drain() == 0
    assert receivers(town.api) == set()


async def test_cancel_at_the_preview_and_during_the_dialogue(town: BotHarness) -> None:
    notice_id, _ = await one_line(town, GUAN, "all 发错了")
    await town.press(GUAN, "取消")
    assert town.api.last(GUAN.id).plain_text == f"通知 #{notice_id} 已取消，没有发送。"
    await town.say(GUAN, "/broadcast")
    await town.press(GUAN, "取消")
    assert "已取消" in town.api.last(GUAN.id).plain_text
    [expired] = await town.press_data(GUAN, "w:bc:a:all")
    assert expired.method == "answerCallbackQuery"
    await town.say(WANG, "小区门口天天乱停车，车都开不出去")  # residents are unaffected
    assert await broadcaster(town).drain() == 0 and receivers(town.api) == set()


async def test_a_photo_notice(town: BotHarness) -> None:
    await town.say(GUAN, "/broadcast")
    await town.press(GUAN, "某个网格")
    await town.press(GUAN, "采菱社区")
    await town.press(GUAN, "第五网格")
    await town.feed(town.updates.photo(GUAN))
    assert "图片收到了" in town.api.last(GUAN.id).plain_text
    await town.say(GUAN, "周六上午消防演练")
    await town.press(GUAN, "不需要")
    assert "附图片" in town.api.last(GUAN.id).plain_text
    await send_now(town, GUAN)
    [copy] = notices_to(town.api, ZHAO.id)
    assert copy.method == "sendPhoto" and "消防演练" in copy.plain_text
