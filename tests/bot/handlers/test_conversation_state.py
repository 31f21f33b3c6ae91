"""Conversation state stored per chat: any process continues any conversation, one dialogue
never overwrites another's data, kept messages are bounded and counted, a garbled row resets."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.domain.conversation import MAX_KEPT, from_json
from storage.conversation_repo import StoredState
from storage.models import ChatState, Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT, UNKNOWN, tickets
from tests.harness import BotHarness
from tests.twin import twin

FIRE_WIRES = "楼道里有人飞线充电，太危险了"


async def stored(h: BotHarness, chat_id: int) -> StoredState:
    async with unit_of_work(h.services.sessions) as repos:
        return await repos.conversations.get(chat_id)


async def test_registration_and_kept_messages_across_two_processes(bot: BotHarness) -> None:
    a = bot
    async with twin(a) as b:
        assert "记下了" in (await a.say(WANG, FIRE_WIRES))[0].plain_text
        [kept] = await b.say(WANG, "对了还有，晚上特别吵")
        assert "记下了" in kept.plain_text
        await a.press(WANG, "采菱社区")
        await b.press(WANG, "第三网格")
        await a.press(WANG, "跳过")
        await b.say(WANG, "跳过")
    ticket, noise = await tickets(a)  # the kept second message is a problem of its own
    assert (ticket.intent, noise.intent) == ("fire_safety", "dispute")
    assert any("登记好了" in r and "第三网格" in r for r in b.replies(WANG))
    assert from_json((await stored(a, WANG.id)).data).registration is None


async def test_a_report_begun_on_one_process_is_filed_on_the_other(residents: BotHarness) -> None:
    a = residents
    async with twin(a) as b:
        [ask] = await a.send(ZHAO, a.updates.photo(ZHAO, media_group_id="C3"))
        assert "说说是什么事" in ask.plain_text
        assert await b.send(ZHAO, b.updates.photo(ZHAO, media_group_id="C3")) == []  # quiet
        await b.say(ZHAO, "楼道里堆满了纸箱杂物，堵住消防通道")
        await a.send(ZHAO, a.updates.photo(ZHAO, media_group_id="C3"))  # late: same ticket
    [ticket] = await tickets(a)
    async with unit_of_work(a.services.sessions) as repos:
        photos = await repos.tickets.attachments(ticket.id)
    assert ticket.intent == "fire_safety" and len(photos) == 3


async def test_re_registering_keeps_the_question_waiting_for_a_category(
    residents: BotHarness,
) -> None:
    await residents.say(WANG, UNKNOWN)  # 不太明白: the categories, the text kept
    await residents.say(WANG, "/start")
    await residents.press(WANG, "修改住址")
    [*_, filed] = await residents.press(WANG, "其他问题")  # the earlier question's button
    assert "工单号" in filed.plain_text
    [ticket] = await tickets(residents)
    assert ticket.text == UNKNOWN
    await residents.press(WANG, "瑞金社区")  # and the re-registration goes on
    await residents.press(WANG, "第一网格（建安粮苑）")
    await residents.say(WANG, "粮苑5号楼")
    await residents.say(WANG, "跳过")
    assert "登记好了" in residents.replies(WANG)[-1]
    assert await stored(residents, WANG.id) == StoredState(WANG.id)  # nothing left over


async def test_messages_kept_while_registering_are_bounded_and_counted(bot: BotHarness) -> None:
    await bot.say(WANG, FIRE_WIRES)
    for n in range(1, MAX_KEPT + 2):
        [reply] = await bot.say(WANG, f"补充第{n}条")
        assert ("没能记下" in reply.plain_text) == (n >= MAX_KEPT), n
    await bot.press(WANG, "采菱社区")
    await bot.press(WANG, "第二网格")
    await bot.press(WANG, "跳过")
    before = len(bot.replies(WANG))
    await bot.say(WANG, "跳过")
    after = bot.replies(WANG)[before:]
    assert "登记好了" in after[0] and "另外有 2 条" in after[1]
    tickets_now = await tickets(bot)
    assert [t.intent for t in tickets_now] == ["fire_safety"]  # the first message: kept first


async def test_a_garbled_row_resets_the_conversation_not_the_bot(residents: BotHarness) -> None:
    for garbage in ({"v": 1, "registration": {"step": "??"}, "report": 5}, {"step": "phone"}):
        async with unit_of_work(residents.services.sessions) as repos:
            await repos.conversations.erase(WANG.id)
            repos.session.add(ChatState(chat_id=WANG.id, state=garbage))
        await residents.say(WANG, UNKNOWN)
        assert "其他问题" in residents.api.last(WANG.id).button_texts
        state = from_json((await stored(residents, WANG.id)).data)
        assert state.registration is None and state.report.text == UNKNOWN
    await residents.say(WANG, CONFIDENT)
    assert [t.intent for t in await tickets(residents)] == ["parking"]


async def test_two_processes_keeping_messages_at_once_lose_none(bot: BotHarness) -> None:
    await bot.say(WANG, FIRE_WIRES)
    async with twin(bot) as other:
        for n in range(4):
            await asyncio.gather(
                bot.say(WANG, f"这边第{n}条"),
                other.say(WANG, f"那边第{n}条"),
                bot.say(ZHAO, "在吗"),
            )
    state = from_json((await stored(bot, WANG.id)).data)
    texts = {getattr(k, "text", "") for k in state.kept.items}
    here, there = {f"这边第{n}条" for n in range(4)}, {f"那边第{n}条" for n in range(4)}
    assert texts == {FIRE_WIRES, *here, *there} and state.kept.dropped == 0
    async with unit_of_work(bot.services.sessions) as repos:
        assert (await repos.session.scalars(select(Ticket))).all() == []
