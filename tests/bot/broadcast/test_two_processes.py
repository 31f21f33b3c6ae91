"""The /broadcast dialogue with every step landing on the other process (two Applications,
one database): the draft is stored per chat, not in one process's memory."""

from __future__ import annotations

from bot.domain.conversation import from_json
from storage.uow import unit_of_work
from tests.bot.broadcast.conftest import GUAN, LI, ZHOU, broadcaster, notices_to, preview_of
from tests.bot.handlers.conftest import WANG
from tests.harness import BotHarness
from tests.twin import twin


async def test_each_step_on_the_other_process(town: BotHarness) -> None:
    a = town
    async with twin(a) as b:
        [ask] = await a.say(GUAN, "/broadcast")
        assert ask.button_texts == ["我管辖的全部居民", "某个社区", "某个网格", "某栋楼", "取消"]
        await b.press(GUAN, "某个网格")
        asked = b.api.last(GUAN.id)
        assert asked.plain_text == "请选择社区：" and asked.button_texts == ["采菱社区", "取消"]
        await a.press(GUAN, "采菱社区")
        assert a.api.last(GUAN.id).plain_text == "请选择网格："
        await b.press(GUAN, "第二网格")
        assert "请发送通知内容" in b.api.last(GUAN.id).plain_text
        await a.say(GUAN, "明天上午9点到12点停水，请提前储水。")
        assert "回执" in a.api.last(GUAN.id).plain_text
        notice_id, count = preview_of(await b.press(GUAN, "需要回执"))
        preview = b.api.last(GUAN.id)
        assert count == 3 and "第二网格" in preview.plain_text and "停水" in preview.plain_text
        await a.press(GUAN, "✅ 发送")
        assert f"通知 #{notice_id} 发送中" in a.api.last(GUAN.id).plain_text

        assert await broadcaster(b).drain() == 3  # b sends the copies a started
        for resident in (WANG, LI, ZHOU):
            [copy] = notices_to(b.api, resident.id)
            assert "停水" in copy.plain_text and copy.button_texts == ["✅ 已阅"]
        await a.press(WANG, "✅ 已阅")
        final = a.api.messages[(GUAN.id, preview.result["message_id"])]["text"]
        assert "发送完毕" in final and "已发送 3" in final and f"#{notice_id}" in final
        [report] = await b.say(GUAN, f"/notice {notice_id}")
        assert "还没确认的居民（2 人" in report.plain_text  # WANG confirmed on a
        assert "李叔" in report.plain_text and "王阿姨" not in report.plain_text
        assert a.api.sent(LI.id) == [] and a.api.sent(ZHOU.id) == []  # nothing twice


async def test_a_revoked_admin_mid_dialogue_writes_like_anyone(town: BotHarness) -> None:
    await town.say(GUAN, "/broadcast")
    await town.press(GUAN, "我管辖的全部居民")
    async with unit_of_work(town.services.sessions) as repos:
        staff = await repos.staff.by_telegram_id(GUAN.id)
        assert staff is not None
        staff.active = False
    kept, welcome = await town.say(GUAN, "明天停水")  # not a notice: a first message
    assert "记下了" in kept.plain_text and "第 1 步" in welcome.plain_text
    async with unit_of_work(town.services.sessions) as repos:
        state = from_json((await repos.conversations.get(GUAN.id)).data)
    assert state.broadcast is None and state.registration is not None
