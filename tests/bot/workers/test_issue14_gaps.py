"""Issue 14's remaining gaps through the real Application: a 核查 left waiting is chased, an
extension in 工作时 adds working days, a pause ended by 办结/转派/撤销 still moves the limits on
(and 按期结案率 agrees), staff see the paused and 待核查 states, and a ticket whose owner is
its grid's only admin goes to the settings admins for a decision."""

from __future__ import annotations

from datetime import timedelta

from bot.chat.views import texts
from storage.models import Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, GUAN, LIU, report
from tests.bot.workers.test_verification import history, submitted
from tests.bot.workers.test_working_hours import RUBBISH, local
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

NEWBIE = TgUser(3999, "新网格员")
BOSS = TgUser(ADMIN_ID, "超级管理员")  # GRIDBOT_ADMIN_IDS


async def _ticket(h: BotHarness, ticket_id: int) -> Ticket:
    async with unit_of_work(h.services.sessions) as repos:
        found = await repos.tickets.get(ticket_id)
    assert found is not None
    return found


def _said(h: BotHarness, user: TgUser, words: str) -> list[str]:
    return [c.plain_text for c in h.api.sent(user.id) if words in c.plain_text]


async def test_a_check_left_waiting_is_reminded_then_escalated_once(grid: BotHarness) -> None:
    ticket_id = await submitted(grid)  # 刘 did the work; 陈 and 管 may check it
    grid.api.clear()
    grid.clock.advance(hours=23)
    assert (await grid.services.deadlines.sweep()).checks_chased == []
    grid.clock.advance(hours=1)
    assert (await grid.services.deadlines.sweep()).checks_chased == [ticket_id]
    await grid.deliver()
    for checker in (CHEN, GUAN):
        [reminder] = [c for c in grid.api.sent(checker.id) if "核查催办" in c.plain_text]
        assert f"#{ticket_id}" in reminder.plain_text and "24 小时" in reminder.plain_text
        assert reminder.button_texts == ["✅ 核查通过", "↩️ 核查不通过"]
    assert _said(grid, LIU, "核查") == []  # never the doer
    grid.clock.advance(hours=12)
    assert (await grid.services.deadlines.sweep()).checks_chased == []  # once
    grid.clock.advance(hours=12)
    assert (await grid.services.deadlines.sweep()).checks_chased == [ticket_id]
    await grid.deliver()
    assert len(_said(grid, GUAN, "核查督办")) == 1 and _said(grid, CHEN, "核查督办") == []
    grid.clock.advance(hours=48)
    assert (await grid.services.deadlines.sweep()).checks_chased == []
    kinds = [e.kind for e in await history(grid, ticket_id)]
    assert kinds.count("verify_reminded") == kinds.count("verify_escalated") == 1
    await grid.press(CHEN, "✅ 核查通过")  # the reminder's buttons work
    assert "核查通过" in grid.api.last(CHEN.id).plain_text


async def test_an_extension_in_working_hours_adds_working_days(grid: BotHarness) -> None:
    grid.clock.now = local(2026, 12, 4, 16)  # Friday 16:00; resolve-by Tuesday 16:00
    ticket_id = await report(grid, WANG, RUBBISH)  # sanitation: 工作时
    await grid.say(LIU, f"/take {ticket_id}")
    assert (await _ticket(grid, ticket_id)).due_by == local(2026, 12, 8, 16)
    [asked] = await grid.say(LIU, f"/extend {ticket_id} 2d 等环卫车")
    assert "2个工作日" in asked.plain_text and "14 个工作小时" in asked.plain_text
    assert "1天 = 1个工作日 = 7 个工作小时" in asked.plain_text
    card = grid.api.last(GUAN.id)
    assert "延期申请" in card.plain_text and "14个工作小时" in card.plain_text
    await grid.press(GUAN, "✅ 同意延期")
    # 14 working hours from Tuesday 16:00: 1.5 + 7 (Wednesday) + 3.5 + 2 → Thursday 16:00
    assert (await _ticket(grid, ticket_id)).due_by == local(2026, 12, 10, 16)
    rows = {e.kind: e.data or {} for e in await history(grid, ticket_id)}
    assert rows["extension_requested"]["hours"] == 14 and rows["extension_requested"]["working"]


async def test_resolving_while_waiting_moves_the_deadline_and_counts_on_time(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)  # parking: clock hours, 72 h to resolve
    await grid.say(LIU, f"/take {ticket_id}")
    before = await _ticket(grid, ticket_id)
    await grid.say(LIU, f"/ask {ticket_id} 是哪个门？")
    grid.clock.advance(hours=80)  # past the old resolve-by, all of it waiting
    await grid.say(LIU, f"/resolve {ticket_id} 已联系车主挪车")
    after = await _ticket(grid, ticket_id)
    assert before.due_by is not None and after.due_by == before.due_by + timedelta(hours=80)
    assert after.waiting_since is None
    rows = await history(grid, ticket_id)
    [ended] = [e for e in rows if e.kind == "pause_ended"]
    assert (ended.data or {})["paused_seconds"] == 80 * 3600 and not ended.visible_to_resident
    assert "resident_answered" not in [e.kind for e in rows]
    rates = await grid.services.rates.overall(days=30)
    counts = rates.total.counts
    assert (counts.resolve_due, counts.resolved_in_time) == (
        1,
        1,
    )  # the wait is not held against it


async def test_a_transfer_or_a_withdrawal_while_waiting_ends_the_pause(grid: BotHarness) -> None:
    grid.clock.now = local(2026, 12, 2, 9)  # Wednesday 09:00: working time passes as it waits
    moved = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {moved}")
    await grid.say(LIU, f"/ask {moved} 是哪个门？")
    withdrawn = await report(grid, WANG, RUBBISH)
    await grid.say(CHEN, f"/take {withdrawn}")
    await grid.say(CHEN, f"/ask {withdrawn} 是哪个垃圾桶？")
    due = {i: (await _ticket(grid, i)).due_by for i in (moved, withdrawn)}
    grid.clock.advance(hours=5)
    await grid.say(LIU, f"/transfer {moved} cailing-05 不是我们网格")
    await grid.say(WANG, f"/cancel {withdrawn}")
    await grid.press(WANG, "确定撤销")
    for ticket_id in (moved, withdrawn):
        t = await _ticket(grid, ticket_id)
        assert t.waiting_since is None and t.due_by is not None and t.due_by > due[ticket_id]
        assert "pause_ended" in [e.kind for e in await history(grid, ticket_id)]
    assert (await _ticket(grid, moved)).due_by == due[moved] + timedelta(hours=5)  # type: ignore[operator]


async def test_staff_see_the_paused_and_the_verifying_state(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/ask {ticket_id} 是哪个门？")
    [detail] = await grid.say(GUAN, f"/ticket {ticket_id}")
    assert texts.QUEUE_WAITING in detail.plain_text.splitlines()[0]
    checked = await submitted(grid)
    [detail] = await grid.say(GUAN, f"/ticket {checked}")
    assert "待核查" in detail.plain_text.splitlines()[0]
    assert texts.QUEUE_WAITING not in detail.plain_text


async def test_a_new_worker_is_told_of_ask_verify_extend_and_appeal(grid: BotHarness) -> None:
    await grid.say(GUAN, f"/grant {NEWBIE.id} worker cailing-03")
    [told] = grid.api.sent(NEWBIE.id)
    for command in ("/ask", "/verify", "/extend", "/appeal"):
        assert command in told.plain_text, command


async def test_an_admin_owner_alone_over_the_grid_is_decided_by_the_settings_admins(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(GUAN, f"/take {ticket_id}")  # 管 is the only admin over 第二网格
    grid.api.clear()
    await grid.say(GUAN, f"/extend {ticket_id} 1d 要等物业")
    card = grid.api.last(ADMIN_ID)
    assert "延期申请" in card.plain_text and card.button_texts == ["✅ 同意延期", "❌ 不同意"]
    assert not [c for c in grid.api.sent(GUAN.id) if "延期申请" in c.plain_text]
    due = (await _ticket(grid, ticket_id)).due_by
    await grid.press(BOSS, "✅ 同意延期")
    assert due is not None and (await _ticket(grid, ticket_id)).due_by == due + timedelta(days=1)
    await grid.say(GUAN, f"/resolve {ticket_id} 已联系车主挪车")
    await grid.press(WANG, "不满意")
    await grid.say(GUAN, f"/appeal {ticket_id} 车已经挪走了")
    appeal = grid.api.last(ADMIN_ID)
    assert "评价申诉" in appeal.plain_text and appeal.button_texts == ["维持评价", "撤销评价"]
