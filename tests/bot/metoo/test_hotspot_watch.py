"""The daily hotspot watch: admins over a grid hear of its new hotspots once, with the
/hotspots lines and their 列入每月一题 buttons; a hotspot is told again only when it doubles."""

from __future__ import annotations

from sqlalchemy import select

from bot.chat.senders.jobs import hotspot_watch
from storage.models import HotspotAlert, StaffRole
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO, register
from tests.bot.metoo.conftest import LI, PARKING, PARKING_AGAIN, PARKING_TOO, QIAN, tickets
from tests.bot.workers.conftest import GUAN, LIU, report
from tests.harness import BotHarness
from tests.updates import TgUser

FANG = TgUser(4002, "方书记")  # admin of 府后社区: another area
MORE = [TgUser(2005, "孙姐"), TgUser(2006, "周叔"), TgUser(2007, "吴姨")]
LINE = "停车问题 · 第二网格 · {n} 户\n   工单：#{first}、#{second}"


async def _crowd(h: BotHarness) -> tuple[int, int]:
    """王阿姨 and 李叔 (我也遇到) at 3号楼, 钱姐's own ticket at 8号楼: 3 households."""
    first = await report(h, WANG, PARKING)
    await h.say(LI, PARKING_TOO)
    await h.press(LI, "🙋 我也遇到")
    await h.say(QIAN, PARKING_AGAIN)
    await h.press(QIAN, "这是另一件事")
    await report(h, ZHAO, PARKING)  # 第五网格: one household, no hotspot
    return first, (await tickets(h))[-2].id


async def _run(h: BotHarness) -> int:
    """A day later, the watch as the daily job runs it, then the outbox delivered."""
    h.api.clear()
    h.clock.advance(days=1)
    found = await hotspot_watch(h.services)
    await h.deliver()
    return found


async def test_the_admins_hear_of_a_new_hotspot_once(street: BotHarness) -> None:
    first, second = await _crowd(street)
    await street.services.staff.add(FANG.id, StaffRole.ADMIN, ["fuhou"], "方")
    assert await _run(street) == 1
    [told] = street.api.sent(GUAN.id)
    assert "新发现的热点问题" in told.plain_text
    assert LINE.format(n=3, first=first, second=second) in told.plain_text
    assert told.button_texts == ["📌 第 1 条列入每月一题"]
    assert street.api.sent(FANG.id) == [] and street.api.sent(LIU.id) == []
    assert await _run(street) == 0  # nothing new: nobody hears anything
    assert street.api.sent() == []
    await street.press(GUAN, "📌 第 1 条列入每月一题")  # the button works as under /hotspots
    assert "每月一题 #1" in street.api.last(GUAN.id).plain_text
    street.clock.advance(days=30)  # the reports fall out of the window: the alert is forgotten
    assert await _run(street) == 0
    async with unit_of_work(street.services.sessions) as repos:
        assert (await repos.session.scalars(select(HotspotAlert))).all() == []


async def test_a_growing_hotspot_is_told_again_only_at_twice_the_threshold(
    street: BotHarness,
) -> None:
    first, second = await _crowd(street)
    assert await _run(street) == 1
    for n, user in enumerate(MORE, 1):  # 我也遇到: 4, 5, then 6 households in 第二网格
        await register(street, user, address=f"{n}号楼1单元101", phone=None)
        await street.say(user, PARKING_TOO)
        await street.press(user, "🙋 我也遇到")
        await _run(street)
        told = "\n".join(c.plain_text for c in street.api.sent(GUAN.id))
        if n < len(MORE):  # grown, but not to twice 3: the grid's crowd is not told again
            assert "停车问题 · 第二网格 · " not in told
    grid_line = LINE.format(n=6, first=first, second=second) + "\n   ⬆️ 又扩大了"
    assert grid_line in told
    assert await _run(street) == 0 and street.api.sent() == []
    async with unit_of_work(street.services.sessions) as repos:
        stmt = select(HotspotAlert).where(HotspotAlert.place == "")
        [alert] = (await repos.session.scalars(stmt)).all()
    assert (alert.kind, alert.intent, alert.size, alert.doubled) == ("crowd", "parking", 6, True)


async def test_the_watch_is_a_daily_job_at_the_set_time(street: BotHarness) -> None:
    queue = street.app.job_queue
    assert queue is not None
    [job] = queue.get_jobs_by_name("hotspots")
    assert "hour='8'" in str(job.job.trigger) and "minute='0'" in str(job.job.trigger)
