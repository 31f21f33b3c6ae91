"""The open API's endpoints: every one checks the key, then its rate, then does one thing.

Answers are JSON; errors are Open311's list of ``{"code", "description"}``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from bot.bootstrap import Services
from bot.chat.views import texts
from bot.domain.errors import Forbidden, InvalidInput, NotFound
from bot.queries.open_requests import OpenRequests, RequestView
from bot.serve.api import parse
from bot.serve.api.limits import RateLimiter, retry_after
from bot.services.api_keys import ApiClient, ApiKeyService
from bot.services.audience import Audiences
from bot.services.dispatch import Dispatcher
from bot.services.open_requests import OpenRequestService
from bot.services.tickets import OTHER
from storage.models import Area

Endpoint = Callable[[Request, ApiClient], Awaitable[Response]]


def errors(code: int, description: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """An Open311 error answer."""
    body = [{"code": code, "description": description}]
    return JSONResponse(body, status_code=code, headers=headers)


class Api:
    """The endpoints, sharing the services, the key checker and the rate limiter."""

    def __init__(self, services: Services, limiter: RateLimiter) -> None:
        self._services = services
        self._limiter = limiter
        self._keys = ApiKeyService(services.sessions, services.clock)
        self._names = {i.key: i.name for i in services.intents.catalogue.intents}
        self._names[OTHER] = texts.API_OTHER_SERVICE_NAME
        self._reads = OpenRequests(services.sessions, self._names, services.clock)
        self._writes = OpenRequestService(
            services.sessions,
            services.intents,
            Dispatcher(Audiences(services.admin_ids)),
            services.clock,
        )

    @property
    def service_codes(self) -> list[str]:
        """Every service code, in the order services.json lists them."""
        return list(self._names)

    def guarded(
        self, endpoint: Endpoint, query: frozenset[str] = frozenset()
    ) -> Callable[[Request], Awaitable[Response]]:
        """The endpoint behind the key check, the rate limit and the error answers; any
        query parameter but ``query`` (and ``api_key``, ``jurisdiction_id``) is refused."""
        known = query | parse.COMMON_QUERY

        async def route(request: Request) -> Response:
            client = await self._keys.authenticate(parse.api_key(request))
            if client is None:
                return errors(401, "a valid X-API-Key is required")
            wait = self._limiter.take(client.integration.key_id)
            if wait > 0:
                headers = {"Retry-After": retry_after(wait)}
                return errors(429, "rate limit exceeded", headers)
            unknown = sorted(set(request.query_params) - known)
            if unknown:
                return errors(400, f"unknown query parameter {unknown[0]!r}")
            try:
                return await endpoint(request, client)
            except NotFound:
                return errors(404, "not found in the key's areas")
            except (InvalidInput, Forbidden) as exc:
                return errors(400, str(exc))

        return route

    async def scope(self, request: Request, client: ApiClient) -> Response:
        """The key's name, its areas and the grids it may file in."""
        listed, grids = await self._reads.scope(client)
        return JSONResponse(
            {
                "name": client.integration.name,
                "areas": [_area(a) for a in listed],
                "grids": [_area(g) for g in grids],
            }
        )

    async def services(self, request: Request, client: ApiClient) -> Response:
        """Open311 services: every category, then 其他问题."""
        catalogue = self._services.intents.catalogue
        kinds = {i.key: i.kind for i in catalogue.intents}
        body = [
            {
                "service_code": code,
                "service_name": name,
                "description": texts.API_SERVICE_DESCRIPTION.format(name=name),
                "metadata": False,
                "type": "realtime",
                "keywords": "",
                "group": texts.API_SERVICE_INFO_GROUP
                if kinds.get(code) == "info"
                else texts.API_SERVICE_REPORT_GROUP,
            }
            for code, name in self._names.items()
        ]
        return JSONResponse(body)

    async def requests(self, request: Request, client: ApiClient) -> Response:
        """Open311 GET requests.json with its filters."""
        found = await self._reads.search(client, parse.request_filter(request))
        return JSONResponse([_request(v) for v in found])

    async def request(self, request: Request, client: ApiClient) -> Response:
        """Open311 GET requests/{id}.json: a list of one."""
        ticket_id = parse.request_id(request.path_params["service_request_id"])
        if ticket_id is None:
            raise NotFound("ticket")
        return JSONResponse([_request(await self._reads.get(client, ticket_id))])

    async def create(self, request: Request, client: ApiClient) -> Response:
        """Open311 POST requests.json: a ticket, dispatched at once."""
        ticket_id = await self._writes.create(client, await parse.submission(request))
        body = [{"service_request_id": str(ticket_id), "service_notice": "", "account_id": None}]
        return JSONResponse(body, status_code=201)


def _area(area: Area) -> dict[str, str]:
    return {"code": area.code, "name": area.name, "level": area.level.value}


def _instant(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _request(view: RequestView) -> dict[str, Any]:
    """One request as Open311 shows it: no personal data, no chat words."""
    return {
        "service_request_id": str(view.id),
        "status": view.open311_status,
        "status_notes": texts.API_STATUS_NOTES[view.state.value],
        "service_code": view.service_code,
        "service_name": view.service_name,
        "description": view.description,
        "agency_responsible": view.agency,
        "service_notice": "",
        "requested_datetime": _instant(view.requested_at),
        "updated_datetime": _instant(view.updated_at),
        "expected_datetime": _instant(view.expected_at),
        "media_url": view.media_url,
    }
