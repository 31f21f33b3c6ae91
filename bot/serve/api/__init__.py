"""The open API: JSON, an OpenAPI 3 document and Open311 GeoReport v2, mounted at ``/api``.

``build_api(services, settings)`` makes the Starlette app; the webhook's ASGI app mounts it.
Every endpoint but the document needs a key (``gridbot api-key create``), scoped to areas
and rate-limited per key.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.bootstrap import Services
from bot.config import Settings
from bot.serve.api.limits import RateLimiter
from bot.serve.api.openapi import OPEN311, document
from bot.serve.api.parse import FILTERS
from bot.serve.api.routes import Api, errors

__all__ = ["build_api"]


def build_api(services: Services, settings: Settings) -> Starlette:
    """The open API's Starlette app (paths relative to where it is mounted)."""
    api = Api(services, RateLimiter(settings.api_rate_per_minute, settings.api_burst))
    spec = document(api.service_codes)

    async def openapi(request: Request) -> Response:
        return JSONResponse(spec)

    async def not_routed(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 500
        return errors(code, "no such endpoint" if code == 404 else "method not allowed")

    return Starlette(
        exception_handlers={404: not_routed, 405: not_routed},
        routes=[
            Route("/openapi.json", openapi, methods=["GET"]),
            Route("/v1/scope", api.guarded(api.scope), methods=["GET"]),
            Route(f"{OPEN311}/services.json", api.guarded(api.services), methods=["GET"]),
            Route(f"{OPEN311}/requests.json", api.guarded(api.requests, FILTERS), methods=["GET"]),
            Route(f"{OPEN311}/requests.json", api.guarded(api.create), methods=["POST"]),
            Route(
                OPEN311 + "/requests/{service_request_id}.json",
                api.guarded(api.request),
                methods=["GET"],
            ),
        ],
    )
