"""Fixtures for the web console: the grid of tests/bot/workers, and a browser-less client."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.serve.web.app import create_console
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, grid, report
from tests.harness import BotHarness
from tests.updates import TgUser

__all__ = ["CHEN", "GUAN", "LIU", "SUN", "grid", "report"]

LINK = re.compile(r"(\S+/console/signin\?token=[\w-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def console_app(h: BotHarness) -> Starlette:
    """The console mounted at /console, as the webhook app mounts it."""
    console = create_console(h.services, h.settings.tz, h.app.bot)
    return Starlette(routes=[Mount("/console", console)])


@pytest.fixture
async def client(grid: BotHarness) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the console (HTTPS, so the secure cookie is kept)."""
    transport = httpx.ASGITransport(app=console_app(grid))
    async with httpx.AsyncClient(transport=transport, base_url="https://console.test") as c:
        yield c


async def link_for(h: BotHarness, user: TgUser) -> str:
    """The sign-in link ``/web`` sends to this staff member."""
    await h.say(user, "/web")
    found = LINK.search(h.api.last(user.id).plain_text)
    assert found, h.api.last(user.id).plain_text
    return found.group(1)


async def sign_in(h: BotHarness, client: httpx.AsyncClient, user: TgUser) -> str:
    """Sign ``user`` in through the link and its button; the session's CSRF token."""
    token = (await link_for(h, user)).split("token=")[1]
    page = await client.get(f"/console/signin?token={token}")
    assert page.status_code == 200 and token in page.text
    signed = await client.post("/console/signin", data={"token": token})
    assert signed.status_code == 303, signed.text
    queue = await client.get("/console/")
    assert queue.status_code == 200
    found = CSRF.search(queue.text)
    assert found
    return found.group(1)
