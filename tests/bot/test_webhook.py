"""Webhook mode: the ASGI app driven over HTTP (no uvicorn) with the real Application."""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot.bootstrap import Services
from bot.chat.app import build_application
from bot.config import Settings
from bot.serve.webhook import config_problem, create_asgi_app, webhook_url
from storage.db import create_engine, create_sessionmaker
from storage.models import OutboxMessage, OutboxStatus, Resident, Ticket, TicketStatus
from tests.bot.test_cli import ROOT, gridbot
from tests.botapi import FakeBotAPI
from tests.harness import BotHarness
from tests.updates import TgUser

SECRET = "s3cret_Token-1"
WANG = TgUser(2001, "王阿姨")
LI = TgUser(2002, "李叔")


@pytest.fixture
def hook_settings(settings: Settings) -> Settings:
    """The test settings plus a webhook configuration."""
    return settings.model_copy(
        update={
            "webhook_url": "https://bot.example.org/",
            "webhook_path": "tg/hook",
            "webhook_secret": SecretStr(SECRET),
        }
    )


@pytest.fixture
async def client(harness: BotHarness, hook_settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the ASGI app, with the Application started (its update queue runs)."""
    await harness.app.start()
    asgi = create_asgi_app(harness.app, hook_settings)
    transport = httpx.ASGITransport(app=asgi)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http
    await harness.app.stop()


async def _drain(harness: BotHarness) -> None:
    """Wait until every queued update has been processed."""
    await asyncio.wait_for(harness.app.update_queue.join(), timeout=10)


def test_webhook_url_and_required_settings(hook_settings: Settings) -> None:
    assert webhook_url(hook_settings) == "https://bot.example.org/tg/hook"
    assert config_problem(hook_settings) is None
    no_secret = hook_settings.model_copy(update={"webhook_secret": None})
    assert "GRIDBOT_WEBHOOK_SECRET" in (config_problem(no_secret) or "")
    bad_secret = hook_settings.model_copy(update={"webhook_secret": SecretStr("has space")})
    assert "GRIDBOT_WEBHOOK_SECRET" in (config_problem(bad_secret) or "")
    no_url = hook_settings.model_copy(update={"webhook_url": None})
    assert "GRIDBOT_WEBHOOK_URL" in (config_problem(no_url) or "")


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_update_without_the_secret_is_refused(
    client: httpx.AsyncClient, harness: BotHarness, headers: dict[str, str]
) -> None:
    update = harness.updates.text(WANG, "/start")
    response = await client.post("/tg/hook", json=update, headers=headers)
    assert response.status_code == 403
    await _drain(harness)
    assert harness.api.sent(WANG.id) == []
    # The update id was never claimed: the guard would still accept it as new.
    assert await harness.services.updates.claim(update["update_id"]) is True


async def test_update_with_the_secret_is_answered_once(
    client: httpx.AsyncClient, harness: BotHarness
) -> None:
    update = harness.updates.text(WANG, "/help")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    first = await client.post("/tg/hook", json=update, headers=headers)
    again = await client.post("/tg/hook", json=update, headers=headers)
    assert first.status_code == again.status_code == 200
    await _drain(harness)
    [reply] = harness.api.sent(WANG.id)
    # The same answer the Application gives to a /help fed to it directly.
    [direct] = await harness.say(LI, "/help")
    assert reply.plain_text == direct.plain_text and reply.plain_text.strip()


async def test_malformed_body_is_a_bad_request(client: httpx.AsyncClient) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    response = await client.post("/tg/hook", content=b"{not json", headers=headers)
    assert response.status_code == 400


async def test_healthz_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_503_when_database_unreachable(
    hook_settings: Settings, services: Services, api: FakeBotAPI
) -> None:
    # A PostgreSQL server that is not there (nothing listens on port 9): connection refused.
    engine = create_engine("postgresql+asyncpg://gridbot@127.0.0.1:9/gridbot")
    broken = dataclasses.replace(services, engine=engine, sessions=create_sessionmaker(engine))
    app = build_application(hook_settings, broken, request=api)
    transport = httpx.ASGITransport(app=create_asgi_app(app, hook_settings))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            health = await http.get("/healthz")
            scrape = await http.get("/metrics")
    finally:
        await engine.dispose()
    assert health.status_code == 503 and health.json()["database"] == "unreachable"
    assert scrape.status_code == 200 and "gridbot_database_up 0" in scrape.text


async def test_metrics_count_updates_and_read_the_database(
    client: httpx.AsyncClient, harness: BotHarness
) -> None:
    async with harness.services.sessions() as session, session.begin():
        resident = Resident(telegram_id=WANG.id)
        session.add(resident)
        await session.flush()
        for status in (TicketStatus.NEW, TicketStatus.NEW, TicketStatus.CLOSED):
            session.add(Ticket(resident_id=resident.id, intent="parking", status=status))
        for out in (OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.BLOCKED):
            session.add(OutboxMessage(chat_id=WANG.id, kind="legacy", status=out))
    before = await client.get("/metrics")
    assert "gridbot_updates_total 0" in before.text
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    await client.post("/tg/hook", json=harness.updates.text(WANG, "/help"), headers=headers)
    await client.post("/tg/hook", json=harness.updates.text(WANG, "/help"))
    await _drain(harness)
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    body = response.text
    assert "# TYPE gridbot_updates_total counter" in body
    assert "gridbot_updates_total 1" in body.splitlines()
    assert "gridbot_webhook_rejected_total 1" in body.splitlines()
    assert "gridbot_database_up 1" in body.splitlines()
    lines = body.splitlines()
    assert 'gridbot_tickets{status="new"} 2' in lines
    assert 'gridbot_tickets{status="closed"} 1' in lines
    assert 'gridbot_tickets{status="assigned"} 0' in lines
    assert "gridbot_outbox_pending 1" in lines
    assert 'gridbot_outbox_undeliverable{status="failed"} 1' in lines
    assert 'gridbot_outbox_undeliverable{status="blocked"} 1' in lines


def _cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDBOT_")}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(ROOT), GRIDBOT_TELEGRAM_TOKEN="123:abc", **extra)
    return env


def test_run_webhook_without_secret_is_one_clear_error(tmp_path: Path) -> None:
    result = gridbot("run", "--webhook", env=_cli_env(tmp_path))
    assert result.returncode == 2
    assert "GRIDBOT_WEBHOOK_SECRET" in result.stderr and "Traceback" not in result.stderr


def test_run_webhook_with_unreachable_api_fails_cleanly(tmp_path: Path) -> None:
    env = _cli_env(
        tmp_path,
        GRIDBOT_TELEGRAM_API_URL="http://127.0.0.1:9",
        GRIDBOT_WEBHOOK_SECRET=SECRET,
        GRIDBOT_WEBHOOK_URL="https://bot.example.org",
    )
    result = gridbot("run", "--webhook", env=env)
    assert result.returncode == 1
    assert "http://127.0.0.1:9" in result.stderr and "Traceback" not in result.stderr
