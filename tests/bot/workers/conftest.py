"""Fixtures for the grid workers' loop: a community with workers, an admin and residents."""

from __future__ import annotations

import pytest

from storage.models import StaffRole
from tests.bot.handlers.conftest import WANG, ZHAO, register
from tests.harness import BotHarness
from tests.updates import TgUser

LIU = TgUser(3001, "刘网格员")  # cailing-02
CHEN = TgUser(3002, "陈网格员")  # cailing-02
SUN = TgUser(3003, "孙网格员")  # cailing-05
GUAN = TgUser(4001, "管书记")  # admin of 采菱社区


@pytest.fixture
async def grid(bot: BotHarness) -> BotHarness:
    """Two workers on 第二网格, one on 第五网格, an admin over 采菱社区, two residents."""
    staff = bot.services.staff
    await staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    await staff.add(CHEN.id, StaffRole.WORKER, ["cailing-02"], "陈刚")
    await staff.add(SUN.id, StaffRole.WORKER, ["cailing-05"], "孙丽")
    await staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    await register(bot, WANG)  # 第二网格
    await register(bot, ZHAO, grid="第五网格", address="12栋1单元302", phone=None)
    bot.api.clear()
    return bot


async def report(h: BotHarness, user: TgUser, text: str) -> int:
    """A resident reports; the new ticket's id."""
    await h.say(user, text)
    reply = h.api.last(user.id).plain_text
    assert "工单号 #" in reply, reply
    return int(reply.split("工单号 #")[1].split()[0])
