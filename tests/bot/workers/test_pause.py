"""待居民补充 through the real Application: /ask and the button pause the clock; the sweep
leaves a paused ticket alone; the resident's answer resumes it with the deadline moved on."""

from __future__ import annotations

from datetime import timedelta

from storage.models import Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, GUAN, LIU, report
from tests.harness import BotHarness


async def _ticket(h: BotHarness, ticket_id: int) -> Ticket:
    async with unit_of_work(h.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
        assert ticket is not None
        return ticket


async def _kinds(h: BotHarness, ticket_id: int) -> list[str]:
    async with unit_of_work(h.services.sessions) as repos:
        return [e.kind for e in await repos.tickets.events(ticket_id, resident_view=False)]


async def test_ask_pauses_the_clock_until_the_resident_answers(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)  # parking: clock hours, resolve in 72 h
    await grid.say(LIU, f"/take {ticket_id}")
    before = await _ticket(grid, ticket_id)
    [sent] = await grid.say(LIU, f"/ask {ticket_id} 阿姨，是北门还是南门？")
    assert "待居民补充" in sent.plain_text
    assert "是北门还是南门" in grid.api.last(WANG.id).plain_text
    [queue] = await grid.say(LIU, "/queue")
    assert f"#{ticket_id}" in queue.plain_text and "待居民补充" in queue.plain_text

    grid.clock.advance(hours=80)  # far past both deadlines: paused, so nobody is chased
    swept = await grid.services.deadlines.sweep()
    assert ticket_id not in swept.reminded and ticket_id not in swept.escalated
    [overdue] = await grid.say(GUAN, "/overdue")
    assert f"#{ticket_id}" not in overdue.plain_text

    await grid.say(WANG, "是北门")  # days later, not as a reply: the waiting ticket takes it
    after = await _ticket(grid, ticket_id)
    assert after.waiting_since is None
    assert before.due_by is not None and after.due_by == before.due_by + timedelta(hours=80)
    assert after.respond_by == before.respond_by  # taken before the pause: history
    assert (await _kinds(grid, ticket_id))[-2:] == ["message", "resident_answered"]
    async with unit_of_work(grid.services.sessions) as repos:
        answered = await repos.tickets.latest_event(ticket_id, "resident_answered")
        assert answered is not None and answered.data == {"paused_seconds": 80 * 3600}
        waiting = await repos.tickets.latest_event(ticket_id, "waiting_resident")
        assert waiting is not None and not waiting.visible_to_resident
    assert "是北门" in grid.api.last(LIU.id).plain_text  # the answer still reaches the owner

    grid.clock.advance(hours=1)
    swept = await grid.services.deadlines.sweep()
    assert ticket_id not in swept.escalated  # the moved deadline is days away


async def test_the_button_under_a_reply_marks_it_waiting(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    [sent] = await grid.say(LIU, f"/reply {ticket_id} 您好，能发张照片吗？")
    assert sent.markup["inline_keyboard"][0][0]["text"] == "⏸ 标记待居民补充"
    calls = await grid.press(LIU, "⏸ 标记待居民补充")
    assert any("时限暂停" in c.plain_text for c in calls if c.method == "sendMessage")
    assert (await _ticket(grid, ticket_id)).waiting_since is not None
    refused = await grid.press_data(CHEN, f"w:wait:{ticket_id}")  # not the owner (首问负责)
    assert "刘芳" in " ".join(c.plain_text for c in refused if c.method == "sendMessage")
    [again] = await grid.say(LIU, f"/ask {ticket_id} 还有别的情况吗？")
    assert "待居民补充" in again.plain_text
    assert (await _kinds(grid, ticket_id)).count("waiting_resident") == 1
    question = grid.api.last(WANG.id)
    answer = grid.updates.text(
        WANG, "照片在这儿说不清，我下楼给您看", reply_to_message=question.result
    )
    await grid.feed(answer)
    assert (await _ticket(grid, ticket_id)).waiting_since is None
    assert (await _kinds(grid, ticket_id))[-1] == "resident_answered"


async def test_ask_usage_and_refusals(grid: BotHarness) -> None:
    for bad in ("/ask", "/ask 5", "/ask abc 你好"):
        [usage] = await grid.say(LIU, bad)
        assert "/ask 工单号" in usage.plain_text, bad
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    [refused] = await grid.say(CHEN, f"/ask {ticket_id} 您好")
    assert "刘芳" in refused.plain_text
    assert (await _ticket(grid, ticket_id)).waiting_since is None
