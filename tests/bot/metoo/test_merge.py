"""/merge A B (并单): the duplicate closes, its people follow the surviving ticket."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import AuditEntry, TicketStatus
from storage.uow import unit_of_work
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.bot.metoo.conftest import (
    LI,
    PARKING,
    PARKING_AGAIN,
    PARKING_TOO,
    QIAN,
    followers,
    history,
    ticket,
    tickets,
)
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, report
from tests.harness import BotHarness


async def _own_ticket(h: BotHarness, user: object, text: str) -> int:
    """A report filed as a ticket of its own (这是另一件事 when a neighbour's is offered)."""
    await h.say(user, text)  # type: ignore[arg-type]
    if "我也遇到" in h.api.last(user.id).plain_text:  # type: ignore[attr-defined]
        await h.press(user, "这是另一件事")  # type: ignore[arg-type]
    return (await tickets(h))[-1].id


async def test_merge_moves_the_people_and_tells_them(street: BotHarness) -> None:
    keep = await report(street, WANG, PARKING)
    dup = await _own_ticket(street, LI, PARKING_TOO)
    await street.say(QIAN, PARKING_AGAIN)  # 8号楼: offered the newest of the grid, LI's
    await street.press(QIAN, "🙋 我也遇到")
    joined = [f.ticket_id for f in await followers(street, dup)] + [
        f.ticket_id for f in await followers(street, keep)
    ]
    street.api.clear()
    [done] = [c for c in await street.say(LIU, f"/merge {dup} {keep}") if "已并单" in c.plain_text]
    assert any("现在共 3 户" in c.plain_text for c in street.api.sent(LIU.id))
    assert f"#{dup} 并入 #{keep}" in done.plain_text
    merged = await ticket(street, dup)
    assert merged.status is TicketStatus.MERGED and merged.closed_at is not None
    people = sorted(f.resident_id for f in await followers(street, keep))
    assert len(people) == 2 and len(joined) == 1  # 李叔 and 钱姐 now follow #keep
    assert "共 3 户" in done.plain_text
    told = street.api.last(LI.id).plain_text
    assert f"#{dup}" in told and "是同一件事" in told and f"#{keep}" in told
    assert "已合并到工单" in street.api.last(QIAN.id).plain_text
    assert [e.data for e in await history(street, dup) if e.kind == "merged"] == [
        {"into": keep, "name": "刘芳"}
    ]
    assert [e.data["households"] for e in await history(street, keep) if e.kind == "metoo"] == [3]
    assert (await ticket(street, keep)).priority == 2
    async with unit_of_work(street.services.sessions) as repos:
        [entry] = (
            await repos.session.scalars(select(AuditEntry).where(AuditEntry.action == "merge"))
        ).all()
    assert entry.ticket_id == dup
    [mine] = await street.say(LI, "/my")
    assert "已并单" in mine.plain_text


async def test_the_surviving_tickets_progress_reaches_the_merged_resident(
    street: BotHarness,
) -> None:
    keep = await report(street, WANG, PARKING)
    dup = await _own_ticket(street, LI, PARKING_TOO)
    await street.say(LIU, f"/merge {dup} {keep}")
    await street.say(LIU, f"/resolve {keep} 已清理占道车辆")
    last = street.api.last(LI.id)
    assert f"#{keep}" in last.plain_text and "已清理占道车辆" in last.plain_text
    assert "满意" in last.button_texts


async def test_merge_is_refused_outside_authority(street: BotHarness) -> None:
    keep = await report(street, WANG, PARKING)
    dup = await _own_ticket(street, LI, PARKING_TOO)
    other = await report(street, ZHAO, PARKING_TOO)  # 第五网格
    [usage] = await street.say(LIU, "/merge 12")
    assert "用法" in usage.plain_text
    [same] = await street.say(LIU, f"/merge {keep} {keep}")
    assert "相同" in same.plain_text
    [far] = await street.say(LIU, f"/merge {dup} {other}")  # 第五网格 is not his
    assert "不在您负责" in far.plain_text or "找不到" in far.plain_text
    [unknown] = await street.say(WANG, f"/merge {dup} {keep}")  # residents cannot
    assert "不认识" in unknown.plain_text
    await street.say(CHEN, f"/take {dup}")
    [owned] = await street.say(LIU, f"/merge {dup} {keep}")  # 首问负责: 陈刚 owns it
    assert "陈刚" in owned.plain_text
    assert (await ticket(street, dup)).status is TicketStatus.ACCEPTED
    [admin] = await street.say(GUAN, f"/merge {dup} {keep}")  # an admin over both may
    assert "并入" in admin.plain_text
    [closed] = await street.say(GUAN, f"/merge {dup} {keep}")
    assert "已经结束" in closed.plain_text and "已并单" in closed.plain_text
    assert not street.api.sent(SUN.id) or all(
        f"#{dup}" not in c.plain_text for c in street.api.sent(SUN.id)
    )
