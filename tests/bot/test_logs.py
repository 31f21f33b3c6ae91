"""Logs: one line per event, JSON when asked; never a resident's words or phone at INFO."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import JsonFormatter
from tests.bot.handlers.conftest import WANG, register
from tests.harness import BotHarness

SECRET_TEXT = "小区门口天天乱停车，车都开不出去，张三家的车牌是豫K12345"


def test_json_formatter_writes_one_object_per_line() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("gridbot.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("ticket %d opened\nsecond line", 7)
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "ticket 7 opened\nsecond line" and first["level"] == "WARNING"
    assert first["logger"] == "gridbot.test.json" and "time" in first
    assert "ValueError: boom" in second["exc"]


async def test_info_logs_carry_ids_not_words_or_phones(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await register(bot, WANG, phone="13812345678")
        await bot.say(WANG, SECRET_TEXT)
    assert "ticket" in caplog.text  # something was logged…
    assert "豫K12345" not in caplog.text and "乱停车" not in caplog.text
    assert "13812345678" not in caplog.text and "3号楼2单元501" not in caplog.text
