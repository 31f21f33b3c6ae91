"""每月一题: a hotspot raised from /hotspots, residents invited, suggestions, the outcome."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.services.residents_privacy import ResidentPrivacy
from storage.models import AgendaItem, AgendaReply, AuditEntry
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.metoo.conftest import LI, PARKING, PARKING_AGAIN, PARKING_TOO, QIAN, tickets
from tests.bot.workers.conftest import GUAN, LIU, report
from tests.harness import BotHarness

IDEA = "建议在门口画停车线，外来车辆登记"


async def _crowd(h: BotHarness) -> None:
    """3 households on parking in 第二网格: 王阿姨's ticket, 李叔's 我也遇到, 钱姐's own."""
    await report(h, WANG, PARKING)
    await h.say(LI, PARKING_TOO)
    await h.press(LI, "🙋 我也遇到")
    await h.say(QIAN, PARKING_AGAIN)
    await h.press(QIAN, "这是另一件事")


async def _count(h: BotHarness, model: type) -> int:
    async with unit_of_work(h.services.sessions) as repos:
        return int(await repos.session.scalar(select(func.count()).select_from(model)) or 0)


async def test_from_hotspot_to_announced_outcome(street: BotHarness) -> None:
    await _crowd(street)
    await street.say(GUAN, "/hotspots")
    await street.press(GUAN, "📌 第 1 条列入每月一题")
    raised = street.api.last(GUAN.id)
    assert "每月一题 #1" in raised.plain_text and "已列入" in raised.plain_text
    assert raised.button_texts == ["📨 邀请相关居民"]
    await street.press(GUAN, "📨 邀请相关居民")
    assert "已给 3 位居民发出邀请" in street.api.last(GUAN.id).plain_text
    for resident in (WANG, LI, QIAN):
        invite = street.api.last(resident.id)
        assert "每月一题" in invite.plain_text and "停车问题" in invite.plain_text
        assert invite.button_texts == ["🙋 我要参加", "💡 我有建议"]
    await street.press(WANG, "🙋 我要参加")
    assert "已为您报名" in street.api.last(WANG.id).plain_text
    await street.press(LI, "💡 我有建议")
    assert "发一条文字" in street.api.last(LI.id).plain_text
    before = len(await tickets(street))
    await street.say(LI, IDEA)
    assert "谢谢您的建议" in street.api.last(LI.id).plain_text
    assert len(await tickets(street)) == before  # a suggestion, not a report
    [listing] = await street.say(GUAN, "/agenda")
    assert "#1" in listing.plain_text and "邀请 3 · 参加 1 · 建议 1" in listing.plain_text
    [detail] = await street.say(GUAN, "/agenda 1")
    assert IDEA in detail.plain_text and "李叔" in detail.plain_text
    [done] = await street.say(GUAN, "/agenda 1 议事会商定：门口画线，外来车辆登记放行")
    assert "已把结果发给 3 位" in done.plain_text
    for resident in (WANG, LI, QIAN):
        assert "门口画线" in street.api.last(resident.id).plain_text
    [again] = await street.say(GUAN, "/agenda 1 再说一次")
    assert "已公布结果" in again.plain_text
    await street.press_data(QIAN, "ag:join:1")
    assert "已经结束" in street.api.last(QIAN.id).plain_text
    async with unit_of_work(street.services.sessions) as repos:
        item = await repos.session.get(AgendaItem, 1)
        actions = (await repos.session.scalars(select(AuditEntry.action))).all()
    assert item is not None and item.status == "announced" and item.outcome
    assert {"agenda.raise", "agenda.invite", "agenda.announce"} <= set(actions)


async def test_only_admins_and_a_later_message_is_a_report_again(street: BotHarness) -> None:
    await _crowd(street)
    [refused] = await street.say(LIU, "/agenda")
    assert "不认识" in refused.plain_text
    await street.say(GUAN, "/hotspots")
    await street.press(GUAN, "📌 第 1 条列入每月一题")
    assert await _count(street, AgendaItem) == 1
    await street.press_data(LIU, "w:ag:inv:1")  # a worker's forged press: refused
    assert await _count(street, AgendaReply) == 0
    await street.say(GUAN, "/hotspots")
    await street.press(GUAN, "📌 第 1 条列入每月一题")  # the same spot again: the same item
    assert await _count(street, AgendaItem) == 1
    await street.press(GUAN, "📨 邀请相关居民")
    [usage] = await street.say(GUAN, "/agenda x")
    assert "用法" in usage.plain_text
    await street.say(WANG, "楼上邻居半夜吵架吵得睡不着")  # no 我有建议 pressed: a report
    assert "工单号 #" in street.api.last(WANG.id).plain_text


async def test_suggestions_are_exported_and_erased_with_the_resident(street: BotHarness) -> None:
    await _crowd(street)
    await street.say(GUAN, "/hotspots")
    await street.press(GUAN, "📌 第 1 条列入每月一题")
    await street.press(GUAN, "📨 邀请相关居民")
    await street.press(LI, "💡 我有建议")
    await street.say(LI, IDEA)
    privacy = ResidentPrivacy(street.services.sessions)
    exported = await privacy.export(LI.id)
    assert [r["suggestion"] for r in exported["agenda_replies"]] == [IDEA]
    await privacy.forget(LI.id)
    async with unit_of_work(street.services.sessions) as repos:
        said = (await repos.session.scalars(select(AgendaReply.suggestion))).all()
    assert IDEA not in said and "[已删除]" in said
