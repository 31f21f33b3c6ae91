"""forget-resident leaves no copy of the resident's data anywhere (staff quotes included),
cancels their pending notices and keeps /stats unchanged; export holds theirs, not others'."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.services.residents_privacy import ResidentPrivacy
from storage.models import (
    Base,
    DeliveryStatus,
    Notice,
    NoticeDelivery,
    NoticeStatus,
    Resident,
)
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.workers.conftest import GUAN, LIU, grid, report

__all__ = ["grid"]  # the fixture, used here
from tests.harness import BotHarness

WANG_WORDS = "小区门口天天乱停车，车都开不出去"
WANG_PHONE, WANG_ADDRESS = "13812345678", "3号楼2单元501"
ZHAO_WORDS, ZHAO_ADDRESS = "12栋楼道灯坏了好几天，晚上看不见路", "12栋1单元302"


async def everything(h: BotHarness) -> str:
    """Every row of every table, as one text."""
    out: list[str] = []
    async with unit_of_work(h.services.sessions) as repos:
        for table in Base.metadata.sorted_tables:
            rows = (await repos.session.execute(select(table))).all()
            out += [json.dumps([str(v) for v in row], ensure_ascii=False) for row in rows]
    return "\n".join(out)


async def story(h: BotHarness) -> tuple[int, int, str]:
    """Wang reports with a photo; Liu quotes her phone and address; Zhao reports too;
    a notice is still pending for both. Wang's ticket, Zhao's ticket, the photo's file id."""
    wang_ticket = await report(h, WANG, WANG_WORDS)
    photo = h.updates.photo(WANG, caption="照片")
    await h.feed(photo)
    file_id = photo["message"]["photo"][-1]["file_id"]
    await h.say(LIU, f"/take {wang_ticket}")
    await h.say(LIU, f"/reply {wang_ticket} 已按 138-1234-5678 联系您，明早去{WANG_ADDRESS}看看")
    await h.say(LIU, f"/note {wang_ticket} 王阿姨电话13812345678，住{WANG_ADDRESS}")
    await h.feed(h.updates.photo(WANG))
    zhao_ticket = await report(h, ZHAO, ZHAO_WORDS)
    async with unit_of_work(h.services.sessions) as repos:
        notice = Notice(created_by=GUAN.id, scope_kind="community", text="停水通知")
        notice.status = NoticeStatus.SENDING
        repos.session.add(notice)
        await repos.session.flush()
        for user in (WANG, ZHAO):
            resident = await repos.residents.by_telegram_id(user.id)
            assert resident is not None
            repos.session.add(
                NoticeDelivery(notice_id=notice.id, resident_id=resident.id, chat_id=user.id)
            )
    return wang_ticket, zhao_ticket, file_id


def stats_text(calls: list[Any]) -> str:
    [text] = [c.plain_text for c in calls if "工单统计" in c.plain_text]
    return text


async def test_forget_leaves_no_copy_and_stats_unchanged(grid: BotHarness) -> None:
    _, _, file_id = await story(grid)
    before = stats_text(await grid.say(GUAN, "/stats 7"))
    everything_before = await everything(grid)
    for needle in (WANG_PHONE, WANG_ADDRESS, WANG_WORDS, file_id, "138-1234-5678"):
        assert needle in everything_before, needle  # the story put them there
    await ResidentPrivacy(grid.services.sessions).forget(WANG.id)
    after = await everything(grid)
    for needle in (WANG_PHONE, WANG_ADDRESS, WANG_WORDS, file_id, "138-1234-5678", "王阿姨"):
        assert needle not in after, needle
    assert ZHAO_WORDS in after and ZHAO_ADDRESS in after  # the neighbour's data stays
    assert stats_text(await grid.say(GUAN, "/stats 7")) == before
    async with unit_of_work(grid.services.sessions) as repos:
        copies = (await repos.session.scalars(select(NoticeDelivery))).all()
        wang = (await repos.session.scalars(select(Resident).where(Resident.telegram_id < 0))).one()
    statuses = {c.resident_id == wang.id: c.status for c in copies}
    assert statuses == {True: DeliveryStatus.FAILED, False: DeliveryStatus.PENDING}
    assert all(c.chat_id != WANG.id for c in copies)


async def test_export_holds_theirs_and_nothing_of_the_neighbour(grid: BotHarness) -> None:
    wang_ticket, zhao_ticket, file_id = await story(grid)
    await grid.feed(grid.updates.text(WANG, "/start"))  # some chat state to export
    data = await ResidentPrivacy(grid.services.sessions).export(WANG.id)
    text = json.dumps(data, ensure_ascii=False)
    for needle in (WANG_PHONE, WANG_ADDRESS, WANG_WORDS, file_id, "138-1234-5678"):
        assert needle in text, needle
    assert [t["id"] for t in data["tickets"]] == [wang_ticket]
    assert len(data["notice_deliveries"]) == 1 and "state" in data["resident"]
    assert data["notice_deliveries"][0]["chat_id"] == WANG.id
    assert all(m["chat_id"] == WANG.id for m in data["outbox"]) and data["outbox"]
    for needle in (ZHAO_WORDS, ZHAO_ADDRESS, "赵大爷", str(ZHAO.id)):
        assert needle not in text, needle
    assert zhao_ticket not in set(values_of(data, "ticket_id"))


def values_of(data: Any, key: str) -> list[Any]:
    """Every value stored under ``key`` anywhere in nested dicts and lists."""
    if isinstance(data, dict):
        found = [v for k, v in data.items() if k == key]
        return found + [x for v in data.values() for x in values_of(v, key)]
    if isinstance(data, list):
        return [x for v in data for x in values_of(v, key)]
    return []
