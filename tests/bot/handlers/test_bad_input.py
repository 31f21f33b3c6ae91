"""Input the bot cannot use gets a sensible answer; nothing crashes; nothing is lost."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Ticket, TicketEvent
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.handlers.test_reports import CONFIDENT
from tests.harness import BotHarness
from tests.updates import TgUser


async def _tickets(h: BotHarness) -> list[Ticket]:
    async with unit_of_work(h.services.sessions) as repos:
        return list((await repos.session.scalars(select(Ticket))).all())


async def test_sticker_voice_video_file_are_declined_politely(residents: BotHarness) -> None:
    u = residents.updates
    [sticker] = await residents.feed(u.sticker(WANG))
    [voice] = await residents.feed(u.voice(WANG))
    video = {"file_id": "BAAC", "file_unique_id": "v1", "width": 1, "height": 1, "duration": 3}
    [vid] = await residents.feed(u.other(WANG, video=video))
    doc = {"file_id": "BQAC", "file_unique_id": "d1", "file_name": "a.pdf",
           "mime_type": "application/pdf"}  # fmt: skip
    [pdf] = await residents.feed(u.other(WANG, document=doc))
    assert "打字" in sticker.plain_text
    assert "语音" in voice.plain_text and "12345" in voice.plain_text
    assert "文件" in vid.plain_text and "文件" in pdf.plain_text
    assert await _tickets(residents) == []


async def test_image_sent_as_file_counts_as_a_photo(residents: BotHarness) -> None:
    await residents.say(WANG, CONFIDENT)
    doc = {"file_id": "BQAC-img", "file_unique_id": "d2", "file_name": "a.jpg",
           "mime_type": "image/jpeg"}  # fmt: skip
    [reply] = await residents.send(WANG, residents.updates.other(WANG, document=doc))
    assert "照片已补充" in reply.plain_text


async def test_edited_message_joins_the_active_ticket_or_asks_again(
    residents: BotHarness,
) -> None:
    [declined] = await residents.send(ZHAO, residents.updates.edited(ZHAO, "改一下"))
    assert "重新发一条" in declined.plain_text
    await residents.say(WANG, CONFIDENT)
    [noted] = await residents.send(WANG, residents.updates.edited(WANG, "是北门，不是南门"))
    [ticket] = await _tickets(residents)
    assert f"#{ticket.id}" in noted.plain_text
    async with unit_of_work(residents.services.sessions) as repos:
        texts = (await repos.session.scalars(select(TicketEvent.text))).all()
    assert "是北门，不是南门" in texts


async def test_group_chat_is_asked_to_talk_privately(residents: BotHarness) -> None:
    """Asked privately: nothing is ever said in the group (issue 11)."""
    group = {"id": -100123, "type": "supergroup", "title": "采菱社区居民群"}
    u = residents.updates
    [decline] = await residents.feed(
        {"update_id": 900001, "message": u.message_json(WANG, chat=group, text="/start",
         entities=[{"type": "bot_command", "offset": 0, "length": 6}])}
    )  # fmt: skip
    assert decline.chat_id == WANG.id and "私聊" in decline.plain_text
    chatter = {"update_id": 900002, "message": u.message_json(WANG, chat=group, text="大家好")}
    assert await residents.feed(chatter) == []
    assert await _tickets(residents) == []


async def test_forwarded_channel_post_is_declined(residents: BotHarness) -> None:
    origin = {"type": "channel", "date": 1700000000, "message_id": 5,
              "chat": {"id": -1001, "type": "channel", "title": "新闻"}}  # fmt: skip
    [reply] = await residents.feed(
        residents.updates.other(WANG, text="震惊！停车新规", forward_origin=origin)
    )
    assert "转发" in reply.plain_text and await _tickets(residents) == []


async def test_very_long_message_is_filed_not_crashed(residents: BotHarness) -> None:
    text = "小区门口天天乱停车，车都开不出去。" + "真的太难了" * 1000
    assert len(text) > 5000
    [reply] = await residents.say(WANG, text)
    [ticket] = await _tickets(residents)
    assert f"#{ticket.id}" in reply.plain_text and len(ticket.text) <= 4000


async def test_only_emoji_or_whitespace_gets_a_hint(residents: BotHarness) -> None:
    [emoji] = await residents.say(WANG, "😀😀👍🙏")
    [blank] = await residents.say(WANG, "\u3000 \u3000")
    assert "文字" in emoji.plain_text and "文字" in blank.plain_text
    assert await _tickets(residents) == []


async def test_html_looking_text_is_escaped_everywhere(residents: BotHarness) -> None:
    nasty = "<b>楼道</b> & <script>堆满杂物</script> 消防通道堵了"
    await residents.say(WANG, nasty)  # the double rejects unescaped HTML with 400
    [ticket] = await _tickets(residents)
    [detail] = await residents.say(WANG, f"/ticket {ticket.id}")
    assert detail.ok and "<script>" in detail.plain_text
    odd = TgUser(2999, "<i>小</i>&明")
    calls = await residents.say(odd, "/start")
    assert all(c.ok for c in calls) and "<i>小</i>&明" in calls[0].plain_text


async def test_nothing_a_resident_sends_crashes_the_handlers(residents: BotHarness) -> None:
    u = residents.updates
    samples = [
        u.text(WANG, "\x00\x01\x02控制字符"),
        u.text(WANG, "mixed 中文 English ١٢٣ кириллица"),
        u.other(WANG, dice={"emoji": "🎲", "value": 4}),
        u.contact(WANG, "13800000000"),
    ]  # fmt: skip
    for update in samples:
        calls = await residents.feed(update)
        assert calls and all(c.ok for c in calls)
        assert not any("出了点问题" in c.plain_text for c in calls)
