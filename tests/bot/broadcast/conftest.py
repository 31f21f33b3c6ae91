"""Fixtures for notices: an admin over 采菱社区, a worker, residents in three grids and two
communities, and helpers to broadcast through the bot."""

from __future__ import annotations

import re

import pytest

from bot.bootstrap import Services
from bot.chat.senders.broadcaster import BROADCASTER_KEY, Broadcaster
from storage.models import Resident, StaffRole
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO, register
from tests.botapi import Call, FakeBotAPI
from tests.conftest import ADMIN_ID
from tests.harness import BotHarness
from tests.updates import TgUser

GUAN = TgUser(4001, "管书记")  # admin of 采菱社区
LIU = TgUser(3001, "刘网格员")  # worker, cailing-02
LI = TgUser(2003, "李叔")  # cailing-02, 13号楼
ZHOU = TgUser(2004, "周奶奶")  # cailing-02, 3号楼
QIAN = TgUser(2005, "钱阿姨")  # 华家社区 第一网格, 3号楼
CHIEF = TgUser(ADMIN_ID, "区里")  # a settings admin: oversees everything
CAILING = {WANG, ZHAO, LI, ZHOU}


@pytest.fixture
async def town(bot: BotHarness) -> BotHarness:
    """WANG (第二网格 3号楼), LI (第二网格 13号楼), ZHOU (第二网格 3号楼), ZHAO (第五网格 12栋)
    in 采菱社区; QIAN in 华家社区."""
    await bot.services.staff.add(GUAN.id, StaffRole.ADMIN, ["cailing"], "管建新")
    await bot.services.staff.add(LIU.id, StaffRole.WORKER, ["cailing-02"], "刘芳")
    await register(bot, WANG)
    await register(bot, ZHAO, grid="第五网格", address="12栋1单元302", phone=None)
    await register(bot, LI, address="13号楼1单元101", phone=None)
    await register(bot, ZHOU, address="3号楼1单元202", phone=None)
    await add_resident(bot.services, QIAN.id, "huajia-01", "3号楼5单元101", QIAN.first_name)
    bot.api.clear()
    return bot


def broadcaster(h: BotHarness) -> Broadcaster:
    """The application's broadcaster."""
    found: Broadcaster = h.app.bot_data[BROADCASTER_KEY]
    return found


def notices_to(api: FakeBotAPI, chat_id: int) -> list[Call]:
    """Notice copies a chat actually received."""
    return [c for c in api.sent(chat_id) if c.method in ("sendMessage", "sendPhoto")
            and "社区通知" in c.plain_text]  # fmt: skip


def receivers(api: FakeBotAPI) -> set[int]:
    """Every chat that received a notice copy."""
    return {c.chat_id for c in api.sent() if "社区通知" in c.plain_text and c.chat_id}


def preview_of(calls: list[Call]) -> tuple[int, int]:
    """The notice id and recipient count of the preview among these calls."""
    [preview] = [c for c in calls if "通知预览" in c.plain_text]
    match = re.search(r"通知预览 #(\d+).*?人数：(\d+) 人", preview.plain_text, re.S)
    assert match, preview.plain_text
    return int(match.group(1)), int(match.group(2))


async def one_line(h: BotHarness, admin: TgUser, line: str) -> tuple[int, int]:
    """``/broadcast <scope> <text>``: the preview's notice id and recipient count."""
    return preview_of(await h.say(admin, f"/broadcast {line}"))


async def send_now(h: BotHarness, admin: TgUser) -> int:
    """Press 发送 on the newest preview and run the broadcaster; copies delivered."""
    await h.press(admin, "✅ 发送")
    return await broadcaster(h).drain()


async def add_resident(
    services: Services, telegram_id: int, grid: str, address: str, name: str
) -> None:
    """A registered resident put straight into the database."""
    async with unit_of_work(services.sessions) as repos:
        area = await repos.areas.by_code(grid)
        assert area is not None
        repos.residents.add(
            Resident(
                telegram_id=telegram_id,
                display_name=name,
                grid_id=area.id,
                address=address,
                registered=True,
            )
        )


async def add_residents(
    services: Services, count: int, grid: str = "cailing-03", first_id: int = 60_000
) -> list[int]:
    """Registered residents put straight into the database; their Telegram ids."""
    async with unit_of_work(services.sessions) as repos:
        area = await repos.areas.by_code(grid)
        assert area is not None
        for n in range(count):
            repos.residents.add(
                Resident(
                    telegram_id=first_id + n,
                    display_name=f"居民{n}",
                    grid_id=area.id,
                    address=f"{n % 5 + 1}号楼{n}室",
                    registered=True,
                )
            )
    return [first_id + n for n in range(count)]
