"""Fixtures for the open API: the areas, workers and residents of the worker tests, keys for
two communities, and an HTTP client on the API mounted at ``/api`` (no server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from bot.config import Settings
from bot.serve.api import build_api
from bot.services.api_keys import ApiKeyService
from tests.bot.workers.conftest import grid  # noqa: F401  (the fixture)
from tests.harness import BotHarness


@dataclass(frozen=True)
class Keys:
    """A key of 采菱社区 (a 12345 platform) and one of 府后社区."""

    cailing: str
    fuhou: str


def mounted(harness: BotHarness, settings: Settings) -> Starlette:
    """The open API under ``/api``, as the webhook's ASGI app mounts it."""
    return Starlette(routes=[Mount("/api", app=build_api(harness.services, settings))])


def key_service(harness: BotHarness) -> ApiKeyService:
    """The key service on the harness's database."""
    return ApiKeyService(harness.services.sessions, harness.services.clock)


@pytest.fixture
async def keys(grid: BotHarness) -> Keys:  # noqa: F811
    """Two keys, each scoped to one community."""
    service = key_service(grid)
    _, cailing = await service.create("12345热线", ["cailing"])
    _, fuhou = await service.create("府后社区小程序", ["fuhou"])
    return Keys(cailing, fuhou)


@pytest.fixture
async def http(grid: BotHarness, keys: Keys) -> AsyncIterator[httpx.AsyncClient]:  # noqa: F811
    """An HTTP client on the mounted API; no key unless a test gives one."""
    transport = httpx.ASGITransport(app=mounted(grid, grid.settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test/api") as client:
        yield client


def auth(key: str) -> dict[str, str]:
    """The header that carries a key."""
    return {"X-API-Key": key}
