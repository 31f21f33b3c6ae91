"""Sign-in by a single-use link from /web, the session cookie, CSRF, sign-out."""

from __future__ import annotations

import httpx

from bot.serve.web.console import COOKIE
from tests.bot.handlers.conftest import WANG
from tests.harness import BotHarness
from tests.web.conftest import GUAN, LIU, link_for, report, sign_in


async def test_web_sends_a_single_use_link_to_staff_only(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    await grid.say(WANG, "/web")
    assert "/console/signin" not in grid.api.last(WANG.id).plain_text

    link = await link_for(grid, LIU)
    call = grid.api.last(LIU.id)
    assert call.params["link_preview_options"]["is_disabled"] is True
    assert link.startswith(grid.settings.console_url + "/signin?token=")
    token = link.split("token=")[1]

    first = await client.post("/console/signin", data={"token": token})
    assert first.status_code == 303
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie
    assert "Path=/console" in cookie
    again = await client.post("/console/signin", data={"token": token})
    assert again.status_code == 403 and "/web" in again.text


async def test_a_link_expires_after_ten_minutes(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    token = (await link_for(grid, LIU)).split("token=")[1]
    grid.clock.advance(minutes=11)
    refused = await client.post("/console/signin", data={"token": token})
    assert refused.status_code == 403
    assert COOKIE not in refused.headers.get("set-cookie", "")


async def test_pages_need_a_session_and_sign_out_ends_it(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    assert (await client.get("/console/")).status_code == 401
    csrf = await sign_in(grid, client, LIU)
    cookie = client.cookies.get(COOKIE)
    assert cookie
    out = await client.post("/console/signout", data={"csrf": csrf})
    assert out.status_code == 200
    client.cookies.set(COOKIE, cookie, domain="console.test", path="/console")
    assert (await client.get("/console/")).status_code == 401


async def test_a_form_without_the_csrf_token_changes_nothing(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    ticket_id = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    csrf = await sign_in(grid, client, LIU)
    forged = await client.post(f"/console/tickets/{ticket_id}/take", data={"csrf": "x" + csrf})
    assert forged.status_code == 403
    bare = await client.post(f"/console/tickets/{ticket_id}/take")
    assert bare.status_code == 403
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert "还没有人接单" in page.text


async def test_a_revoked_worker_is_signed_out_at_once(
    grid: BotHarness, client: httpx.AsyncClient
) -> None:
    await sign_in(grid, client, LIU)
    await grid.say(GUAN, f"/revoke {LIU.id}")
    assert (await client.get("/console/")).status_code == 401
