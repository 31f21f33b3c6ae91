"""Where the console is served: mounted in the webhook app, and on its own (``gridbot web``)."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from bot.cli.main import build_parser
from bot.cli.web import cmd_web
from bot.config import Settings
from bot.serve.web.standalone import standalone_app
from bot.serve.webhook import create_asgi_app
from tests.harness import BotHarness


async def test_the_webhook_app_serves_the_console(bot: BotHarness) -> None:
    hook = bot.settings.model_copy(
        update={"webhook_url": "https://bot.example.org", "webhook_secret": SecretStr("s3cret")}
    )
    transport = httpx.ASGITransport(app=create_asgi_app(bot.app, hook))
    async with httpx.AsyncClient(transport=transport, base_url="https://bot.example.org") as c:
        page = await c.get("/console/")
        assert page.status_code == 401 and "/web" in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        css = await c.get("/console/static/console.css")
        assert css.status_code == 200 and "text/css" in css.headers["content-type"]
    assert hook.console_url == "https://bot.example.org/console"


async def test_the_console_on_its_own(bot: BotHarness) -> None:
    app = standalone_app(bot.services, bot.settings, None)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://127.0.0.1") as c:
        home = await c.get("/")
        assert home.status_code == 307 and home.headers["location"] == "/console/"
        assert (await c.get("/console/signin?token=x")).status_code == 200


def test_gridbot_web_and_the_console_address(settings: Settings) -> None:
    args = build_parser().parse_args(["web"])
    assert args.func is cmd_web
    assert settings.console_url == "http://127.0.0.1:8090/console"
    chosen = settings.model_copy(update={"web_url": "https://console.example.org/console/"})
    assert chosen.console_url == "https://console.example.org/console"
