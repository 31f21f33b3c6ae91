"""Database errors and SQL logging never carry a statement's parameters (a resident's data)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.exc import IntegrityError

from bot.bootstrap import Services
from storage.models import Resident
from storage.uow import unit_of_work

PHONE, ADDRESS = "13912345678", "秘密小区9栋9单元909"


async def test_a_failing_statement_hides_its_parameters(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    async with unit_of_work(services.sessions) as repos:
        repos.session.add(Resident(telegram_id=777, display_name="甲"))
    engine_log = logging.getLogger("sqlalchemy.engine")
    old = engine_log.level
    engine_log.setLevel(logging.DEBUG)  # as if someone turned SQL logging on
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(IntegrityError) as caught:
            async with unit_of_work(services.sessions) as repos:
                repos.session.add(Resident(telegram_id=777, phone=PHONE, address=ADDRESS))
        logging.getLogger("test").exception("write failed", exc_info=caught.value)
    finally:
        engine_log.setLevel(old)
    for text in (str(caught.value), repr(caught.value), caplog.text):
        assert PHONE not in text and ADDRESS not in text
    assert "INSERT INTO residents" in str(caught.value)  # the statement itself is still shown
