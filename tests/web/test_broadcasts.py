"""通知 in the console: compose with a scope, preview with the exact count, send through the
broadcaster, progress and receipts; only admins, only inside their areas."""

from __future__ import annotations

import re

import httpx

from tests.bot.broadcast.conftest import broadcaster, notices_to
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.harness import BotHarness
from tests.web.conftest import GUAN, LIU, sign_in

NOTICE = re.compile(r"/console/broadcasts/(\d+)/send")


async def test_compose_preview_send_and_follow_a_notice(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    csrf = await sign_in(grid, client, GUAN)
    form = await client.get("/console/broadcasts")
    assert 'value="grid:cailing-02"' in form.text and 'value="community:cailing"' in form.text
    data = {"csrf": csrf, "scope": "grid:cailing-02", "text": "明天上午9点到12点停水", "ack": "1"}
    shown = await client.post("/console/broadcasts", data=data)
    assert shown.status_code == 200 and "1 人" in shown.text
    notice_id = int(NOTICE.search(shown.text).group(1))  # type: ignore[union-attr]
    sent = await client.post(
        f"/console/broadcasts/{notice_id}/send", data={"csrf": csrf}, follow_redirects=True
    )
    assert sent.status_code == 200 and 'http-equiv="refresh"' in sent.text
    assert await broadcaster(grid).drain() == 1
    assert "停水" in notices_to(grid.api, WANG.id)[0].plain_text
    assert notices_to(grid.api, ZHAO.id) == []
    done = await client.get(f"/console/broadcasts/{notice_id}")
    assert 'http-equiv="refresh"' not in done.text and "王阿姨" in done.text  # not yet read
    again = await client.post(f"/console/broadcasts/{notice_id}/send", data={"csrf": csrf})
    assert again.status_code == 404
    assert f"/console/broadcasts/{notice_id}" in (await client.get("/console/broadcasts")).text


async def test_a_building_a_cancel_and_refusals(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    csrf = await sign_in(grid, client, GUAN)
    data = {"csrf": csrf, "scope": "community:cailing", "building": "12栋", "text": "消防检查"}
    shown = await client.post("/console/broadcasts", data=data)
    assert "1 人" in shown.text and "12栋" in shown.text
    notice_id = int(NOTICE.search(shown.text).group(1))  # type: ignore[union-attr]
    dropped = await client.post(f"/console/broadcasts/{notice_id}/cancel", data={"csrf": csrf})
    assert dropped.status_code == 303
    outside = {"csrf": csrf, "scope": "grid:fuhou-01", "text": "不是我的辖区"}
    refused = await client.post("/console/broadcasts", data=outside)
    assert "没有生成预览" in refused.text
    empty = await client.post("/console/broadcasts", data={"csrf": csrf, "scope": "all"})
    assert "没有生成预览" in empty.text
    assert await broadcaster(grid).drain() == 0


async def test_workers_cannot_broadcast(grid: BotHarness, client: httpx.AsyncClient) -> None:
    csrf = await sign_in(grid, client, LIU)
    assert (await client.get("/console/broadcasts")).status_code == 403
    data = {"csrf": csrf, "scope": "all", "text": "你好"}
    assert (await client.post("/console/broadcasts", data=data)).status_code == 403
