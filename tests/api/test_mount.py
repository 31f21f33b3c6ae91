"""The webhook's ASGI app serves the open API under ``/api``."""

from __future__ import annotations

import httpx
from pydantic import SecretStr

from bot.serve.webhook import create_asgi_app
from tests.api.conftest import Keys, auth
from tests.harness import BotHarness


async def test_the_webhook_app_mounts_the_api(grid: BotHarness, keys: Keys) -> None:
    settings = grid.settings.model_copy(
        update={"webhook_url": "https://bot.example.org/", "webhook_secret": SecretStr("s3cret")}
    )
    transport = httpx.ASGITransport(app=create_asgi_app(grid.app, settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        document = await http.get("/api/openapi.json")
        assert document.status_code == 200
        assert document.json()["openapi"].startswith("3.")
        assert set(document.json()["paths"]) == {
            "/v1/scope",
            "/open311/v2/services.json",
            "/open311/v2/requests.json",
            "/open311/v2/requests/{service_request_id}.json",
        }
        services = await http.get("/api/open311/v2/services.json", headers=auth(keys.cailing))
        assert services.status_code == 200 and services.json()
        assert (await http.get("/api/open311/v2/services.json")).status_code == 401
        assert (await http.get("/healthz")).status_code == 200
