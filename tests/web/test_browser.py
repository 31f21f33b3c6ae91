"""The console in a real browser: sign in by link, filter the queue, take and resolve a ticket
(the resident's chat gets the notifications), download the CSV, send a broadcast, be refused
another community's ticket by URL; screenshots of the main pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount

from bot.serve.web.app import create_console
from storage.models import StaffRole
from tests.bot.broadcast.conftest import broadcaster, notices_to
from tests.bot.handlers.conftest import WANG, ZHAO
from tests.harness import BotHarness
from tests.updates import TgUser
from tests.web.browser import chromium, require_browser, screenshot_dir, served
from tests.web.conftest import GUAN, LIU, link_for, report

OTHER_ADMIN = TgUser(4002, "府后书记")
PHONE = {"width": 390, "height": 844}


def _app(h: BotHarness) -> Starlette:
    console = create_console(h.services, h.settings.tz, h.app.bot)
    return Starlette(routes=[Mount("/console", console)])


async def _signed_in(h: BotHarness, browser: Any, base: str, user: TgUser, **options: Any) -> Any:
    """A new browser context signed in as ``user`` through the /web link; its page."""
    context = await browser.new_context(accept_downloads=True, locale="zh-CN", **options)
    page = await context.new_page()
    link = await link_for(h, user)
    await page.goto(base + link.split("127.0.0.1:8090", 1)[1])
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(base + "/console/")
    return page


async def test_staff_work_in_the_browser(grid: BotHarness, tmp_path: Path) -> None:
    require_browser()
    shots = screenshot_dir(tmp_path)
    parking = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    lamp = await report(grid, ZHAO, "12栋楼道灯坏了好几天，晚上看不见路")
    async with served(_app(grid)) as base, chromium() as browser:
        page = await _signed_in(grid, browser, base, GUAN, viewport={"width": 1280, "height": 860})
        assert await page.locator("table.queue tbody tr").count() == 2
        await page.select_option("select[name=category]", "parking")
        await page.get_by_role("button", name="筛选").click()
        await page.wait_for_url("**category=parking**")
        rows = page.locator("table.queue tbody tr")
        assert await rows.count() == 1
        await page.select_option("select[name=category]", "")
        await page.get_by_role("button", name="筛选").click()
        await page.screenshot(path=shots / "console-queue.png", full_page=True)

        await page.get_by_role("link", name=f"#{parking}").click()
        await page.get_by_role("button", name="接单（签收）").click()
        await page.get_by_text("已接单。").wait_for()
        await grid.deliver()
        assert any("已接单" in r for r in grid.replies(WANG))
        await page.fill("#resolve-text", "已联系车主挪车，并在门口加装了禁停标志")
        await page.locator("form[action$='/resolve'] button").click()
        await page.get_by_text("已办结，居民会收到评价邀请。").wait_for()
        await page.screenshot(path=shots / "console-ticket.png", full_page=True)
        await grid.deliver()
        assert any("已联系车主挪车" in r for r in grid.replies(WANG))

        await page.goto(base + "/console/stats?days=7")
        async with page.expect_download() as pending:
            await page.get_by_role("link", name="下载 CSV").click()
        download = await pending.value
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        assert saved.suffix == ".csv" and "停车问题" in saved.read_text(encoding="utf-8-sig")
        await page.screenshot(path=shots / "console-stats.png", full_page=True)

        await page.get_by_role("link", name="通知").click()
        await page.select_option("#bc-scope", "grid:cailing-02")
        await page.fill("#bc-text", "明天上午9点到12点停水，请提前储水。")
        await page.get_by_label("需要居民点“已阅”回执").check()
        await page.get_by_role("button", name="预览").click()
        await page.get_by_text("1 人", exact=True).wait_for()
        await page.get_by_role("button", name="✅ 发送").click()
        await page.wait_for_url("**/console/broadcasts/*")
        assert await broadcaster(grid).drain() == 1
        assert "停水" in notices_to(grid.api, WANG.id)[0].plain_text
        await page.reload()
        await page.get_by_text("还没确认的居民").wait_for()
        await page.screenshot(path=shots / "console-broadcast.png", full_page=True)

        phone = await _signed_in(grid, browser, base, LIU, viewport=PHONE, is_mobile=True)
        await phone.goto(base + "/console/?state=all")
        assert await phone.get_by_role("link", name=f"#{parking}").count() == 1
        assert await phone.get_by_role("link", name=f"#{lamp}").count() == 0  # 第五网格
        await phone.screenshot(path=shots / "console-phone.png", full_page=True)
    assert (shots / "console-queue.png").stat().st_size > 0


async def test_another_communitys_ticket_is_refused_by_url_in_the_browser(
    grid: BotHarness,
) -> None:
    require_browser()
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    await grid.services.staff.add(OTHER_ADMIN.id, StaffRole.ADMIN, ["fuhou"], "府后书记")
    async with served(_app(grid)) as base, chromium() as browser:
        page = await _signed_in(grid, browser, base, OTHER_ADMIN)
        response = await page.goto(f"{base}/console/tickets/{ticket_id}")
        assert response is not None and response.status == 404
        assert await page.get_by_text("找不到这个工单").count() == 1
