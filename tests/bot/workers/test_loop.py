"""The closed loop: 派单 → 签收 → 办理 → 办结 → 评价, with 首问负责 and reopening."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, Ticket, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, report
from tests.harness import BotHarness

LITTER = "楼下垃圾桶满了好几天没人清运，臭得很"  # sanitation: no 核查 (see test_verification)


async def ticket(h: BotHarness, ticket_id: int) -> Ticket:
    async with unit_of_work(h.services.sessions) as repos:
        found = await repos.tickets.get(ticket_id)
    assert found is not None
    return found


async def test_full_loop_dispatch_take_reply_answer_resolve_rate(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    for worker in (LIU, CHEN):
        notice = grid.api.sent(worker.id)[0]
        assert f"新工单 #{ticket_id}" in notice.plain_text and "3号楼2单元501" in notice.plain_text
        assert CONFIDENT in notice.plain_text and "停车" in notice.plain_text
        assert notice.button_texts == ["✋ 接单", "🔁 转派", "📄 详情"]
    assert grid.api.sent(SUN.id) == [] and grid.api.sent(GUAN.id) == []
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ASSIGNED

    await grid.press(LIU, "✋ 接单")
    assert "已签收" in grid.api.last(LIU.id).plain_text
    assert "网格员刘芳已接单" in grid.api.last(WANG.id).plain_text
    [refused] = await grid.say(CHEN, f"/take {ticket_id}")
    assert "已由网格员刘芳签收" in refused.plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.ACCEPTED and t.accepted_at is not None

    await grid.say(LIU, f"/reply {ticket_id} 阿姨您好，我下午三点过去看看<b>")
    to_resident = grid.api.last(WANG.id)
    assert (
        "网格员刘芳回复" in to_resident.plain_text
        and "下午三点过去看看<b>" in to_resident.plain_text
    )
    answer = grid.updates.text(WANG, "好的，我在家等你", reply_to_message=to_resident.result)
    await grid.feed(answer)
    relayed = grid.api.last(LIU.id).plain_text
    assert "居民王阿姨" in relayed and "好的，我在家等你" in relayed
    await grid.say(WANG, "对了，车是白色的")  # still the ticket being discussed
    assert "车是白色的" in grid.api.last(LIU.id).plain_text

    await grid.say(LIU, f"/note {ticket_id} 车主是物业保安的亲戚")
    await grid.say(LIU, f"/resolve {ticket_id} 已联系车主挪车，并在门口加装了禁停标志")
    resolved = grid.api.last(WANG.id)
    assert "已办结" in resolved.plain_text and "禁停标志" in resolved.plain_text
    assert resolved.button_texts == ["满意", "基本满意", "不满意", "问题没解决"]
    assert not any("物业保安" in c.plain_text for c in grid.api.sent(WANG.id))
    await grid.press(WANG, "满意")
    assert "谢谢您的评价" in grid.api.last(WANG.id).plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.CLOSED and t.rating == "satisfied" and not t.rating_is_default
    [detail] = await grid.say(WANG, f"/ticket {ticket_id}")
    assert "物业保安" not in detail.plain_text and "已评价" in detail.plain_text
    async with unit_of_work(grid.services.sessions) as repos:
        actions = (await repos.session.scalars(select(AuditEntry.action))).all()
    assert {"take", "reply", "note", "resolve"} <= set(actions)


async def test_not_solved_reopens_to_the_owner(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, LITTER)
    await grid.say(CHEN, f"/take {ticket_id}")
    await grid.say(CHEN, f"/resolve {ticket_id} 已清理")
    await grid.press(WANG, "问题没解决")
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.ACCEPTED and t.rating is None
    assert "重新打开" in grid.api.last(CHEN.id).plain_text
    assert "继续办理" in grid.api.last(WANG.id).plain_text
    [queue] = await grid.say(CHEN, "/queue")
    assert f"#{ticket_id}" in queue.plain_text and "处理中" in queue.plain_text


async def test_first_answer_makes_the_owner_and_staff_see_the_full_history(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(CHEN, f"/reply {ticket_id} 收到，马上处理")
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ACCEPTED
    await grid.say(CHEN, f"/note {ticket_id} 内部：需要物业配合")
    [mine] = await grid.say(CHEN, f"/ticket {ticket_id}")
    assert "内部：需要物业配合" in mine.plain_text and "13812345678" in mine.plain_text
    [other] = await grid.say(LIU, f"/ticket {ticket_id}")
    assert "138****5678" in other.plain_text and "13812345678" not in other.plain_text
    [admin] = await grid.say(GUAN, f"/ticket {ticket_id}")
    assert "13812345678" in admin.plain_text


async def test_transfer_to_another_grid(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/transfer {ticket_id} cailing-05 车停在五网格那边")
    assert "已转派到第五网格" in grid.api.last(LIU.id).plain_text
    notice = grid.api.last(SUN.id).plain_text
    assert f"新工单 #{ticket_id}" in notice and "车停在五网格那边" in notice
    assert "转给第五网格" in grid.api.last(WANG.id).plain_text
    t = await ticket(grid, ticket_id)
    assert t.status is TicketStatus.ASSIGNED and t.assignee_id is None
    [gone] = await grid.say(LIU, f"/take {ticket_id}")
    assert "不在您负责的网格" in gone.plain_text
    await grid.press(SUN, "✋ 接单")
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ACCEPTED


async def test_transfer_with_buttons(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.press(CHEN, "🔁 转派")
    pick = grid.api.last(CHEN.id)
    assert "第五网格" in pick.button_texts and "第二网格" not in pick.button_texts
    await grid.press(CHEN, "第五网格")
    assert f"新工单 #{ticket_id}" in grid.api.last(SUN.id).plain_text


async def test_residents_and_other_grids_are_refused(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    for command in (f"/take {ticket_id}", f"/reply {ticket_id} 你好", "/queue", "/overdue"):
        [answer] = await grid.say(ZHAO, command)
        assert answer.plain_text.startswith("这个命令我不认识")
    forged = await grid.press_data(ZHAO, f"w:take:{ticket_id}")
    assert all(str(ticket_id) not in c.plain_text for c in forged)
    [other] = await grid.say(SUN, f"/take {ticket_id}")
    assert "不在您负责的网格" in other.plain_text
    [other_detail] = await grid.say(SUN, f"/ticket {ticket_id}")
    assert "找不到这个工单" in other_detail.plain_text
    [worker_admin_cmd] = await grid.say(LIU, "/grant 5 worker cailing-02")
    assert worker_admin_cmd.plain_text.startswith("这个命令我不认识")
    assert (await ticket(grid, ticket_id)).status is TicketStatus.ASSIGNED


async def test_queue_puts_urgent_and_overdue_first(grid: BotHarness) -> None:
    normal = await report(grid, WANG, CONFIDENT)
    grid.clock.advance(hours=30)  # past parking's 24 h respond-by
    fresh = await report(grid, WANG, "3号楼门口的路灯坏了")
    urgent = await report(grid, WANG, "着火了！楼道冒烟了")
    [queue] = await grid.say(LIU, "/queue")
    lines = queue.plain_text.splitlines()[1:]
    assert [int(line.split("#")[1].split()[0]) for line in lines] == [urgent, normal, fresh]
    assert "超时" in lines[1] and "剩" in lines[2]


async def test_admin_grants_and_revokes_in_chat(grid: BotHarness) -> None:
    [granted] = await grid.say(GUAN, "/grant 3999 worker cailing-03")
    assert "已授权 3999 为网格员" in granted.plain_text
    assert await grid.services.staff.role_of(3999) is not None
    [outside] = await grid.say(GUAN, "/grant 3998 worker fuhou-01")
    assert "不在您负责" in outside.plain_text
    [revoked] = await grid.say(GUAN, "/revoke 3999")
    assert "已取消" in revoked.plain_text
    assert await grid.services.staff.role_of(3999) is None
