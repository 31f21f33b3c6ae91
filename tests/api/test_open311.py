"""Open311 GeoReport v2 through the open API: every endpoint, against the real database, with
the real Application delivering the notifications a filed request causes."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import httpx

from bot.chat.views import texts
from storage.models import Ticket
from tests.api.conftest import Keys, auth
from tests.bot.handlers.conftest import WANG
from tests.bot.workers.conftest import CHEN, GUAN, LIU, SUN, report
from tests.harness import BotHarness

REQUESTS = "/open311/v2/requests.json"
PARKING = "小区门口天天乱停车，车都开不出去"


async def _file(http: httpx.AsyncClient, key: str, **fields: str) -> int:
    response = await http.post(REQUESTS, data=fields, headers=auth(key))
    assert response.status_code == 201, response.text
    [created] = response.json()
    assert created["service_notice"] == "" and created["account_id"] is None
    return int(created["service_request_id"])


async def test_services_list_every_category_and_other(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    response = await http.get("/open311/v2/services.json", headers=auth(keys.cailing))
    assert response.status_code == 200
    services = {s["service_code"]: s for s in response.json()}
    catalogue = grid.services.intents.catalogue
    assert list(services) == [*catalogue.keys, "other"]
    assert services["parking"]["service_name"] == catalogue.get("parking").name
    assert services["other"]["service_name"] == texts.OTHER_INTENT_NAME
    assert all(s["metadata"] is False and s["type"] == "realtime" for s in services.values())


async def test_post_files_a_ticket_dispatched_to_the_grid_as_in_chat(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    ticket_id = await _file(
        http,
        keys.cailing,
        service_code="parking",
        description="3号楼门口长期有车堵消防通道",
        grid="cailing-02",
        lat="31.70",
        long="119.95",
        first_name="王",
        phone="13900001111",
    )
    await grid.deliver()
    for worker in (LIU, CHEN):
        card, place = grid.api.sent(worker.id)
        assert place.method == "sendLocation"
        assert (
            f"#{ticket_id}" in card.plain_text and "3号楼门口长期有车堵消防通道" in card.plain_text
        )
        assert "12345热线" in card.plain_text  # who filed it, in place of a resident's name
    assert grid.api.sent(SUN.id) == []  # another grid's worker hears nothing
    assert "13900001111" not in json.dumps([c.params for c in grid.api.calls], ensure_ascii=False)
    async with grid.services.sessions() as session:
        ticket = await session.get(Ticket, ticket_id)
        assert ticket is not None
        assert ticket.status.value == "assigned" and ticket.intent == "parking"

    response = await http.get(f"/open311/v2/requests/{ticket_id}.json", headers=auth(keys.cailing))
    assert response.status_code == 200
    [request] = response.json()
    assert request["service_request_id"] == str(ticket_id)
    assert request["status"] == "open"
    assert request["status_notes"] == texts.API_STATUS_NOTES["assigned"]
    assert request["service_code"] == "parking"
    assert request["description"] == "3号楼门口长期有车堵消防通道"
    assert request["agency_responsible"] == "采菱社区 第二网格"
    assert request["media_url"] is None
    assert ticket.due_by is not None
    expected = ticket.due_by.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert request["expected_datetime"] == expected
    assert "lat" not in request and "address" not in request


async def test_post_as_json_without_a_grid_goes_to_the_default_grid(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    body = {"service_code": "sanitation", "description": "垃圾桶满了没人清"}
    response = await http.post(REQUESTS, json=body, headers=auth(keys.cailing))
    assert response.status_code == 201, response.text
    [created] = response.json()
    detail = await http.get(
        f"/open311/v2/requests/{created['service_request_id']}.json", headers=auth(keys.cailing)
    )
    assert detail.json()[0]["agency_responsible"] == "采菱社区 第一网格"


async def test_an_emergency_through_the_api_reaches_the_admins_at_once(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    await _file(
        http,
        keys.cailing,
        service_code="fire_safety",
        description="楼道里着火了，全是烟",
        grid="cailing-02",
    )
    await grid.deliver()
    assert grid.api.sent(LIU.id) and grid.api.sent(GUAN.id)


async def test_a_chat_ticket_is_listed_without_the_residents_words_or_data(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    ticket_id = await report(grid, WANG, PARKING)
    response = await http.get(REQUESTS, headers=auth(keys.cailing))
    assert response.status_code == 200
    [request] = response.json()
    assert request["service_request_id"] == str(ticket_id)
    assert request["description"] is None
    body = response.text
    for private in ("乱停车", "王阿姨", "13812345678", "3号楼2单元501", str(WANG.id)):
        assert private not in body


async def test_filters_by_code_status_and_dates(
    http: httpx.AsyncClient, grid: BotHarness, keys: Keys
) -> None:
    parked = await report(grid, WANG, PARKING)
    litter = await _file(
        http, keys.cailing, service_code="sanitation", description="垃圾没人清", grid="cailing-02"
    )
    await grid.say(LIU, f"/take {parked}")
    await grid.say(LIU, f"/resolve {parked} 已联系车主挪车")
    headers = auth(keys.cailing)

    async def ids(**query: str) -> list[int]:
        response = await http.get(REQUESTS, params=query, headers=headers)
        assert response.status_code == 200, response.text
        return [int(r["service_request_id"]) for r in response.json()]

    assert await ids() == [litter, parked]
    assert await ids(service_code="parking") == [parked]
    assert await ids(service_code="parking,sanitation") == [litter, parked]
    assert await ids(status="closed") == [parked]
    assert await ids(status="open") == [litter]
    assert await ids(status="open,closed") == [litter, parked]
    assert await ids(service_request_id=f"{parked}") == [parked]
    now = grid.clock.now
    later = (now + timedelta(hours=1)).isoformat()
    earlier = (now - timedelta(hours=1)).isoformat()
    assert await ids(start_date=later) == []
    assert await ids(start_date=earlier, end_date=later) == [litter, parked]
    assert await ids(end_date=earlier) == []
    [closed] = (await http.get(f"/open311/v2/requests/{parked}.json", headers=headers)).json()
    assert closed["status_notes"] == texts.API_STATUS_NOTES["resolved"]
    assert "挪车" not in json.dumps(closed, ensure_ascii=False)  # staff words stay inside


async def test_malformed_requests_get_open311_errors(http: httpx.AsyncClient, keys: Keys) -> None:
    headers = auth(keys.cailing)
    bad = [
        await http.get(REQUESTS, params={"status": "pending"}, headers=headers),
        await http.get(REQUESTS, params={"start_date": "yesterday"}, headers=headers),
        await http.get(REQUESTS, params={"end_date": "0001-01-01T00:00:00+01:00"}, headers=headers),
        await http.get(REQUESTS, params={"end_date": "2026-12-02T10:00:00"}, headers=headers),
        await http.get(REQUESTS, params={"service_request_id": "x"}, headers=headers),
        await http.post(
            REQUESTS, data={"service_code": "nope", "description": "x"}, headers=headers
        ),
        await http.post(
            REQUESTS, data={"service_code": "parking", "description": "  "}, headers=headers
        ),
        await http.post(REQUESTS, data={"service_code": "parking"}, headers=headers),
        await http.post(
            REQUESTS,
            data={"service_code": "parking", "description": "x", "lat": "91"},
            headers=headers,
        ),
        await http.post(
            REQUESTS, content=b"[]", headers={**headers, "content-type": "application/json"}
        ),
        await http.post(REQUESTS, content=b"x", headers={**headers, "content-type": "text/plain"}),
        await http.post(
            REQUESTS,
            json={"service_code": "parking", "description": "x", "grid": None},
            headers=headers,
        ),
    ]
    for response in bad:
        assert response.status_code == 400, response.text
        [error] = response.json()
        assert error["code"] == 400 and error["description"]
    nul = {"service_code": "parking", "description": "x", "grid": "\x00"}
    assert (await http.post(REQUESTS, data=nul, headers=headers)).status_code == 404
    assert (await http.get(REQUESTS, params={"service_code": "\x00"}, headers=headers)).json() == []
    missing = await http.get("/open311/v2/requests/999.json", headers=headers)
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404
    for path in ("/open311/v2/requests/abc.json", "/open311/v2/requests/-1.json", "/nothing"):
        odd = await http.get(path, headers=headers)
        assert odd.status_code == 404 and odd.json()[0]["code"] == 404
    wrong = await http.put(REQUESTS, headers=headers)
    assert wrong.status_code == 405 and wrong.json()[0]["code"] == 405
    unknown = await http.get(REQUESTS, params={"page": "2"}, headers=headers)
    assert unknown.status_code == 400 and "page" in unknown.json()[0]["description"]


async def test_scope_lists_the_keys_areas_and_grids(http: httpx.AsyncClient, keys: Keys) -> None:
    response = await http.get("/v1/scope", headers=auth(keys.fuhou))
    assert response.status_code == 200
    scope = response.json()
    assert scope["name"] == "府后社区小程序"
    assert [a["code"] for a in scope["areas"]] == ["fuhou"]
    assert [g["code"] for g in scope["grids"]] == ["fuhou-01", "fuhou-02", "fuhou-03"]
