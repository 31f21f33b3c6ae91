"""核查 before 结案: a photo as evidence, a check by someone other than the doer, 返工."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.services.residents_privacy import ResidentPrivacy
from storage.models import Attachment, AuditEntry, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, report
from tests.botapi import Call
from tests.harness import BotHarness
from tests.updates import TgUser

FIRE_EXIT = "楼道里堆满了纸箱杂物，堵住消防通道"


async def ticket(h: BotHarness, ticket_id: int) -> Ticket:
    async with unit_of_work(h.services.sessions) as repos:
        found = await repos.tickets.get(ticket_id)
    assert found is not None
    return found


async def history(h: BotHarness, ticket_id: int) -> list[TicketEvent]:
    async with unit_of_work(h.services.sessions) as repos:
        return list(await repos.tickets.events(ticket_id, resident_view=False))


async def photo_reply(h: BotHarness, user: TgUser, prompt: Call) -> list[Call]:
    """The user answers a prompt of the bot with a photo (replying to it)."""
    update: dict[str, Any] = h.updates.photo(user)
    update["message"]["reply_to_message"] = prompt.result
    return await h.send(user, update)


async def text_reply(h: BotHarness, user: TgUser, prompt: Call, text: str) -> list[Call]:
    """The user answers a prompt of the bot with words (replying to it)."""
    return await h.send(user, h.updates.text(user, text, reply_to_message=prompt.result))


async def submitted(h: BotHarness) -> int:
    """A fire-exit ticket taken by 刘 and submitted with a photo: waiting for 核查."""
    ticket_id = await report(h, WANG, FIRE_EXIT)
    await h.say(LIU, f"/take {ticket_id}")
    [prompt] = await h.say(LIU, f"/resolve {ticket_id} 已清理楼道，张贴了禁放告示")
    await photo_reply(h, LIU, prompt)
    return ticket_id


async def test_resolve_asks_for_a_photo_then_waits_for_the_check(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, FIRE_EXIT)
    await grid.say(LIU, f"/take {ticket_id}")
    grid.api.clear()
    [prompt] = await grid.say(LIU, f"/resolve {ticket_id} 已清理楼道")
    assert "现场照片" in prompt.plain_text and "回复这条消息" in prompt.plain_text
    assert prompt.markup["force_reply"] is True
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ACCEPTED
    assert grid.api.sent(WANG.id) == []

    [done] = await photo_reply(grid, LIU, prompt)
    assert "等待核查" in done.plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.VERIFYING and t.resolved_at is not None
    resolved = grid.api.last(WANG.id)
    assert "已办结" in resolved.plain_text and "已清理楼道" in resolved.plain_text
    assert resolved.button_texts == ["满意", "基本满意", "不满意", "问题没解决"]
    for checker in (CHEN, GUAN):
        card = [c for c in grid.api.sent(checker.id) if "待核查" in c.plain_text][-1]
        assert card.button_texts == ["✅ 核查通过", "↩️ 核查不通过"]
        assert "网格员刘芳已提交办结" in card.plain_text and "照片 1 张" in card.plain_text
        assert any(c.method == "sendPhoto" for c in grid.api.sent(checker.id))
    assert not any("已提交办结：" in c.plain_text for c in grid.api.sent(LIU.id))
    assert grid.api.sent(SUN.id) == []
    async with unit_of_work(grid.services.sessions) as repos:
        photos = (await repos.session.scalars(select(Attachment))).all()
    assert [(p.ticket_id, p.staff_id is not None) for p in photos] == [(ticket_id, True)]
    kinds = [e.kind for e in await history(grid, ticket_id)]
    assert kinds[-3:] == ["evidence_wanted", "evidence", "verify_requested"]
    [mine] = await grid.say(WANG, "/my")
    assert "待核查" in mine.plain_text
    [queue] = await grid.say(CHEN, "/queue")
    assert f"#{ticket_id}" in queue.plain_text and "待核查" in queue.plain_text
    [overdue] = await grid.say(GUAN, "/overdue")
    assert f"#{ticket_id}" not in overdue.plain_text


async def test_the_doer_cannot_check_and_a_failed_check_is_rework(grid: BotHarness) -> None:
    ticket_id = await submitted(grid)
    [own] = await grid.say(LIU, f"/verify {ticket_id} 通过")
    assert "需要由其他网格员或管理员核查" in own.plain_text
    assert (await ticket(grid, ticket_id)).status is TicketStatus.VERIFYING

    await grid.press(CHEN, "↩️ 核查不通过")
    prompt = grid.api.last(CHEN.id)
    assert "写明哪里还没办好" in prompt.plain_text
    [done] = await text_reply(grid, CHEN, prompt, "楼道里还有两个纸箱")
    assert "退回" in done.plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.ACCEPTED and t.resolved_at is None
    rework = grid.api.last(LIU.id).plain_text
    assert "返工" in rework and "陈刚核查不通过" in rework and "还有两个纸箱" in rework
    assert "还没有完全办好" in grid.api.last(WANG.id).plain_text
    failed = [e for e in await history(grid, ticket_id) if e.kind == "verify_failed"]
    assert [(e.data or {}).get("by") for e in failed] == ["staff"]
    await grid.press(WANG, "满意")  # the old rating request is stale now
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ACCEPTED

    [again] = await grid.say(LIU, f"/resolve {ticket_id} 纸箱全部清走了")
    assert "现场照片" in again.plain_text  # the old photo was before the failed check
    await photo_reply(grid, LIU, again)
    assert (await ticket(grid, ticket_id)).status is TicketStatus.VERIFYING
    await grid.press(GUAN, "✅ 核查通过")
    assert "核查通过" in grid.api.last(GUAN.id).plain_text
    assert (await ticket(grid, ticket_id)).status is TicketStatus.RESOLVED
    assert "核查通过" in grid.api.last(LIU.id).plain_text
    await grid.press(WANG, "满意")
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.CLOSED and t.rating == "satisfied"
    async with unit_of_work(grid.services.sessions) as repos:
        actions = set((await repos.session.scalars(select(AuditEntry.action))).all())
    assert {"verify_fail", "verify_pass", "evidence"} <= actions


async def test_the_residents_answer_is_the_check(grid: BotHarness) -> None:
    ticket_id = await submitted(grid)
    await grid.press(WANG, "问题没解决")
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ACCEPTED
    assert "继续办理" in grid.api.last(WANG.id).plain_text
    assert "居民反馈问题没解决" in grid.api.last(LIU.id).plain_text
    [prompt] = await grid.say(LIU, f"/resolve {ticket_id} 又清理了一遍")
    await photo_reply(grid, LIU, prompt)
    await grid.press(WANG, "基本满意")
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.CLOSED and t.rating == "fairly_satisfied"
    kinds = [(e.kind, (e.data or {}).get("by")) for e in await history(grid, ticket_id)]
    assert ("verify_failed", "resident") in kinds and ("verified", "resident") in kinds
    [late] = await grid.say(CHEN, f"/verify {ticket_id} 通过")
    assert "不在待核查状态" in late.plain_text


async def test_a_photo_first_is_kept_and_resolve_then_goes_straight_to_the_check(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, FIRE_EXIT)
    await grid.say(LIU, f"/take {ticket_id}")
    [ask] = await grid.say(LIU, f"/resolve {ticket_id} 清理了")
    [wrong] = await text_reply(grid, LIU, ask, "照片等会儿发")  # words where a photo was asked
    assert "发一张现场照片" in wrong.plain_text
    await photo_reply(grid, LIU, wrong)
    assert (await ticket(grid, ticket_id)).status is TicketStatus.VERIFYING


async def test_categories_without_verify_resolve_as_before(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await grid.say(LIU, f"/take {ticket_id}")
    [done] = await grid.say(LIU, f"/resolve {ticket_id} 已挪车")
    assert "已办结" in done.plain_text
    assert (await ticket(grid, ticket_id)).status is TicketStatus.RESOLVED


async def test_forget_resident_reaches_the_evidence_and_the_reasons(grid: BotHarness) -> None:
    ticket_id = await submitted(grid)
    await grid.press(CHEN, "↩️ 核查不通过")
    await text_reply(grid, CHEN, grid.api.last(CHEN.id), "王阿姨说3号楼2单元501门口还堆着")
    exported = await ResidentPrivacy(grid.services.sessions).export(WANG.id)
    [mine] = exported["tickets"]
    assert [a["staff_id"] is not None for a in mine["attachments"]] == [True]
    assert "verify_failed" in [e["kind"] for e in mine["events"]]
    await ResidentPrivacy(grid.services.sessions).forget(WANG.id)
    async with unit_of_work(grid.services.sessions) as repos:
        assert (await repos.session.scalars(select(Attachment))).all() == []
    reasons = [e.text or "" for e in await history(grid, ticket_id) if e.kind == "verify_failed"]
    assert reasons and not any("3号楼2单元501" in r for r in reasons)
