"""我也遇到 (+1): a report of a shared kind is offered a neighbour's open ticket first."""

from __future__ import annotations

from storage.models import TicketStatus
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.metoo.conftest import (
    LI,
    PARKING,
    PARKING_AGAIN,
    PARKING_TOO,
    QIAN,
    followers,
    history,
    ticket,
    tickets,
)
from tests.bot.workers.conftest import CHEN, LIU, SUN, report
from tests.harness import BotHarness


async def test_a_neighbour_is_offered_the_open_ticket_and_joins_it(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    street.api.clear()
    [offer] = await street.say(LI, PARKING_TOO)
    assert f"邻居已经反映了（工单 #{first}，已派单）" in offer.plain_text
    assert offer.button_texts == ["🙋 我也遇到", "这是另一件事"]
    assert len(await tickets(street)) == 1  # nothing filed yet
    await street.press(LI, "🙋 我也遇到")
    joined = street.api.last(LI.id)
    assert f"#{first}" in joined.plain_text and "共 2 户" in joined.plain_text
    assert len(await tickets(street)) == 1
    [follow] = await followers(street, first)
    assert follow.via == "metoo"
    metoo = [e for e in await history(street, first) if e.kind == "metoo"]
    assert [(e.text, e.data, e.visible_to_resident) for e in metoo] == [
        (PARKING_TOO, {"households": 2}, False)
    ]
    for worker in (LIU, CHEN):  # nobody owns it yet: the grid's workers hear of it
        [note] = [c for c in street.api.sent(worker.id) if "又有居民反映" in c.plain_text]
        assert "共 2 户" in note.plain_text and PARKING_TOO in note.plain_text
    assert not street.api.sent(SUN.id)
    assert not street.api.sent(WANG.id)  # the neighbour's words are not shown to 王阿姨


async def test_workers_see_the_households_in_the_queue_and_the_ticket(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "🙋 我也遇到")
    [queue] = await street.say(LIU, "/queue")
    assert f"#{first}" in queue.plain_text and "👥2户" in queue.plain_text
    [detail] = await street.say(LIU, f"/ticket {first}")
    assert "反映户数：2 户" in detail.plain_text
    assert "我也遇到" in detail.plain_text and PARKING_TOO in detail.plain_text
    [own] = await street.say(WANG, f"/ticket {first}")
    assert PARKING_TOO not in own.plain_text


async def test_followers_hear_of_progress_and_rate_the_result(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "🙋 我也遇到")
    street.api.clear()
    await street.say(LIU, f"/take {first}")
    assert any("已接手您关注的工单" in c.plain_text for c in street.api.sent(LI.id))
    await street.say(LIU, f"/reply {first} 王阿姨，我下午到您家")
    assert not any("下午到您家" in c.plain_text for c in street.api.sent(LI.id))
    await street.say(LIU, f"/resolve {first} 已联系车主挪车，加装了禁停标志")
    resolved = street.api.last(LI.id)
    assert "您关注的工单" in resolved.plain_text and "禁停标志" in resolved.plain_text
    assert resolved.button_texts == ["满意", "基本满意", "不满意", "问题没解决"]
    await street.press(LI, "基本满意")
    thanks = street.api.last(LI.id)
    assert "谢谢您的评价" in thanks.plain_text
    [follow] = await followers(street, first)
    assert follow.rating == "fairly_satisfied"
    assert (await ticket(street, first)).status is TicketStatus.RESOLVED  # 王阿姨 still rates
    await street.press(WANG, "满意")
    assert (await ticket(street, first)).rating == "satisfied"
    again = await street.press_data(LI, f"frate:{first}:s")
    assert any("已经评价过了" in c.plain_text for c in again)


async def test_a_follower_who_is_not_helped_is_heard(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "🙋 我也遇到")
    await street.say(LIU, f"/resolve {first} 已联系车主挪车")
    await street.press(LI, "问题没解决")
    assert "网格员会看到" in street.api.last(LI.id).plain_text
    assert "还没解决" in street.api.last(LIU.id).plain_text
    assert (await ticket(street, first)).status is TicketStatus.RESOLVED


async def test_another_matter_is_filed_as_a_ticket_of_its_own(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "这是另一件事")
    opened = street.api.last(LI.id)
    _, second = await tickets(street)
    assert f"#{second.id}" in opened.plain_text and second.text == PARKING_TOO
    assert second.intent == "parking" and await followers(street, first) == []


async def test_the_same_building_comes_first_and_a_follower_is_not_asked_twice(
    street: BotHarness,
) -> None:
    near = await report(street, WANG, PARKING)  # 3号楼
    await street.say(QIAN, PARKING_AGAIN)  # 8号楼: offered 王阿姨's, files her own
    await street.press(QIAN, "这是另一件事")
    far = (await tickets(street))[-1].id
    [offer] = await street.say(LI, PARKING_TOO)  # 3号楼
    assert f"#{near}" in offer.plain_text and f"#{far}" not in offer.plain_text
    await street.press(LI, "🙋 我也遇到")
    [next_offer] = await street.say(LI, PARKING_AGAIN)
    assert f"#{far}" in next_offer.plain_text  # the one LI does not follow yet


async def test_priority_rises_when_enough_households_share_it(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    assert (await ticket(street, first)).priority == 1
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "🙋 我也遇到")
    assert (await ticket(street, first)).priority == 1
    await street.say(QIAN, PARKING_AGAIN)
    await street.press(QIAN, "🙋 我也遇到")
    assert (await ticket(street, first)).priority == 2  # 3 households: the default threshold


async def test_no_offer_across_grids_or_for_matters_that_are_not_shared(
    street: BotHarness,
) -> None:
    await report(street, WANG, PARKING)
    [own] = await street.say(ZHAO, PARKING_TOO)  # 第五网格
    assert "工单号 #" in own.plain_text
    await report(street, WANG, "楼上邻居半夜吵架吵得睡不着")
    [dispute] = await street.say(LI, "楼上邻居半夜吵架吵得睡不着")
    assert "工单号 #" in dispute.plain_text and "我也遇到" not in dispute.plain_text


async def test_a_ticket_closed_before_the_press_files_the_words_anew(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.say(WANG, f"/cancel {first}")
    await street.press(WANG, "确定撤销")
    await street.press(LI, "🙋 我也遇到")
    opened = street.api.last(LI.id)
    _, second = await tickets(street)
    assert f"#{second.id}" in opened.plain_text and second.text == PARKING_TOO
    stale = await street.press_data(LI, f"mt:join:{first}")
    assert any("过期" in c.plain_text for c in stale)


async def test_a_followers_reply_to_a_notice_is_their_own_report(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)
    await street.say(LI, PARKING_TOO)
    await street.press(LI, "🙋 我也遇到")
    await street.say(LIU, f"/take {first}")
    notice = street.api.last(LI.id)
    assert "已接手您关注的工单" in notice.plain_text
    await street.feed(
        street.updates.text(LI, "楼道灯也坏了好几天了", reply_to_message=notice.result)
    )
    own = [e for e in await history(street, first) if e.kind == "message"]
    assert own == []  # not added to 王阿姨's ticket (she would see a neighbour's words)
