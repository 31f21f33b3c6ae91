"""Characters PostgreSQL refuses (NUL, lone surrogates) are removed before storage."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Resident, Ticket
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import register
from tests.bot.handlers.test_reports import CONFIDENT
from tests.harness import BotHarness
from tests.updates import TgUser

ODD = TgUser(2077, "王\x00阿\ud800姨")


async def test_report_with_nul_and_lone_surrogate_is_filed(bot: BotHarness) -> None:
    await register(bot, ODD, address="3号楼\x002单元")
    text = CONFIDENT.replace("，", "\x00，\udc00", 1)
    [reply] = [c for c in await bot.say(ODD, text) if "工单号" in c.plain_text]
    async with unit_of_work(bot.services.sessions) as repos:
        [ticket] = (await repos.session.scalars(select(Ticket))).all()
        resident = (await repos.session.scalars(select(Resident))).one()
    assert ticket.text == CONFIDENT
    assert resident.display_name == "王阿姨" and resident.address == "3号楼2单元"
    assert f"#{ticket.id}" in reply.plain_text
