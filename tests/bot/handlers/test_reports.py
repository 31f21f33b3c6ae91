"""Reporting through the bot: tickets, questions back, self-service, emergencies, media."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from intents import Decision
from storage.models import Area, Attachment, InfoRequest, Ticket, TicketEvent, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.harness import BotHarness

CONFIDENT = "小区门口天天乱停车，车都开不出去"
UNSURE = "电动车那块有点乱"  # fire_safety? ev_charging? parking?
UNKNOWN = "这边有点问题"
SOCIAL_CARD = "电子社保卡怎么激活？在手机上咋弄"
FIRE = "着火了！3号楼楼道冒烟了"


def decision(h: BotHarness, text: str) -> Decision:
    """What the matcher decides for a message (these tests rely on it)."""
    return h.services.matcher.classify(text).decision


async def tickets(h: BotHarness) -> Sequence[Ticket]:
    async with unit_of_work(h.services.sessions) as repos:
        return (await repos.session.scalars(select(Ticket).order_by(Ticket.id))).all()


async def events(h: BotHarness, ticket_id: int) -> list[str]:
    async with unit_of_work(h.services.sessions) as repos:
        rows = await repos.session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)
        )
        return [e.kind for e in rows]


async def grid_code(h: BotHarness, ticket: Ticket) -> str:
    async with unit_of_work(h.services.sessions) as repos:
        area = await repos.session.get(Area, ticket.grid_id)
    assert area is not None
    return area.code


async def test_confident_report_opens_ticket_in_residents_grid(residents: BotHarness) -> None:
    assert decision(residents, CONFIDENT) is Decision.ACT
    [reply] = await residents.say(WANG, CONFIDENT)
    [ticket] = await tickets(residents)
    assert ticket.intent == "parking" and ticket.status is TicketStatus.ASSIGNED
    assert await grid_code(residents, ticket) == "cailing-02"
    assert f"#{ticket.id}" in reply.plain_text and "停车" in reply.plain_text
    assert "1天" in reply.plain_text  # respond within 24 h, from the catalogue
    assert reply.button_texts == ["不是这个类别"]
    assert ticket.respond_by is not None and ticket.due_by is not None
    assert await events(residents, ticket.id) == ["created", "dispatched"]


async def test_wrong_category_is_changed_and_recorded(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    await residents.press(WANG, "不是这个类别")
    assert (
        "环境卫生" in residents.api.last(WANG.id).button_texts
        or len(residents.api.last(WANG.id).button_texts) == 10
    )
    await residents.press(WANG, residents.services.matcher.catalogue.get("dispute").name)
    [ticket] = await tickets(residents)
    assert ticket.intent == "dispute"
    assert await events(residents, ticket.id) == ["created", "dispatched", "intent_changed"]
    assert "类别改为" in residents.api.last(WANG.id).plain_text


async def test_unsure_report_is_settled_with_a_button(residents: BotHarness) -> None:
    assert decision(residents, UNSURE) is Decision.CONFIRM
    [ask] = await residents.say(WANG, UNSURE)
    assert "哪件事" in ask.plain_text
    names = ask.button_texts
    assert 2 <= len(names) - 2 <= 3 and names[-2:] == ["其他问题", "算了"]
    assert await tickets(residents) == []
    charging = residents.services.matcher.catalogue.get("ev_charging").name
    await residents.press(WANG, charging)
    [ticket] = await tickets(residents)
    assert ticket.intent == "ev_charging" and ticket.text == UNSURE
    assert f"#{ticket.id}" in residents.api.last(WANG.id).plain_text


async def test_unknown_message_offers_categories_other_and_drop(residents: BotHarness) -> None:
    assert decision(residents, UNKNOWN) is Decision.UNKNOWN
    [ask] = await residents.say(WANG, UNKNOWN)
    assert "没太看明白" in ask.plain_text
    assert len(ask.button_texts) == 12 and ask.button_texts[-2:] == ["其他问题", "算了"]
    await residents.press(WANG, "其他问题")
    [ticket] = await tickets(residents)
    assert ticket.intent == "other" and ticket.text == UNKNOWN
    assert "其他问题" in residents.api.last(WANG.id).plain_text
    await residents.say(ZHAO, UNKNOWN)
    await residents.press(ZHAO, "算了")
    assert len(await tickets(residents)) == 1
    assert "先不提交" in residents.api.last(ZHAO.id).plain_text


async def test_social_security_card_answered_then_escalated(residents: BotHarness) -> None:
    assert decision(residents, SOCIAL_CARD) is Decision.ACT
    [answer] = await residents.say(WANG, SOCIAL_CARD)
    assert "12333" in answer.plain_text and "解决您的问题了吗" in answer.plain_text
    assert answer.button_texts == ["✅ 已解决", "🙋 还需要人工帮助"]
    assert await tickets(residents) == []
    await residents.press(WANG, "🙋 还需要人工帮助")
    [ticket] = await tickets(residents)
    assert ticket.intent == "social_security_card" and ticket.text == SOCIAL_CARD
    assert f"#{ticket.id}" in residents.api.last(WANG.id).plain_text
    await residents.say(ZHAO, SOCIAL_CARD)
    await residents.press(ZHAO, "✅ 已解决")
    assert "太好了" in residents.api.last(ZHAO.id).plain_text
    async with unit_of_work(residents.services.sessions) as repos:
        outcomes = (await repos.session.scalars(select(InfoRequest.outcome))).all()
    assert sorted(o or "" for o in outcomes) == ["escalated", "solved"]


async def test_fire_emergency_safety_line_first_then_urgent_ticket(residents: BotHarness) -> None:
    await residents.say(ZHAO, CONFIDENT)
    calls = await residents.say(WANG, FIRE)
    assert len(calls) == 2
    assert "119" in calls[0].plain_text and calls[0].button_texts == []
    assert "工单号" in calls[1].plain_text
    parking, fire = await tickets(residents)
    assert fire.intent == "fire_safety" and fire.emergency
    assert fire.priority > parking.priority
    assert fire.respond_by is not None and parking.respond_by is not None
    assert fire.respond_by - fire.created_at < parking.respond_by - parking.created_at


async def test_ongoing_fraud_gets_96110_line_and_urgent_ticket(residents: BotHarness) -> None:
    calls = await residents.say(WANG, "有人冒充警察让我转账，我正在转")
    assert "转账" in calls[0].plain_text and "110" in calls[0].plain_text
    [ticket] = await tickets(residents)
    assert ticket.intent == "anti_fraud" and ticket.emergency and ticket.priority >= 3


async def test_same_complaint_again_is_added_to_the_open_ticket(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    [again] = await residents.say(WANG, "门口又被乱停车堵上了，车开不出去")
    [ticket] = await tickets(residents)
    assert f"#{ticket.id}" in again.plain_text and "补充" in again.plain_text
    assert await events(residents, ticket.id) == ["created", "dispatched", "message"]
    await residents.press(WANG, "这是另一件事")
    assert len(await tickets(residents)) == 2


async def _attachments(h: BotHarness) -> list[tuple[int, str]]:
    async with unit_of_work(h.services.sessions) as repos:
        rows = await repos.session.scalars(select(Attachment).order_by(Attachment.id))
        return [(a.ticket_id, a.kind) for a in rows]


async def test_photo_and_location_join_the_ticket_being_reported(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    [ticket] = await tickets(residents)
    [p] = await residents.send(WANG, residents.updates.photo(WANG))
    [loc] = await residents.send(WANG, residents.updates.location(WANG, 31.69, 119.95))
    assert f"#{ticket.id}" in p.plain_text and "照片" in p.plain_text
    assert f"#{ticket.id}" in loc.plain_text and "位置" in loc.plain_text
    assert await _attachments(residents) == [(ticket.id, "photo"), (ticket.id, "location")]
    assert await events(residents, ticket.id) == ["created", "dispatched", "photo", "location"]


async def test_photo_without_caption_asks_then_files_with_the_photo(residents: BotHarness) -> None:
    [ask] = await residents.send(ZHAO, residents.updates.photo(ZHAO))
    assert "说说是什么事" in ask.plain_text and await tickets(residents) == []
    await residents.say(ZHAO, FIRE)
    [ticket] = await tickets(residents)
    assert await _attachments(residents) == [(ticket.id, "photo")]


async def test_album_with_caption_attaches_every_photo_to_one_ticket(
    residents: BotHarness,
) -> None:
    first = residents.updates.photo(
        WANG, caption="楼道里堆满了纸箱杂物，堵住消防通道", media_group_id="A1"
    )
    replies = await residents.send(WANG, first)
    for _ in range(2):
        replies += await residents.send(WANG, residents.updates.photo(WANG, media_group_id="A1"))
    [ticket] = await tickets(residents)
    assert ticket.intent == "fire_safety"
    assert await _attachments(residents) == [(ticket.id, "photo")] * 3
    assert len(replies) == 1  # one answer for the whole album


async def test_album_without_caption_waits_for_a_description(residents: BotHarness) -> None:
    replies = []
    for _ in range(3):
        replies += await residents.send(ZHAO, residents.updates.photo(ZHAO, media_group_id="B2"))
    assert len(replies) == 1
    await residents.say(ZHAO, "楼道里堆满了纸箱杂物，堵住消防通道")
    [ticket] = await tickets(residents)
    assert await _attachments(residents) == [(ticket.id, "photo")] * 3


async def test_follow_up_while_reporting_joins_the_ticket(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    assert decision(residents, UNKNOWN) is Decision.UNKNOWN
    [reply] = await residents.say(WANG, UNKNOWN)
    [ticket] = await tickets(residents)
    assert f"#{ticket.id}" in reply.plain_text and reply.button_texts == ["这是另一件事"]
    await residents.press(WANG, "这是另一件事")
    assert "没太看明白" in residents.api.last(WANG.id).plain_text  # asked, not guessed
    await residents.press(WANG, "其他问题")
    assert [t.intent for t in await tickets(residents)] == ["parking", "other"]


async def test_every_resident_message_on_a_ticket_is_in_its_history(
    residents: BotHarness,
) -> None:
    await residents.say(WANG, CONFIDENT)
    await residents.say(WANG, "门口又被乱停车堵上了")
    await residents.send(WANG, residents.updates.photo(WANG))
    [ticket] = await tickets(residents)
    async with unit_of_work(residents.services.sessions) as repos:
        count = await repos.session.scalar(
            select(func.count()).where(
                TicketEvent.ticket_id == ticket.id, TicketEvent.actor_kind == "resident"
            )
        )
    assert count == 3
