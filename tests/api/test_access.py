"""Who may use the open API: a key reads and writes its own community only; revoked, unknown
or missing keys are refused; each key is rate-limited (429 with Retry-After)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from storage.models import ApiKey
from tests.api.conftest import Keys, auth, key_service, mounted
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import report
from tests.harness import BotHarness

REQUESTS = "/open311/v2/requests.json"


async def test_a_key_of_one_community_never_sees_anothers_requests(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    chat = await report(grid, WANG, "小区门口天天乱停车，车都开不出去")
    body = {"service_code": "parking", "description": "消防通道被堵", "grid": "cailing-03"}
    filed = await http.post(REQUESTS, data=body, headers=auth(keys.cailing))
    api = int(filed.json()[0]["service_request_id"])
    other = auth(keys.fuhou)
    for ticket_id in (chat, api):
        response = await http.get(f"/open311/v2/requests/{ticket_id}.json", headers=other)
        assert response.status_code == 404
    listed = await http.get(REQUESTS, params={"service_request_id": f"{chat},{api}"}, headers=other)
    assert listed.status_code == 200 and listed.json() == []
    assert (await http.get(REQUESTS, headers=other)).json() == []
    own = await http.get(REQUESTS, headers=auth(keys.cailing))
    assert {int(r["service_request_id"]) for r in own.json()} == {chat, api}


async def test_a_key_cannot_file_in_another_communitys_grid(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    body = {"service_code": "parking", "description": "消防通道被堵", "grid": "cailing-02"}
    response = await http.post(REQUESTS, data=body, headers=auth(keys.fuhou))
    assert response.status_code == 404  # as if the grid did not exist
    unknown = {**body, "grid": "nowhere-01"}
    assert (await http.post(REQUESTS, data=unknown, headers=auth(keys.fuhou))).status_code == 404
    await grid.deliver()
    assert grid.api.calls == []
    assert (await http.get(REQUESTS, headers=auth(keys.cailing))).json() == []


async def test_revoked_unknown_and_missing_keys_are_refused(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    services = "/open311/v2/services.json"
    assert (await http.get(services, headers=auth(keys.fuhou))).status_code == 200
    [fuhou] = [k for k in await key_service(grid).list() if k.name == "府后社区小程序"]
    await key_service(grid).revoke(fuhou.id)
    for headers in (auth(keys.fuhou), auth(keys.fuhou[:-1] + "x"), auth("nonsense"), {}):
        response = await http.get(services, headers=headers)
        assert response.status_code == 401
        assert response.json()[0]["code"] == 401
    revoked = await http.post(
        REQUESTS, data={"service_code": "parking", "description": "x"}, headers=auth(keys.fuhou)
    )
    assert revoked.status_code == 401
    assert (await http.get(services, params={"api_key": keys.cailing})).status_code == 200


async def test_keys_are_stored_as_hashes_only(grid: BotHarness, keys: Keys) -> None:
    async with grid.services.sessions() as session:
        stored = (await session.scalars(select(ApiKey))).all()
    dumped = repr([(k.name, k.key_hash, k.prefix) for k in stored])
    assert keys.cailing not in dumped and keys.fuhou not in dumped
    assert all(len(k.key_hash) == 64 for k in stored)


@pytest.fixture
async def limited(grid: BotHarness, keys: Keys) -> httpx.AsyncClient:
    """The API with a bucket of two requests per key and one more per minute."""
    settings = grid.settings.model_copy(update={"api_burst": 2, "api_rate_per_minute": 1.0})
    transport = httpx.ASGITransport(app=mounted(grid, settings))
    return httpx.AsyncClient(transport=transport, base_url="http://test/api")


async def test_the_rate_limit_answers_429_with_retry_after(
    limited: httpx.AsyncClient, keys: Keys
) -> None:
    services = "/open311/v2/services.json"
    async with limited as http:
        for _ in range(2):
            assert (await http.get(services, headers=auth(keys.cailing))).status_code == 200
        refused = await http.get(services, headers=auth(keys.cailing))
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.json()[0]["code"] == 429
        # the bucket is per key: the other community's key still gets through
        assert (await http.get(services, headers=auth(keys.fuhou))).status_code == 200
