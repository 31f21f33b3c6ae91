"""Delivering notices: receipts and /notice, blocked residents, retries, a crash half-way."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from sqlalchemy import func, select

from bot.bootstrap import build_services
from bot.chat.app import build_application
from bot.config import Settings
from intents import Matcher
from storage.models import DeliveryStatus, Notice, NoticeDelivery, NoticeStatus, Resident
from storage.uow import unit_of_work
from tests.bot.broadcast.conftest import (
    GUAN,
    LI,
    ZHOU,
    add_residents,
    broadcaster,
    notices_to,
    one_line,
    receivers,
    send_now,
)
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.botapi import Failure
from tests.conftest import FakeClock
from tests.harness import BotHarness


async def test_receipts_and_the_unconfirmed_by_grid_and_building(town: BotHarness) -> None:
    notice_id, _ = await one_line(town, GUAN, "community:cailing 今晚8点消防检查，请家中留人")
    await town.press(GUAN, "回执：不需要（点此切换）")
    await send_now(town, GUAN)
    await town.press(WANG, "✅ 已阅")
    shown = [m for m in town.api.keyboards(WANG.id) if "社区通知" in m.get("text", "")]
    assert shown == []  # the button is gone once pressed
    zhao_button = notices_to(town.api, ZHAO.id)[0].buttons[0]["callback_data"]
    [forged] = await town.press_data(LI, zhao_button)
    assert forged.params["text"] == "这条通知找不到了。"

    [report] = await town.say(GUAN, f"/notice {notice_id}")
    text = report.plain_text
    assert "已发送 4" in text and "还没确认的居民（3 人" in text and "王阿姨" not in text
    second, fifth = text.index("第二网格"), text.index("第五网格")
    assert second < text.index("3号楼：周奶奶（3号楼1单元202）") < fifth
    assert second < text.index("13号楼：李叔（13号楼1单元101）") < fifth
    assert fifth < text.index("12栋：赵大爷（12栋1单元302）")
    [mine] = await town.say(GUAN, "/notice")
    assert f"#{notice_id} 采菱社区 · 4 人 · 已发完" in mine.plain_text
    [other] = await town.say(GUAN, f"/notice {notice_id + 1}")
    assert "找不到这个通知" in other.plain_text


async def test_blocked_residents_are_marked_and_skipped_next_time(town: BotHarness) -> None:
    town.api.block(LI.id)
    await one_line(town, GUAN, "grid:cailing-02 停电通知")
    assert await send_now(town, GUAN) == 2
    assert "已屏蔽 1" in town.api.last(GUAN.id).plain_text
    async with unit_of_work(town.services.sessions) as repos:
        li = await repos.residents.by_telegram_id(LI.id)
    assert li is not None and li.blocked
    town.api.clear()
    _, count = await one_line(town, GUAN, "grid:cailing-02 恢复供电")
    assert count == 2
    await send_now(town, GUAN)
    assert [c for c in town.api.calls if c.chat_id == LI.id] == []
    assert receivers(town.api) == {WANG.id, ZHOU.id}


async def test_429_5xx_timeouts_are_retried_and_400_gives_up(town: BotHarness) -> None:
    api = town.api
    api.fail("sendMessage", Failure(429, "Too Many Requests", retry_after=7, chat_id=WANG.id))
    api.fail("sendMessage", Failure(502, "Bad Gateway", chat_id=WANG.id))
    api.fail("sendMessage", Failure(0, "timeout", timeout=True, chat_id=WANG.id))
    api.fail("sendMessage", Failure(400, "Bad Request: chat not found", chat_id=LI.id))
    await one_line(town, GUAN, "grid:cailing-02 台风预警：明天停课")
    assert await send_now(town, GUAN) == 1
    assert notices_to(api, WANG.id) == []
    assert await broadcaster(town).drain() == 0  # honours retry_after
    for seconds in (8, 5, 9):
        town.clock.advance(seconds=seconds)
        await broadcaster(town).drain()
    assert len(notices_to(api, WANG.id)) == 1
    assert "失败 1" in api.last(GUAN.id).plain_text and "发送完毕" in api.last(GUAN.id).plain_text
    town.clock.advance(minutes=10)
    assert await broadcaster(town).drain() == 0
    assert len(notices_to(api, WANG.id)) == 1


async def test_a_broadcast_killed_half_way_resumes_without_duplicates(
    town: BotHarness, settings: Settings, matcher: Matcher, clock: FakeClock
) -> None:
    ids = await add_residents(town.services, 40)
    notice_id, count = await one_line(town, GUAN, "grid:cailing-03 停水通知")
    assert count == 40
    await town.press(GUAN, "✅ 发送")
    town.api.stall("sendMessage", after=15)
    task = asyncio.create_task(broadcaster(town).drain())
    for _ in range(500):
        if len(town.api.calls) >= 40 + 1:
            break
        await asyncio.sleep(0.01)
    task.cancel()  # the process dies with 15 copies answered and the rest in the air
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(receivers(town.api)) == 15
    town.api.unstall()

    services = build_services(settings, matcher=matcher, clock=clock)
    app = build_application(settings, services, request=town.api)
    await app.initialize()
    try:
        fresh = BotHarness(app=app, api=town.api, services=services, settings=settings)
        assert await broadcaster(fresh).drain() == 0  # the dead process's leases still hold
        clock.advance(seconds=61)
        assert await broadcaster(fresh).drain() == 25
    finally:
        await app.shutdown()
        await services.close()
    copies = Counter(c.chat_id for c in town.api.sent() if "停水通知" in c.plain_text
                     and "社区通知" in c.plain_text)  # fmt: skip
    assert copies == Counter(ids)
    async with unit_of_work(town.services.sessions) as repos:
        notice = await repos.session.get(Notice, notice_id)
        statuses = dict(
            (
                await repos.session.execute(
                    select(NoticeDelivery.status, func.count()).group_by(NoticeDelivery.status)
                )
            ).all()
        )
        blocked = await repos.session.scalar(select(func.count()).where(Resident.blocked))
    assert notice is not None and notice.status is NoticeStatus.DONE
    assert statuses == {DeliveryStatus.SENT: 40} and blocked == 0
