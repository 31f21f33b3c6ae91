"""限时办结 with a fake clock: reminders before the deadline, 督办 after, default closing."""

from __future__ import annotations

from storage.models import TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import CHEN, GUAN, LIU, report
from tests.harness import BotHarness


async def test_reminder_then_escalation_to_the_community_admin(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)  # parking: respond within 24 h
    grid.clock.advance(hours=20)
    first = await grid.services.deadlines.sweep()
    assert first.reminded == [] and first.escalated == []
    grid.clock.advance(hours=3, minutes=30)
    second = await grid.services.deadlines.sweep()
    await grid.deliver()
    assert second.reminded == [ticket_id]
    for worker in (LIU, CHEN):
        assert "催办" in grid.api.last(worker.id).plain_text
    grid.clock.advance(hours=1)
    third = await grid.services.deadlines.sweep()
    await grid.deliver()
    assert third.escalated == [ticket_id]
    escalation = grid.api.last(GUAN.id).plain_text
    assert "督办" in escalation and f"#{ticket_id}" in escalation and "超时" in escalation
    fourth = await grid.services.deadlines.sweep()
    assert fourth.escalated == [] and fourth.reminded == []
    [overdue] = await grid.say(GUAN, "/overdue")
    assert f"#{ticket_id}" in overdue.plain_text


async def test_taking_starts_the_resolve_deadline(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)  # resolve within 72 h
    grid.clock.advance(hours=25)
    await grid.services.deadlines.sweep()  # respond-by missed: escalated once
    await grid.say(LIU, f"/take {ticket_id}")
    grid.clock.advance(hours=46, minutes=30)
    report_ = await grid.services.deadlines.sweep()
    await grid.deliver()
    assert report_.reminded == [ticket_id]
    assert "办结时限" in grid.api.last(LIU.id).plain_text
    grid.clock.advance(hours=1)
    assert (await grid.services.deadlines.sweep()).escalated == [ticket_id]


async def test_unrated_ticket_closes_as_default_satisfied_after_three_days(
    grid: BotHarness,
) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    await grid.say(LIU, f"/resolve {ticket_id} 已处理")
    grid.clock.advance(days=2)
    assert (await grid.services.deadlines.sweep()).closed == []
    grid.clock.advance(days=1, minutes=1)
    assert (await grid.services.deadlines.sweep()).closed == [ticket_id]
    async with unit_of_work(grid.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
    assert ticket is not None and ticket.status is TicketStatus.CLOSED
    assert ticket.rating == "satisfied" and ticket.rating_is_default
    late = await grid.press(WANG, "满意")
    assert "已经处理过了" in late[-1].plain_text
