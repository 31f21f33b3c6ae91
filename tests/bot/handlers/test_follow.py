"""Following up: /my, /ticket, /cancel — and residents see only their own tickets."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT, FIRE
from tests.harness import BotHarness


async def _ids(h: BotHarness) -> list[int]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(Ticket.id).order_by(Ticket.id))).all())


async def test_my_lists_newest_first_with_buttons(residents: BotHarness) -> None:
    [empty] = await residents.say(WANG, "/my")
    assert "还没有反映过" in empty.plain_text
    await residents.say(WANG, CONFIDENT)
    await residents.say(WANG, FIRE)
    first, second = await _ids(residents)
    [listing] = await residents.say(WANG, "/my")
    lines = listing.plain_text.splitlines()
    assert lines[1].startswith(f"#{second} ") and lines[2].startswith(f"#{first} ")
    assert "已派单" in lines[1]
    assert listing.button_texts[0].startswith(f"#{second}")
    await residents.press(WANG, listing.button_texts[1])
    assert f"工单 #{first}" in residents.api.last(WANG.id).plain_text


async def test_ticket_shows_details_and_visible_history(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    await residents.send(WANG, residents.updates.photo(WANG))
    [ticket_id] = await _ids(residents)
    async with unit_of_work(residents.services.sessions) as repos:
        repos.tickets.add_event(
            TicketEvent(ticket_id=ticket_id, actor_kind="staff", kind="note",
                        text="内部备注：车主是物业的人", visible_to_resident=False)
        )  # fmt: skip
    [detail] = await residents.say(WANG, f"/ticket {ticket_id}")
    text = detail.plain_text
    assert f"工单 #{ticket_id}" in text and "已派单" in text and "采菱社区" not in text
    assert "第二网格" in text and "照片 1 张" in text and "提交诉求" in text
    assert "内部备注" not in text
    [usage] = await residents.say(WANG, "/ticket")
    assert "/ticket 12" in usage.plain_text


async def test_resident_cannot_read_or_cancel_anothers_ticket(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    [ticket_id] = await _ids(residents)
    [refused] = await residents.say(ZHAO, f"/ticket {ticket_id}")
    assert refused.plain_text == "找不到这个工单。发 /my 看看您的工单。"
    [refused_cancel] = await residents.say(ZHAO, f"/cancel {ticket_id}")
    assert "找不到这个工单" in refused_cancel.plain_text
    forged = await residents.press_data(ZHAO, f"cxy:{ticket_id}")
    assert "找不到这个工单" in forged[-1].plain_text
    [missing] = await residents.say(ZHAO, "/ticket 99999")
    assert "找不到这个工单" in missing.plain_text
    async with unit_of_work(residents.services.sessions) as repos:
        ticket = await repos.tickets.get(ticket_id)
    assert ticket is not None and ticket.status is TicketStatus.ASSIGNED


async def test_cancel_asks_first_then_withdraws(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    [ticket_id] = await _ids(residents)
    [ask] = await residents.say(WANG, f"/cancel #{ticket_id}")
    assert "确定要撤销" in ask.plain_text and ask.button_texts == ["确定撤销", "不撤销"]
    await residents.press(WANG, "不撤销")
    assert "保留" in residents.api.last(WANG.id).plain_text
    await residents.say(WANG, f"/cancel {ticket_id}")
    await residents.press(WANG, "确定撤销")
    assert "已撤销" in residents.api.last(WANG.id).plain_text
    [again] = await residents.say(WANG, f"/cancel {ticket_id}")
    assert "不能撤销" in again.plain_text
    [listing] = await residents.say(WANG, "/my")
    assert "已撤销" in listing.plain_text
