"""Long texts reach people whole: split into several messages, never cut, never refused."""

from __future__ import annotations

from datetime import timedelta

from bot.chat.views.split import LIMIT
from storage.models import ActorKind, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import GUAN, LIU, grid, report
from tests.botapi import Call
from tests.harness import BotHarness

__all__ = ["grid"]

LONG = "车停在消防通道上，" * 400  # 3,600 characters


async def _long_history(h: BotHarness, ticket_id: int, entries: int) -> list[str]:
    """``entries`` long replies on the ticket, each with its own marker; the markers."""
    markers = [f"〔第{n}条〕" for n in range(entries)]
    async with unit_of_work(h.services.sessions) as repos:
        for marker in markers:
            repos.session.add(
                TicketEvent(ticket_id=ticket_id, actor_kind=ActorKind.STAFF, actor_id=LIU.id,
                            kind="reply", text=marker + "您好，" * 150 + "<b>&"),
            )  # fmt: skip
    return markers


def _whole(calls: list[Call]) -> str:
    assert len(calls) > 1 and all(len(c.plain_text) <= LIMIT for c in calls)
    return "".join(c.plain_text for c in calls)


async def test_ticket_history_is_shown_whole_to_staff_and_resident(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    markers = await _long_history(grid, ticket_id, 60)
    async with unit_of_work(grid.services.sessions) as repos:
        found = await repos.tickets.get(ticket_id)
        assert found is not None
        found.text = CONFIDENT + LONG
    for user in (LIU, WANG):
        whole = _whole(await grid.say(user, f"/ticket {ticket_id}"))
        assert LONG in whole and "<b>&" in whole
        assert all(marker in whole for marker in markers), user


async def test_queue_and_overdue_list_every_ticket(grid: BotHarness) -> None:
    await _overdue(grid, 300)
    for user, command in ((LIU, "/queue"), (GUAN, "/overdue")):
        whole = _whole(await grid.say(user, command))
        assert whole.count("#") >= 300, command


async def _overdue(h: BotHarness, count: int) -> None:
    """``count`` tickets of 第二网格 whose respond-by passed two days ago."""
    async with unit_of_work(h.services.sessions) as repos:
        [area] = (await repos.areas.by_codes(["cailing-02"])).values()
        resident = await repos.residents.by_telegram_id(WANG.id)
        assert resident is not None
        past = h.clock() - timedelta(days=3)
        for _ in range(count):
            repos.session.add(
                Ticket(resident_id=resident.id, grid_id=area.id, intent="parking", text="……",
                       status=TicketStatus.ASSIGNED, created_at=past, updated_at=past,
                       respond_by=past + timedelta(hours=1), due_by=past + timedelta(hours=2)),
            )  # fmt: skip


async def test_escalation_digest_of_500_overdue_tickets_reaches_the_admin_whole(
    grid: BotHarness,
) -> None:
    await _overdue(grid, 500)
    report_ = await grid.services.deadlines.sweep()
    assert len(report_.escalated) == 500
    grid.api.clear()
    await grid.deliver()
    whole = _whole(grid.api.sent(GUAN.id))
    assert all(f"#{ticket_id} " in whole for ticket_id in report_.escalated)
