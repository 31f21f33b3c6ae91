"""/hotspots for admins (their areas only), and the hotspots in ``gridbot report``."""

from __future__ import annotations

import csv
import io

from storage.models import StaffRole
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.metoo.conftest import LI, PARKING, PARKING_AGAIN, PARKING_TOO, QIAN, tickets
from tests.bot.stats.conftest import month  # noqa: F401  (the fixture)
from tests.bot.stats.test_report_cli import env  # noqa: F401  (the fixture)
from tests.bot.test_cli import gridbot
from tests.bot.workers.conftest import GUAN, LIU, report
from tests.harness import BotHarness
from tests.updates import TgUser

FANG = TgUser(4002, "方书记")  # admin of 府后社区


async def test_admins_see_the_hotspots_of_their_areas(street: BotHarness) -> None:
    first = await report(street, WANG, PARKING)  # 3号楼
    await street.say(LI, PARKING_TOO)  # 3号楼: 我也遇到
    await street.press(LI, "🙋 我也遇到")
    await street.say(QIAN, PARKING_AGAIN)  # 8号楼: a ticket of her own
    await street.press(QIAN, "这是另一件事")
    second = (await tickets(street))[-1].id
    await report(street, ZHAO, PARKING)  # 第五网格: not this crowd
    [listing] = await street.say(GUAN, "/hotspots")
    text = listing.plain_text
    assert "热点问题" in text and "多人同诉" in text
    assert f"停车问题 · 第二网格 · 3 户\n   工单：#{first}、#{second}" in text
    await street.services.staff.add(FANG.id, StaffRole.ADMIN, ["fuhou"], "方")
    [none] = await street.say(FANG, "/hotspots")
    assert "没有热点问题" in none.plain_text
    [refused] = await street.say(LIU, "/hotspots")  # workers: not a command of theirs
    assert "热点" not in refused.plain_text


async def test_repeats_and_recurrences_of_the_month(month: BotHarness) -> None:  # noqa: F811
    [listing] = await month.say(GUAN, "/hotspots")
    text = listing.plain_text
    assert "一人多诉\n1. 停车问题 · 第二网格 · 同一居民 3 次\n   工单：#1、#2、#6" in text
    assert "同址复发\n2. 停车问题 · 第二网格 · 3 单，1 户\n   工单：#1、#2、#6" in text
    assert "府后" not in text


async def test_the_report_carries_one_row_per_hotspot(env: dict[str, str]) -> None:  # noqa: F811
    result = gridbot("report", "--days", "30", env=env)
    assert result.returncode == 0, result.stderr
    found = [r for r in csv.reader(io.StringIO(result.stdout)) if r[0] == "hotspots"]
    assert found == [
        ["hotspots", "repeat:1,2,6", "一人多诉 · 停车问题 · 第二网格 · 同一居民 3 次", "1"],
        ["hotspots", "recur:1,2,6", "同址复发 · 停车问题 · 第二网格 · 3 单，1 户", "1"],
    ]
