"""Deadlines in 工作时 through the real Application: a sanitation report (4 / 14 working hours
in the catalogue) on a Friday afternoon and on the eve of the National Day holiday."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from storage.models import Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import report
from tests.harness import BotHarness

SH = ZoneInfo("Asia/Shanghai")
RUBBISH = "垃圾桶满了好几天没人清，臭死了"


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    """A Shanghai wall-clock time, in UTC as stored."""
    return datetime(y, mo, d, h, mi, tzinfo=SH).astimezone(UTC)


async def _ticket(h: BotHarness, ticket_id: int) -> Ticket:
    async with unit_of_work(h.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
        assert ticket is not None
        return ticket


async def test_a_friday_afternoon_report_is_due_in_working_hours(grid: BotHarness) -> None:
    grid.clock.now = local(2026, 12, 4, 16)  # Friday 16:00
    ticket_id = await report(grid, WANG, RUBBISH)
    assert "4个工作小时" in grid.api.last(WANG.id).plain_text
    ticket = await _ticket(grid, ticket_id)
    assert ticket.intent == "sanitation"
    # respond: 1.5 h on Friday, 2.5 h on Monday from 08:30
    assert ticket.respond_by == local(2026, 12, 7, 11)
    # resolve: 1.5 h Friday + 7 h Monday + 3.5 h Tuesday morning + 2 h from 14:00
    assert ticket.due_by == local(2026, 12, 8, 16)
    grid.clock.now = local(2026, 12, 6, 20)  # Sunday evening: 52 clock hours later
    swept = await grid.services.deadlines.sweep()
    assert ticket_id not in swept.reminded and ticket_id not in swept.escalated


async def test_the_national_day_holiday_does_not_count(grid: BotHarness) -> None:
    grid.clock.now = local(2026, 9, 30, 17)  # the eve of 国庆节 (10-01 … 10-07 off)
    ticket_id = await report(grid, WANG, RUBBISH)
    ticket = await _ticket(grid, ticket_id)
    # 0.5 h on 09-30, then Thursday 10-08 from 08:30: 3.5 h → 12:00
    assert ticket.respond_by == local(2026, 10, 8, 12)


async def test_clock_hours_categories_and_emergencies_keep_counting_round_the_clock(
    grid: BotHarness,
) -> None:
    grid.clock.now = local(2026, 12, 4, 16)
    parking = await _ticket(grid, await report(grid, WANG, CONFIDENT))  # hours: clock
    assert parking.respond_by == local(2026, 12, 5, 16)  # 24 clock hours
    grid.clock.advance(hours=2)
    lift = await _ticket(grid, await report(grid, WANG, "电梯困人了！有人被关在电梯里出不来"))
    assert lift.emergency and lift.intent == "repair"  # repair counts working hours …
    assert lift.respond_by == local(2026, 12, 4, 18, 30)  # … but an emergency: 0.5 clock hours
