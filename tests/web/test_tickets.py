"""The queue and the ticket page: scope, filters, sorting, pages, and the actions with their
notifications to the resident (the same services and outbox as the chat)."""

from __future__ import annotations

import re

import httpx
import pytest

from bot.queries import console as console_queries
from storage.models import StaffRole
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.harness import BotHarness
from tests.updates import TgUser
from tests.web.conftest import CHEN, GUAN, LIU, SUN, report, sign_in

OTHER_ADMIN = TgUser(4002, "府后书记")
ROWS = re.compile(r'href="/console/tickets/(\d+)"')


def listed(html: str) -> list[int]:
    """Ticket ids in the queue's table, in order."""
    return [int(i) for i in ROWS.findall(html)]


async def test_a_ticket_of_another_community_is_refused_by_url(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await grid.services.staff.add(OTHER_ADMIN.id, StaffRole.ADMIN, ["fuhou"], "府后书记")
    csrf = await sign_in(grid, client, OTHER_ADMIN)
    assert ticket_id not in listed((await client.get("/console/")).text)
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 404 and "不在您负责的网格" in page.text
    taken = await client.post(f"/console/tickets/{ticket_id}/take", data={"csrf": csrf})
    assert taken.status_code == 404
    photo = await client.get(f"/console/tickets/{ticket_id}/photos/0")
    assert photo.status_code == 404
    detail = await grid.services.staff_tickets.detail(LIU.id, ticket_id)
    assert detail.owner is None


async def test_a_worker_sees_only_their_grids(grid: BotHarness, client: httpx.AsyncClient) -> None:
    wang = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    zhao = await report(grid, ZHAO, "12栋楼道灯坏了好几天，晚上看不见路")
    await sign_in(grid, client, SUN)  # 第五网格
    assert listed((await client.get("/console/")).text) == [zhao]
    assert (await client.get(f"/console/tickets/{wang}")).status_code == 404


async def test_filters_sorting_and_pages(
    grid: BotHarness, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    parking = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    grid.clock.advance(minutes=5)
    lamp = await report(grid, ZHAO, "12栋楼道灯坏了好几天，晚上看不见路")
    await sign_in(grid, client, GUAN)
    everything = listed((await client.get("/console/?sort=newest")).text)
    assert everything == [lamp, parking]
    assert listed((await client.get("/console/?sort=oldest")).text) == [parking, lamp]
    assert listed((await client.get("/console/?category=parking")).text) == [parking]
    assert listed((await client.get("/console/?area=cailing-05")).text) == [lamp]
    assert sorted(listed((await client.get("/console/?area=cailing")).text)) == [parking, lamp]
    assert listed((await client.get("/console/?state=closed")).text) == []
    assert listed((await client.get("/console/?overdue=1")).text) == []
    assert listed((await client.get("/console/?urgent=1")).text) == []
    grid.clock.advance(days=3)
    assert (await client.get("/console/")).status_code == 401  # sessions last 12 hours
    await sign_in(grid, client, GUAN)
    assert len(listed((await client.get("/console/?overdue=1")).text)) == 2
    monkeypatch.setattr(console_queries, "PAGE_SIZE", 1)
    first = await client.get("/console/?sort=oldest")
    assert listed(first.text) == [parking] and "第 1/2 页" in first.text
    second = await client.get("/console/?sort=oldest&page=2")
    assert listed(second.text) == [lamp] and "上一页" in second.text
    assert listed((await client.get("/console/?sort=oldest&page=99")).text) == [lamp]
    odd = await client.get("/console/?sort=nonsense&state=<b>&page=-1&area=nowhere")
    assert odd.status_code == 200 and listed(odd.text) == []


async def test_take_reply_note_resolve_reach_the_resident(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    csrf = await sign_in(grid, client, LIU)
    base = f"/console/tickets/{ticket_id}"
    taken = await client.post(f"{base}/take", data={"csrf": csrf}, follow_redirects=True)
    assert "已接单" in taken.text
    await grid.deliver()
    assert any("刘芳已接单" in r for r in grid.replies(WANG))
    await client.post(f"{base}/reply", data={"csrf": csrf, "text": "阿姨您好，我下午过去看看"})
    await client.post(f"{base}/note", data={"csrf": csrf, "text": "车主是3栋的，电话已问到"})
    done = await client.post(
        f"{base}/resolve", data={"csrf": csrf, "text": "已联系车主挪车"}, follow_redirects=True
    )
    assert "已办结" in done.text and "车主是3栋的" in done.text
    await grid.deliver()
    seen = "\n".join(grid.replies(WANG))
    assert "我下午过去看看" in seen and "已联系车主挪车" in seen
    assert "车主是3栋的" not in seen  # notes stay internal


async def test_first_owner_rule_and_refusals_in_words(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await grid.services.work.take(CHEN.id, ticket_id)
    csrf = await sign_in(grid, client, LIU)
    base = f"/console/tickets/{ticket_id}"
    taken = await client.post(f"{base}/take", data={"csrf": csrf}, follow_redirects=True)
    assert "已由 陈刚 签收" in taken.text
    empty = await client.post(f"{base}/reply", data={"csrf": csrf}, follow_redirects=True)
    assert "请先写内容" in empty.text
    long = await client.post(
        f"{base}/note", data={"csrf": csrf, "text": "长" * 2001}, follow_redirects=True
    )
    assert "内容太长了" in long.text
    assert (await client.post(f"{base}/merge", data={"csrf": csrf})).status_code == 404


async def test_transfer_notifies_the_other_grid(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    csrf = await sign_in(grid, client, GUAN)
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert 'value="cailing-05"' in page.text
    grid.api.clear()
    moved = await client.post(
        f"/console/tickets/{ticket_id}/transfer",
        data={"csrf": csrf, "grid": "cailing-05", "text": "地址在第五网格"},
        follow_redirects=True,
    )
    assert "已转派到" in moved.text
    await grid.deliver()
    assert any(f"#{ticket_id}" in r for r in grid.replies(SUN))
