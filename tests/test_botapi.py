"""The offline Bot API double answers like Telegram and fails on request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from tests.botapi import BOT_USERNAME, FakeBotAPI


@pytest.fixture
async def bot(api: FakeBotAPI) -> Bot:
    b = Bot("123:TEST", request=api, get_updates_request=api)
    await b.initialize()
    return b


async def test_send_message_returns_a_real_message(bot: Bot, api: FakeBotAPI) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("接单", callback_data="take:1")]])
    msg = await bot.send_message(42, "<b>工单 #1</b> 已派单", ParseMode.HTML, reply_markup=keyboard)
    assert bot.username == BOT_USERNAME
    assert msg.chat_id == 42 and msg.text == "工单 #1 已派单" and msg.message_id >= 10_000
    assert msg.reply_markup == keyboard
    call = api.last(42)
    assert call.method == "sendMessage" and call.button_texts == ["接单"]
    assert call.text == "<b>工单 #1</b> 已派单" and call.plain_text == "工单 #1 已派单"


async def test_edit_photo_document_file(bot: Bot, api: FakeBotAPI) -> None:
    sent = await bot.send_message(7, "进度：0")
    edited = await bot.edit_message_text("进度：10", chat_id=7, message_id=sent.message_id)
    assert isinstance(edited, type(sent)) and edited.message_id == sent.message_id
    photo = await bot.send_photo(7, "AgAD-file", caption="图表")
    assert photo.photo and photo.caption == "图表"
    doc = await bot.send_document(7, b"a,b\n1,2\n", filename="report.csv")
    assert doc.document is not None
    file = await bot.get_file("AgAD-file")
    assert file.file_path and file.file_id == "AgAD-file"
    assert await bot.answer_callback_query("1") is True
    assert await bot.delete_message(7, sent.message_id) is True
    assert [c.method for c in api.calls][-7:] == [
        "sendMessage",
        "editMessageText",
        "sendPhoto",
        "sendDocument",
        "getFile",
        "answerCallbackQuery",
        "deleteMessage",
    ]


async def test_planned_failures_raise_what_telegram_would(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_rate_limit("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as info:
        await bot.send_message(1, "a")
    assert info.value.retry_after == timedelta(seconds=7)
    api.fail_server_error("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(1, "b")
    api.fail_timeout("sendMessage")
    with pytest.raises(TimedOut):
        await bot.send_message(1, "c")
    api.fail_bad_request("sendMessage", "Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(1, "d")
    assert (await bot.send_message(1, "e")).text == "e"
    assert [c.ok for c in api.calls if c.method == "sendMessage"] == [False] * 4 + [True]


async def test_blocked_chat_gets_403_until_the_end(bot: Bot, api: FakeBotAPI) -> None:
    api.block(5)
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(5, "通知")
    assert (await bot.send_message(6, "通知")).chat_id == 6


async def test_failure_for_one_chat_only(bot: Bot, api: FakeBotAPI) -> None:
    from tests.botapi import Failure

    api.fail("sendMessage", Failure(400, "Bad Request: chat not found", chat_id=9))
    assert (await bot.send_message(8, "x")).chat_id == 8
    with pytest.raises(BadRequest):
        await bot.send_message(9, "x")


@pytest.mark.parametrize(
    "text",
    ["a < b", "Tom & Jerry", "<b>unclosed", "<script>x</script>", "<b><i>x</b></i>", "   "],
)
async def test_text_telegram_would_reject_is_rejected(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest):
        await bot.send_message(1, text, ParseMode.HTML)


async def test_unknown_method_is_loud(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="not in FakeBotAPI"):
        await bot.do_api_request("frobnicateChat", api_kwargs={"chat_id": 1})
