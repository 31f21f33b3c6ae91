"""延期 (/extend with an admin's 同意延期 / 不同意) and 申诉 of a 不满意 rating (维持 / 撤销)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import AuditEntry, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import CHEN, GUAN, LIU, report
from tests.bot.workers.test_verification import history, text_reply, ticket
from tests.harness import BotHarness

PARKING = "小区门口天天乱停车，车都开不出去"


async def taken(h: BotHarness) -> int:
    ticket_id = await report(h, WANG, PARKING)
    await h.say(LIU, f"/take {ticket_id}")
    return ticket_id


async def audit_actions(h: BotHarness) -> list[tuple[str, int | None]]:
    async with unit_of_work(h.services.sessions) as repos:
        rows = (await repos.session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    return [(a.action, a.ticket_id) for a in rows]


async def test_an_approved_extension_moves_the_deadline_and_tells_both(grid: BotHarness) -> None:
    ticket_id = await taken(grid)
    due = (await ticket(grid, ticket_id)).due_by
    assert due is not None
    [asked] = await grid.say(LIU, f"/extend {ticket_id} 2d 要等物业开会决定")
    assert "申请延期 2天" in asked.plain_text and "等管理员审批" in asked.plain_text
    card = grid.api.last(GUAN.id)
    assert "延期申请" in card.plain_text and "要等物业开会决定" in card.plain_text
    assert "刘芳" in card.plain_text and card.button_texts == ["✅ 同意延期", "❌ 不同意"]
    assert not any("延期申请" in c.plain_text for c in grid.api.sent(CHEN.id))
    [again] = await grid.say(LIU, f"/extend {ticket_id} 36h 再多一点")
    assert "已有一个延期申请" in again.plain_text

    await grid.press(GUAN, "✅ 同意延期")
    assert "已同意" in grid.api.last(GUAN.id).plain_text
    t = await ticket(grid, ticket_id)
    assert t.due_by == due + timedelta(days=2) and t.extension_until is None
    assert "延期申请已同意" in grid.api.last(LIU.id).plain_text
    told = grid.api.last(WANG.id).plain_text
    assert "需要多一点时间" in told and "前办好" in told
    rows = {e.kind: e for e in await history(grid, ticket_id)}
    assert (rows["extension_requested"].data or {})["hours"] == 48
    approved = rows["extension_approved"].data or {}
    assert approved["hours"] == 48 and approved["until"] == (due + timedelta(days=2)).isoformat()
    assert ("extend_approve", ticket_id) in await audit_actions(grid)


async def test_a_refused_extension_keeps_the_deadline(grid: BotHarness) -> None:
    ticket_id = await taken(grid)
    due = (await ticket(grid, ticket_id)).due_by
    await grid.say(LIU, f"/extend {ticket_id} 36h 等配件")
    await grid.press(GUAN, "❌ 不同意")
    assert (await ticket(grid, ticket_id)).due_by == due
    assert "没有被同意" in grid.api.last(LIU.id).plain_text
    assert "extension_refused" in [e.kind for e in await history(grid, ticket_id)]
    [stale] = await grid.say(LIU, f"/extend {ticket_id} 1d 还是等配件")  # a new request may follow
    assert "等管理员审批" in stale.plain_text


async def test_only_the_owner_asks_and_usage_is_explained(grid: BotHarness) -> None:
    unowned = await report(grid, WANG, "楼下垃圾桶满了好几天没人清运，臭得很")
    ticket_id = await taken(grid)
    [other] = await grid.say(CHEN, f"/extend {ticket_id} 2d 我来")
    assert "只有工单" in other.plain_text and "负责人" in other.plain_text
    for bad in (f"/extend {ticket_id}", f"/extend {ticket_id} 2x 原因", f"/extend {ticket_id} 2d"):
        [usage] = await grid.say(LIU, bad)
        assert "用法：/extend" in usage.plain_text
    [too_long] = await grid.say(LIU, f"/extend {ticket_id} 999d 原因")
    assert "用法：/extend" in too_long.plain_text
    [nobody] = await grid.say(LIU, f"/extend {unowned} 1d 原因")
    assert "负责人" in nobody.plain_text
    [chinese] = await grid.say(LIU, f"/extend {ticket_id} 36小时 等配件")
    assert "申请延期 36小时" in chinese.plain_text


async def dissatisfied(h: BotHarness) -> int:
    ticket_id = await taken(h)
    await h.say(LIU, f"/resolve {ticket_id} 已联系车主挪车")
    await h.press(WANG, "不满意")
    return ticket_id


async def test_appeal_by_button_and_the_admin_removes_the_rating(grid: BotHarness) -> None:
    ticket_id = await dissatisfied(grid)
    told = grid.api.last(LIU.id)
    assert "居民评价：不满意" in told.plain_text and told.button_texts == ["⚖️ 申诉"]
    await grid.press(LIU, "⚖️ 申诉")
    prompt = grid.api.last(LIU.id)
    assert "申诉理由" in prompt.plain_text
    [sent] = await text_reply(grid, LIU, prompt, "居民不满意的是停车收费，不归网格管")
    assert "申诉已提交" in sent.plain_text
    card = grid.api.last(GUAN.id)
    assert "评价申诉" in card.plain_text and "停车收费" in card.plain_text
    assert card.button_texts == ["维持评价", "撤销评价"]
    [once] = await grid.say(LIU, f"/appeal {ticket_id} 再申诉一次")
    assert "只能申诉一次" in once.plain_text

    await grid.press(GUAN, "撤销评价")
    assert "已撤销" in grid.api.last(GUAN.id).plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.CLOSED and t.rating is None and t.appeal == "removed"
    assert "申诉成立" in grid.api.last(LIU.id).plain_text
    kinds = [e.kind for e in await history(grid, ticket_id)]
    assert kinds[-3:] == ["rated", "rating_appealed", "rating_removed"]
    assert ("appeal_remove", ticket_id) in await audit_actions(grid)
    shown = " ".join(c.plain_text for c in await grid.say(GUAN, "/stats"))
    assert "工单总数：1 件" in shown and "不满意 1" not in shown  # not in 满意率 any more


async def test_appeal_by_command_and_the_admin_upholds(grid: BotHarness) -> None:
    ticket_id = await dissatisfied(grid)
    [other] = await grid.say(CHEN, f"/appeal {ticket_id} 我替他申诉")
    assert "不能申诉" in other.plain_text
    [sent] = await grid.say(LIU, f"/appeal {ticket_id} 已经按要求处理")
    assert "申诉已提交" in sent.plain_text
    await grid.press(GUAN, "维持评价")
    t = await ticket(grid, ticket_id)
    assert t.rating == "dissatisfied" and t.appeal == "upheld"
    assert "评价维持不变" in grid.api.last(LIU.id).plain_text
    assert ("appeal_uphold", ticket_id) in await audit_actions(grid)
    await grid.press_data(GUAN, f"w:apr:{ticket_id}")  # an old button: nothing left to decide
    assert (await ticket(grid, ticket_id)).rating == "dissatisfied"


async def test_a_satisfied_rating_cannot_be_appealed(grid: BotHarness) -> None:
    ticket_id = await taken(grid)
    await grid.say(LIU, f"/resolve {ticket_id} 已联系车主挪车")
    await grid.press(WANG, "满意")
    assert not any("申诉" in c.plain_text for c in grid.api.sent(LIU.id))
    [refused] = await grid.say(LIU, f"/appeal {ticket_id} 理由")
    assert "不能申诉" in refused.plain_text
    [usage] = await grid.say(LIU, f"/appeal {ticket_id}")
    assert "用法：/appeal" in usage.plain_text
