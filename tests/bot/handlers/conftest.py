"""Fixtures for conversation tests: areas imported, residents registered through the bot."""

from __future__ import annotations

import pytest

from tests.harness import BotHarness
from tests.updates import TgUser

WANG = TgUser(2001, "王阿姨")
ZHAO = TgUser(2002, "赵大爷")


async def register(
    h: BotHarness,
    user: TgUser,
    community: str = "采菱社区",
    grid: str = "第二网格",
    address: str | None = "3号楼2单元501",
    phone: str | None = "13812345678",
) -> None:
    """Walk a resident through /start with buttons, as they would."""
    await h.say(user, "/start")
    await h.press(user, community)
    await h.press(user, grid)
    if address is None:
        await h.press(user, "跳过")
    else:
        await h.say(user, address)
    if phone is None:
        await h.say(user, "跳过")
    else:
        await h.feed(h.updates.contact(user, phone))


@pytest.fixture
async def residents(bot: BotHarness) -> BotHarness:
    """王阿姨 and 赵大爷 registered in 采菱社区 第二网格 and 第五网格."""
    await register(bot, WANG)
    await register(bot, ZHAO, grid="第五网格", address="12栋1单元302", phone=None)
    bot.api.clear()
    return bot
