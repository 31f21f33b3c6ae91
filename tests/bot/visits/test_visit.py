"""A visit in three taps: 已走访 → checklist → 完成走访; a problem opens a ticket on the
household's behalf, owned by the visiting worker; 不在家 reschedules."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.models import Attachment, Resident, Ticket, TicketStatus, Visit
from storage.uow import unit_of_work
from tests.bot.visits.conftest import add_household
from tests.bot.visits.test_households import household
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN
from tests.bot.workers.test_verification import photo_reply, text_reply
from tests.harness import BotHarness


async def visits(h: BotHarness) -> list[Visit]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(Visit).order_by(Visit.id))).all())


async def test_three_taps_record_a_visit_and_open_a_ticket_for_a_problem(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    await grid.press(LIU, "☑ 本人同意登记")
    await grid.press(LIU, "独居老人")
    await grid.say(LIU, "/visits")
    calls = await grid.press(LIU, "✅ 3号楼1单元202")  # tap 1
    [checklist] = [c for c in calls if c.method == "sendMessage"]
    assert "走访检查：3号楼1单元202 周奶奶" in checklist.plain_text
    assert checklist.button_texts == [
        "✅ 燃气：正常", "✅ 电线/飞线充电：正常", "✅ 消防通道：正常", "✅ 反诈提醒：正常",
        "✅ 身体状况：正常", "✅ 其他需求：正常", "📋 完成走访",
    ]  # fmt: skip
    await grid.press(LIU, "✅ 燃气：正常")  # tap 2: a problem
    edited = grid.api.sent(LIU.id, "editMessageText")[-1]
    assert edited.button_texts[0] == "❗ 燃气：有问题"
    calls = await grid.press(LIU, "📋 完成走访")  # tap 3
    done, prompt = [c for c in calls if c.method == "sendMessage"]
    assert "已记录走访：3号楼1单元202" in done.plain_text and "燃气" in done.plain_text
    ticket_id = int(done.plain_text.split("#")[1].split()[0])
    # a photo of the finding, sent by replying to the prompt, joins the ticket
    assert f"现场照片 · 工单 #{ticket_id}（燃气）" in prompt.plain_text
    assert prompt.params["reply_markup"]["force_reply"] is True
    [words] = await text_reply(grid, LIU, prompt, "软管老化了")
    assert "这里只收照片" in words.plain_text
    [kept] = await photo_reply(grid, LIU, prompt)
    assert f"照片已附在工单 #{ticket_id} 上" in kept.plain_text
    [refused] = await photo_reply(grid, SUN, prompt)  # another grid's worker
    assert "照片没有附上" in refused.plain_text
    async with unit_of_work(grid.services.sessions) as repos:
        photos = (await repos.session.scalars(select(Attachment))).all()
    assert [(a.ticket_id, a.kind, a.staff_id) for a in photos] == [(ticket_id, "photo", None)]

    [visit] = await visits(grid)
    assert visit.outcome == "visited" and visit.problems == 1 and visit.tickets == [ticket_id]
    assert visit.at == grid.clock.now
    async with unit_of_work(grid.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
        assert ticket is not None
        proxy = await repos.session.get(Resident, ticket.resident_id)
        staff = await repos.staff.by_telegram_id(LIU.id)
    assert ticket.intent == "fire_safety" and ticket.status is TicketStatus.ACCEPTED
    assert staff is not None and ticket.assignee_id == staff.id == visit.staff_id
    assert "燃气有隐患" in ticket.text and "3号楼1单元202" in ticket.text
    assert proxy is not None and proxy.telegram_id < 0 and proxy.blocked
    saved = await household(grid, household_id)
    assert saved.last_visit_at == grid.clock.now
    assert saved.next_due_at == grid.clock.now + timedelta(days=1)  # 独居老人: every day
    # the other worker of the grid is not asked to take it; the visitor works it as usual
    assert not any(f"#{ticket_id}" in c.plain_text for c in grid.api.sent(CHEN.id))
    [resolved] = await grid.say(LIU, f"/resolve {ticket_id} 已请燃气公司换了软管")
    assert "办结" in resolved.plain_text


async def test_all_fine_is_two_taps_and_the_plan_sets_the_next_visit(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "5号楼2单元101", "李大爷")
    await grid.press(LIU, "✅ 已走访")
    calls = await grid.press(LIU, "📋 完成走访")
    assert "检查各项正常" in [c for c in calls if c.method == "sendMessage"][-1].plain_text
    saved = await household(grid, household_id)
    assert saved.next_due_at == grid.clock.now + timedelta(days=180)
    async with unit_of_work(grid.services.sessions) as repos:
        assert (await repos.session.scalars(select(Ticket))).all() == []
    again = await grid.press_data(LIU, f"w:vd:{household_id}:0")  # an old button pressed again
    assert "已经记录过了" in [c for c in again if c.method == "sendMessage"][-1].plain_text
    assert len(await visits(grid)) == 1


async def test_not_at_home_is_due_again_tomorrow(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "5号楼2单元101", "李大爷")
    await grid.say(LIU, "/visits")
    calls = await grid.press(LIU, "🚪 不在家")
    assert "不在家" in [c for c in calls if c.method == "sendMessage"][-1].plain_text
    saved = await household(grid, household_id)
    assert saved.next_due_at == grid.clock.now + timedelta(days=1)
    assert saved.last_visit_at is None
    [visit] = await visits(grid)
    assert visit.outcome == "absent"
    [today] = await grid.say(LIU, "/visits")
    assert "李大爷" not in today.plain_text
    grid.clock.advance(days=1)
    [tomorrow] = await grid.say(LIU, "/visits")
    assert "李大爷" in tomorrow.plain_text


async def test_odd_checklist_data_is_answered(grid: BotHarness) -> None:
    household_id = await add_household(grid, LIU, "5号楼2单元101", "李大爷")
    for data in (f"w:vc:{household_id}:999", f"w:vd:{household_id}:64", f"w:hh:t:{household_id}:9"):
        calls = await grid.press_data(LIU, data)
        assert any(c.method == "answerCallbackQuery" for c in calls), data
    assert await visits(grid) == []


async def test_new_opens_a_ticket_on_behalf_of_a_person_without_telegram(
    grid: BotHarness,
) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    [usage] = await grid.say(LIU, f"/new {household_id}")  # no words: /new alone asks step by step
    assert "/new 住户编号 对方说的话" in usage.plain_text
    [opened] = await grid.say(LIU, f"/new {household_id} 楼道里有人飞线充电，太危险了")
    text = opened.plain_text
    assert f"已代 周奶奶（住户 #{household_id}）开工单 #" in text and "消防" in text
    assert "打电话或上门告诉 TA（13800000000）" in text
    ticket_id = int(text.split("开工单 #")[1].split("，")[0])
    async with unit_of_work(grid.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
        staff = await repos.staff.by_telegram_id(LIU.id)
    assert ticket is not None and staff is not None
    assert ticket.intent == "fire_safety" and ticket.assignee_id == staff.id
    assert ticket.status is TicketStatus.ACCEPTED
    [other] = await grid.say(LIU, f"/new {household_id} 帮我问问那个事")
    assert "类别：其他问题" in other.plain_text
    [refused] = await grid.say(CHEN, f"/new {household_id + 1} 有事")
    assert "找不到这一户" in refused.plain_text
    [detail] = await grid.say(LIU, f"/ticket {ticket_id}")
    assert "飞线充电" in detail.plain_text


async def test_the_persons_rating_is_recorded_by_the_worker_and_counted_apart(
    grid: BotHarness,
) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶")
    [opened] = await grid.say(LIU, f"/new {household_id} 楼下垃圾堆了好几天没人清理，味道很大")
    ticket_id = int(opened.plain_text.split("开工单 #")[1].split("，")[0])
    [early] = await grid.say(LIU, f"/rate {ticket_id} 满意")
    assert "不在等待评价" in early.plain_text
    await grid.say(LIU, f"/resolve {ticket_id} 已劝离，线已拆")
    [bad] = await grid.say(LIU, f"/rate {ticket_id} 很好")
    assert "/rate 工单号" in bad.plain_text
    [rated] = await grid.say(LIU, f"/rate {ticket_id} 基本满意")
    assert "已代居民记下" in rated.plain_text and "不计入满意率" in rated.plain_text
    async with unit_of_work(grid.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
        events = await repos.tickets.events(ticket_id, resident_view=False)
    assert ticket is not None and ticket.status is TicketStatus.CLOSED
    assert ticket.rating == "fairly_satisfied" and not ticket.rating_is_default
    assert any((e.data or {}).get("rated_for_household") == household_id for e in events)
    stats = await grid.services.stats.overall(7)
    assert stats.ratings.real == 0  # counted apart
    coverage = await grid.services.visits.coverage(7)
    assert dict(coverage.rated_on_behalf)["fairly_satisfied"] == 1
    [text, _chart, _rates, _coverage] = await grid.say(GUAN, "/stats 7")
    assert (
        "代记评价（网格员代居民记录，不计入满意率）：满意 0、基本满意 1、不满意 0"
        in text.plain_text
    )


async def test_a_residents_own_ticket_cannot_be_rated_by_staff(grid: BotHarness) -> None:
    from tests.bot.handlers.conftest import WANG
    from tests.bot.workers.conftest import report

    ticket_id = await report(grid, WANG, "楼道里堆满了纸箱杂物，堵住消防通道")
    await grid.say(LIU, f"/take {ticket_id}")
    await grid.say(LIU, f"/resolve {ticket_id} 已清理")
    [refused] = await grid.say(LIU, f"/rate {ticket_id} 满意")
    assert "居民自己用 Telegram 评价" in refused.plain_text
    [other] = await grid.say(SUN, f"/rate {ticket_id} 满意")
    assert "不在您负责的网格" in other.plain_text


async def test_updates_on_a_ticket_opened_on_behalf_reach_the_staff_who_tell_the_person(
    grid: BotHarness,
) -> None:
    household_id = await add_household(grid, LIU, "3号楼1单元202", "周奶奶", "13800000000")
    [opened] = await grid.say(LIU, f"/new {household_id} 楼下垃圾堆了好几天没人清理，味道很大")
    ticket_id = int(opened.plain_text.split("开工单 #")[1].split("，")[0])
    before = len(grid.replies(LIU))
    await grid.say(LIU, f"/reply {ticket_id} 明天上午来清理")  # my own words: nothing more
    assert len(grid.replies(LIU)) == before + 1

    await grid.say(LIU, f"/transfer {ticket_id} cailing-05 垃圾点归五网格")
    await grid.say(SUN, f"/take {ticket_id}")
    told = grid.api.last(LIU.id).plain_text
    assert f"住户 #{household_id} 周奶奶（电话 13800000000）" in told
    assert f"工单 #{ticket_id}" in told and "打电话或上门告诉" in told
    await grid.say(SUN, f"/resolve {ticket_id} 已清运完毕")
    told = grid.api.last(LIU.id)
    assert "请转告住户" in told.plain_text and "已清运完毕" in told.plain_text
    assert f"/rate {ticket_id}" in told.plain_text and told.button_texts == []
    assert "请转告住户" not in grid.api.last(SUN.id).plain_text  # who acted is not told

    grid.clock.advance(days=3, minutes=1)
    assert (await grid.services.deadlines.sweep()).closed == [ticket_id]
    await grid.deliver()
    for worker in (LIU, SUN):
        closed = grid.api.last(worker.id).plain_text
        assert f"工单 #{ticket_id}" in closed and "已结案" in closed, worker


async def test_a_forgotten_residents_ticket_is_no_households(grid: BotHarness) -> None:
    from bot.services.residents_privacy import ResidentPrivacy
    from tests.bot.handlers.conftest import WANG
    from tests.bot.workers.conftest import report

    ticket_id = await report(grid, WANG, "楼道里堆满了纸箱杂物，堵住消防通道")
    await grid.say(LIU, f"/take {ticket_id}")
    await ResidentPrivacy(grid.services.sessions).forget(WANG.id)  # negative id, no household
    await grid.say(LIU, f"/transfer {ticket_id} cailing-05 归五网格")
    await grid.say(SUN, f"/take {ticket_id}")
    await grid.say(SUN, f"/resolve {ticket_id} 已清理")
    assert not any("请转告住户" in text for text in grid.replies(LIU))
