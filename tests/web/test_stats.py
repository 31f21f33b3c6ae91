"""Statistics for admins (the /stats figures), SVG charts, CSV and XLSX downloads; photos."""

from __future__ import annotations

import csv
import io

import httpx
from openpyxl import load_workbook

from tests.bot.handlers.conftest import WANG
from tests.harness import BotHarness
from tests.web.conftest import GUAN, LIU, SUN, report, sign_in


async def test_an_admin_sees_figures_and_charts(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await sign_in(grid, client, GUAN)
    page = await client.get("/console/stats?days=7")
    assert page.status_code == 200
    assert "工单总数：<b>1</b> 件" in page.text and "采菱社区" in page.text
    assert page.text.count("<svg") == 3
    assert "<title>停车问题: 1</title>" in page.text


async def test_a_worker_is_refused_statistics(grid: BotHarness, client: httpx.AsyncClient) -> None:
    await sign_in(grid, client, LIU)
    assert (await client.get("/console/stats")).status_code == 403
    assert (await client.get("/console/stats.csv")).status_code == 403
    assert 'href="/console/stats"' not in (await client.get("/console/")).text


async def test_csv_and_xlsx_downloads(grid: BotHarness, client: httpx.AsyncClient) -> None:
    await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await sign_in(grid, client, GUAN)
    got = await client.get("/console/stats.csv?days=30")
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert "attachment" in got.headers["content-disposition"]
    assert got.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    summary = {row[1]: row[3] for row in rows if row[0] == "summary"}
    assert summary["tickets"] == "1" and summary["days"] == "30"
    assert ["intent", "parking", "停车问题", "1"] in rows
    book = await client.get("/console/stats.xlsx?days=30")
    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert "概况" in sheets
    assert (await client.get("/console/stats.pdf")).status_code == 404


async def test_photos_come_through_the_bots_file_api_within_scope(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    await grid.send(WANG, grid.updates.photo(WANG, caption="小区门口天天乱停车，车都开不出去"))
    ticket_id = int(grid.api.last(WANG.id).plain_text.split("工单号 #")[1].split()[0])
    await sign_in(grid, client, LIU)
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert f'src="/console/tickets/{ticket_id}/photos/0"' in page.text
    picture = await client.get(f"/console/tickets/{ticket_id}/photos/0")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert any(c.method == "getFile" for c in grid.api.calls)
    assert (await client.get(f"/console/tickets/{ticket_id}/photos/1")).status_code == 404
    client.cookies.clear()
    await sign_in(grid, client, SUN)
    assert (await client.get(f"/console/tickets/{ticket_id}/photos/0")).status_code == 404
