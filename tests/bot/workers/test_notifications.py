"""Notifications are events in the outbox: no personal data stored there, rendered with the
data as it is when sent, long texts arriving whole in several messages, and 首问负责 kept
against the transfer back door."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.residents_privacy import ResidentPrivacy
from storage.models import OutboxMessage, StaffRole, Ticket, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG
from tests.bot.handlers.test_reports import CONFIDENT
from tests.bot.workers.conftest import LIU, SUN, report
from tests.harness import BotHarness
from tests.updates import TgUser

ZHOU = TgUser(3004, "周网格员")  # serves 第二网格 and 第五网格


async def _status(h: BotHarness, ticket_id: int) -> tuple[TicketStatus, int | None, int | None]:
    async with unit_of_work(h.services.sessions) as repos:
        t = await repos.tickets.get(ticket_id)
        assert t is not None
        return t.status, t.grid_id, t.assignee_id


async def test_transfer_is_no_back_door_to_someone_elses_ticket(grid: BotHarness) -> None:
    await grid.services.staff.add(ZHOU.id, StaffRole.WORKER, ["cailing-02", "cailing-05"], "周")
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/take {ticket_id}")
    before = await _status(grid, ticket_id)
    [refused] = await grid.say(ZHOU, f"/transfer {ticket_id} cailing-05 我那边近")
    assert "刘芳" in refused.plain_text  # told who owns it
    [again] = await grid.say(ZHOU, f"/take {ticket_id}")
    assert "刘芳" in again.plain_text
    assert await _status(grid, ticket_id) == before  # still Liu's, still in 第二网格
    assert not [c for c in grid.api.sent(SUN.id) if f"#{ticket_id}" in c.plain_text]


async def test_the_outbox_holds_no_resident_words_names_or_addresses(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    await grid.say(LIU, f"/reply {ticket_id} 我下午三点到三号楼")
    async with unit_of_work(grid.services.sessions) as repos:
        rows = (await repos.session.scalars(select(OutboxMessage))).all()
    stored = repr([(r.kind, r.params) for r in rows])
    assert rows and all(r.ticket_id == ticket_id for r in rows)
    for personal in (CONFIDENT, "王", "3号楼", "三点到三号楼"):
        assert personal not in stored, personal


async def test_a_notification_shows_the_data_as_it_is_when_sent(grid: BotHarness) -> None:
    """A resident erased between the report and the delivery: the card shows no trace."""
    await grid.feed(grid.updates.text(WANG, CONFIDENT), deliver=False)
    await ResidentPrivacy(grid.services.sessions).forget(WANG.id)
    await grid.deliver()
    [card] = [c for c in grid.api.sent(LIU.id) if "新工单" in c.plain_text]
    assert "[已删除]" in card.plain_text and CONFIDENT not in card.plain_text


async def test_a_long_reply_arrives_whole_in_order(grid: BotHarness) -> None:
    ticket_id = await report(grid, WANG, CONFIDENT)
    words = "".join(f"第{i}句：车位的事我们已经和物业商量好了。" for i in range(250))[:4080]
    grid.api.clear()
    await grid.say(LIU, f"/reply {ticket_id} {words}")
    parts = [c for c in grid.api.sent(WANG.id) if c.method == "sendMessage"]
    assert len(parts) >= 2 and all(len(c.text) <= 4096 for c in parts)
    joined = "".join(c.plain_text for c in parts)
    assert words in joined.replace("\n", "")
    assert joined.index("第0句") < joined.index("第100句") < joined.index("第180句")


async def test_a_long_transferred_card_arrives_whole_with_buttons_last(grid: BotHarness) -> None:
    text = "楼下车位被占了，" + "一直没人管，" * 660  # a pasted 4,000-character complaint
    ticket_id = await report(grid, WANG, text)
    reason = "这几个车位在五网格的地界上，" * 20
    await grid.say(LIU, f"/transfer {ticket_id} cailing-05 {reason}")
    cards = [c for c in grid.api.sent(SUN.id) if c.method == "sendMessage"]
    assert len(cards) >= 2 and all(len(c.text) <= 4096 for c in cards)
    joined = "".join(c.plain_text for c in cards)
    assert joined.count("一直没人管") == 660 and joined.count("五网格的地界上") == 20
    assert not cards[0].buttons and "✋ 接单" in [b["text"] for b in cards[-1].buttons]


async def test_reminder_marks_reset_when_a_ticket_is_taken_by_answering(grid: BotHarness) -> None:
    """The implicit take (answering first) starts the resolve deadline like /take does."""
    ticket_id = await report(grid, WANG, CONFIDENT)
    async with unit_of_work(grid.services.sessions) as repos:
        t = await repos.session.get(Ticket, ticket_id)
        assert t is not None
        t.reminded_at = t.escalated_at = grid.clock()
    await grid.say(LIU, f"/reply {ticket_id} 收到")
    async with unit_of_work(grid.services.sessions) as repos:
        t = await repos.session.get(Ticket, ticket_id)
        assert t is not None and t.reminded_at is None and t.escalated_at is None
